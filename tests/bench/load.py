"""The load test (tests/load.py, issue 13): 200 parents, 20 at a time, each signing in,
saving every views page and sending, against gunicorn with 4 workers, on SQLite and on
PostgreSQL when TEST_DATABASE_URL names a server; every word read back."""

from __future__ import annotations

from tests.bench.serving import Bench, Outcome

NAME = "load"


def run(bench: Bench) -> Outcome:
    from tests import load

    return Outcome(failed=0 if load.bench_all(bench.args.parents) else 1)
