"""`make bench`: the portal measured, part by part, in one run.

    .venv/bin/python -m tests.bench [--parts weight,lighthouse,...] [--only ENDPOINT_PREFIX]

The parts, in the order they run (each a module of this package with NAME and
run(bench) -> Outcome; add a part by writing one and naming it here):

  weight      every parent and guide page cold on a phone, bytes as sent, against budgets
  lighthouse  Lighthouse on each parent and guide page, three runs, every score 100
  throughput  requests per second of the task list and a views page next to a bare Flask
              handler (same gunicorn settings), on SQLite and PostgreSQL; a parent's save
              step with 20 parents saving at once
  load        200 parents, 20 at a time, sign in, save and send; every word read back
              (tests/load.py), SQLite and PostgreSQL
  scale       a council of 50,000 conferences on PostgreSQL: the dashboard, a conference
              page, the family's views and the timeliness view, with EXPLAIN plans

Exits 1 when anything is over budget or misses its target, 2 when something could not
be measured.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.bench import lighthouse, load, scale, throughput, weight
from tests.bench.serving import Bench, Outcome

PARTS = {part.NAME: part for part in (weight, lighthouse, throughput, load, scale)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated, from: {', '.join(PARTS)} (default: all)")
    parser.add_argument("--no-lighthouse", action="store_true", help="leave out lighthouse")
    parser.add_argument("--no-load", action="store_true", help="leave out load")
    parser.add_argument("--load-only", action="store_true", help="only load")
    parser.add_argument("--parents", type=int, default=200, help="load: how many parents")
    parser.add_argument("--only", default="", help="weigh and score only endpoints starting so")
    parser.add_argument("--conferences", type=int, default=scale.CONFERENCES,
                        help="scale: how many conferences the council has")
    parser.add_argument("--seconds", type=int, default=throughput.SECONDS,
                        help="throughput: seconds of wrk per page")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.parts.split(",") if n.strip()]
    if args.load_only:
        names = ["load"]
    for flag, part in ((args.no_lighthouse, "lighthouse"), (args.no_load, "load")):
        if flag:
            names = [n for n in names if n != part]
    unknown = [n for n in names if n not in PARTS]
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")

    bench = Bench(args)
    results: dict[str, Outcome] = {}
    try:
        for name in names:
            started = time.monotonic()
            print(f"\n==== {name} " + "=" * (70 - len(name)) + "\n", flush=True)
            try:
                results[name] = PARTS[name].run(bench)
            except Exception as error:  # one part failing to measure does not hide the others
                print(f"{name}: could not measure: {error}")
                results[name] = Outcome(errors=1)
            print(f"\n({name}: {time.monotonic() - started:.0f} s)", flush=True)
    finally:
        bench.close()
    failed = sum(r.failed for r in results.values())
    errors = sum(r.errors for r in results.values())
    verdict = "ERROR" if errors else "FAIL" if failed else "PASS"
    parts = ", ".join(f"{n} {'ok' if not (r.failed or r.errors) else 'FAIL'}"
                      for n, r in results.items())
    print(f"\nBENCH: {verdict} ({parts}; {failed} over budget or off target, "
          f"{errors} not measured)")
    return 2 if errors else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
