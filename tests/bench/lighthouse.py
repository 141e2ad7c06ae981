"""Lighthouse (mobile preset, simulated slow 4G) on each parent and guide page.

One page per endpoint, signed in where needed, measured three times: performance,
accessibility and best practices must score 100 in every run (a score under 100
fails, whichever run produced it); the table shows each category's median of the
three and, where they differ, the lowest.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

from tests.bench.serving import CHROMIUM, CHROMIUM_ARGS, ROOT, Bench, Outcome, median

NAME = "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
RUNS = 3
PHONE = {"width": 360, "height": 740}


def lighthouse(url: str, cookie: str | None, attempts: int = 2) -> dict:
    """Lighthouse's scores for one page. Lighthouse now and then fails to record its
    trace on a busy machine ("Something went wrong with recording the trace"): that run
    is made again (it produced no score at all)."""
    for attempt in range(attempts):
        try:
            return _lighthouse(url, cookie)
        except RuntimeError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _lighthouse(url: str, cookie: str | None) -> dict:
    flags = " ".join(CHROMIUM_ARGS)
    with tempfile.TemporaryDirectory() as profile:
        command = [
            str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
            "--only-categories=performance,accessibility,best-practices",
            f"--chrome-flags={flags} --user-data-dir={profile}", "--max-wait-for-load=30000",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                                env=dict(os.environ, CHROME_PATH=CHROMIUM))
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "no output")
    report = json.loads(result.stdout)
    scores = {k: round((v["score"] or 0) * 100) for k, v in report["categories"].items()}
    failing = []
    for category in report["categories"].values():
        if category["score"] is not None and category["score"] < 1:
            for ref in category["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    failing.append(f"{ref['id']} ({audit.get('displayValue', audit['score'])})")
    return {"scores": scores, "failing": failing, "final_url": report.get("finalDisplayedUrl", "")}


def session_cookie(browser, base: str, world, who: str) -> str | None:
    from tests.pages import sign_in

    if who == "public":
        return None
    context = browser.new_context(viewport=PHONE)
    try:
        sign_in(context.new_page(), base, who, world)
        return "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    finally:
        context.close()


def run(bench: Bench) -> Outcome:
    from tests.bench.weight import AUDIENCES

    base, world, visits = bench.demo()
    browser = bench.browser()
    print(f"Lighthouse, mobile preset (simulated slow 4G, 4x CPU), {RUNS} runs per page: "
          "every score of every run must be 100; the median is shown\n")
    header = f"{'page':<58} {'perf':>4} {'a11y':>4} {'bp':>4} verdict"
    print(header)
    print("-" * len(header))
    seen, cookies, outcome = set(), {}, Outcome()
    for visit in visits:
        wanted = visit.endpoint.startswith(AUDIENCES) and visit.endpoint.startswith(bench.args.only)
        if (not wanted or visit.submit or visit.endpoint in seen or visit.status != 200
                or visit.rendered is not None):
            continue
        seen.add(visit.endpoint)
        try:
            if visit.who not in cookies:
                cookies[visit.who] = session_cookie(browser, base, world, visit.who)
            results = [lighthouse(base + visit.path, cookies[visit.who]) for _ in range(RUNS)]
        except Exception as error:
            outcome.errors += 1
            print(f"{visit.label[:58]:<58} ERROR {str(error).splitlines()[0][:120]}")
            continue
        categories = ("performance", "accessibility", "best-practices")
        runs = {c: [r["scores"].get(c, 0) for r in results] for c in categories}
        low = any(v < 100 for values in runs.values() for v in values)
        outcome.failed += low
        medians = [f"{median(runs[c]):>4.0f}" for c in categories]
        print(f"{visit.label[:58]:<58} {' '.join(medians)} {'LOW' if low else 'ok'}")
        for category, values in runs.items():
            if min(values) < 100:
                print(f"    {category}: runs scored {', '.join(map(str, values))}")
        final = results[-1]["final_url"]
        if final.split("?")[0] != (base + visit.path).split("?")[0]:
            print(f"    landed on {final}")
        for audit in sorted({a for r in results for a in r["failing"]}):
            print(f"    {audit}")
    return outcome
