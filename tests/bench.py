"""`make bench`: the weight of every parent and guide page, and Lighthouse on them.

Serves the app with gunicorn on a free loopback port, on a temporary SQLite database
holding the demo plus the records the page registry (tests/pages.py) makes, and for
every parent and guide page and state in the registry loads it cold (fresh context,
cache disabled) at phone size in Debian's Chromium, counting through the DevTools
protocol what crossed the wire. Budgets, per page:

  first render  the HTML + every render-blocking resource, compressed as served,
                <= 14,600 B (one TCP initial window: paint after one round trip)
  whole page    everything, compressed as served, <= 30,000 B
  JavaScript    all scripts, compressed, <= 6,000 B
  fonts         none
  compression   the server itself sends HTML, CSS and JS as brotli or gzip

Then Lighthouse (mobile preset, simulated slow 4G) on each parent and guide page
(one per endpoint, signed in where needed): performance, accessibility and best
practices must each score 100. Prints both tables; exits 1 when anything is over
budget or under 100, 2 when something could not be measured.

Then the load test (tests/load.py): 200 parents, 20 at a time, against gunicorn with
4 workers, on SQLite and (when TEST_DATABASE_URL names a PostgreSQL server) on a
temporary PostgreSQL database: requests per second, median and 95th percentile per
step, every word read back.

    .venv/bin/python -m tests.bench [--no-lighthouse] [--only ENDPOINT_PREFIX]
                                    [--no-load | --load-only] [--parents 200]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PHONE = {"width": 360, "height": 740}

FIRST_RENDER_BUDGET = 14_600
PAGE_BUDGET = 30_000
JS_BUDGET = 6_000
AUDIENCES = ("parent.", "guide.")
KIND = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "font", "Image": "image"}
MIN_COMPRESSED = 300  # Flask-Compress leaves smaller bodies alone: compressing them gains nothing


@dataclass
class Figures:
    label: str
    status: int | None = None
    requests: int = 0
    first_render: int = 0
    blocking: int = 0
    total: int = 0
    decoded: int = 0
    js: int = 0
    fonts: int = 0
    encodings: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---- serving the app ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(url: str):
    """Migrate, load the demo, and make what the registry's pages need. Returns
    (app, world, visits to measure)."""
    from portal import create_app, demo
    from portal.db import session
    from portal.migrate import upgrade
    from tests.pages import World, all_visits

    app = create_app({"DATABASE_URL": url})
    upgrade(app.extensions["db_engine"])
    ctx = app.test_request_context()
    ctx.push()
    demo.load(app.extensions["profile"])
    session().commit()
    world = World(app, session())
    visits = [v for v in all_visits(app, world) if v.endpoint.startswith(AUDIENCES)]
    session().commit()
    return app, world, visits


def serve(url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, PORTAL_ENV="development")
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-", "--log-level", "warning", "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn stopped: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start within 30 s")


# ---- measuring one page ------------------------------------------------------------------------


class Collector:
    """Every request of one load, from the DevTools protocol's network events."""

    def __init__(self, cdp):
        self.cdp, self.rows = cdp, {}
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event):
        rid = event["requestId"]
        if rid in self.rows and event.get("redirectResponse"):
            hop = self.rows.pop(rid)
            hop.update(wire=event["redirectResponse"].get("encodedDataLength", 0), redirect=True)
            self.rows[f"{rid}:{len(self.rows)}"] = hop
        self.rows[rid] = {"url": event["request"]["url"], "type": event.get("type", "Other"),
                          "wire": 0, "headers": 0, "encoding": "", "redirect": False}

    def _response(self, event):
        row = self.rows.get(event["requestId"])
        if row is not None:
            response = event["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            row.update(status=response["status"], encoding=headers.get("content-encoding", ""),
                       headers=response.get("encodedDataLength", 0) or 0,
                       type=event.get("type", row["type"]))

    def _finished(self, event):
        row = self.rows.get(event["requestId"])
        if row is not None:
            row["wire"] = event.get("encodedDataLength", 0)

    def body(self, rid: str) -> bytes:
        try:
            got = self.cdp.send("Network.getResponseBody", {"requestId": rid})
        except Exception:
            return b""
        return base64.b64decode(got["body"]) if got.get("base64Encoded") else got["body"].encode()


def measure(browser, base: str, world, visit) -> Figures:
    from tests.pages import sign_in, submit_form

    figures = Figures(visit.label)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, base, visit.who, world)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable", {"maxTotalBufferSize": 50_000_000})
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        collector = Collector(cdp)
        if visit.submit:
            page.goto(base + visit.path)
            collector.rows.clear()
            response = submit_form(page, visit)
        else:
            response = page.goto(base + visit.path)
        page.wait_for_load_state("networkidle")
        figures.status = response.status if response else None
        blocking = page.evaluate(
            """() => Object.fromEntries(performance.getEntriesByType('resource')
                 .map(e => [e.name, e.renderBlockingStatus]))"""
        )
        document_url = page.url.split("#")[0]
        for rid, row in list(collector.rows.items()):
            if row["url"].startswith("data:"):
                continue
            kind = KIND.get(row["type"], "other")
            body = b"" if row["redirect"] else collector.body(rid)
            if row["encoding"]:  # as served: the body's bytes on the wire
                served = max(0, row["wire"] - row["headers"])
            else:  # not compressed by the server: what gzip would make of it
                served = len(gzip.compress(body, 9))
            figures.requests += 1
            figures.total += served
            figures.decoded += len(body)
            if kind == "js":
                figures.js += served
            if kind == "font":
                figures.fonts += 1
            is_document = (kind == "html" and not row["redirect"]
                           and row["url"].split("#")[0] == document_url)
            if is_document or blocking.get(row["url"]) == "blocking":
                figures.first_render += served
                figures.blocking += 0 if is_document else 1
            if kind in ("html", "css", "js") and len(body) >= MIN_COMPRESSED:
                figures.encodings.add(row["encoding"] or "none")
                if row["encoding"] not in ("br", "gzip"):
                    message = f"{row['url']} sent uncompressed ({len(body)} B)"
                    if 200 <= row.get("status", 200) < 300:
                        figures.problems.append(message)
                    else:  # counted above at its gzip size, so the budgets still hold
                        figures.notes.append(message + ": Flask-Compress never compresses "
                                             "a response with an error status")
    finally:
        context.close()
    if figures.status != visit.status:
        figures.problems.append(f"HTTP {figures.status}, expected {visit.status}")
    if figures.first_render > FIRST_RENDER_BUDGET:
        figures.problems.append(f"first render {figures.first_render} B > {FIRST_RENDER_BUDGET}")
    if figures.total > PAGE_BUDGET:
        figures.problems.append(f"whole page {figures.total} B > {PAGE_BUDGET}")
    if figures.js > JS_BUDGET:
        figures.problems.append(f"JavaScript {figures.js} B > {JS_BUDGET}")
    if figures.fonts:
        figures.problems.append(f"{figures.fonts} web font(s)")
    return figures


# ---- Lighthouse -------------------------------------------------------------------------------


def lighthouse(url: str, cookie: str | None, attempts: int = 2) -> dict:
    """Lighthouse's scores for one page. Lighthouse now and then fails to record its
    trace on a busy machine ("Something went wrong with recording the trace"): try again."""
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


# ---- the run ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--only", default="", help="measure only endpoints starting with this")
    parser.add_argument("--no-load", action="store_true", help="skip the load test (tests/load.py)")
    parser.add_argument("--load-only", action="store_true", help="only the load test")
    parser.add_argument("--parents", type=int, default=200, help="parents in the load test")
    args = parser.parse_args()
    if args.load_only:
        from tests import load

        return 0 if load.bench_all(args.parents) else 1

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        _app, world, visits = prepare_database(url)
        visits = [v for v in visits if v.endpoint.startswith(args.only)]
        port = free_port()
        server = serve(url, port)
        base = f"http://127.0.0.1:{port}"
        failed = errors = 0
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                failed, errors = weigh(browser, base, world, visits)
                if not args.no_lighthouse:
                    f, e = score(browser, base, world, visits)
                    failed, errors = failed + f, errors + e
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    if not args.no_load:
        from tests import load

        failed += not load.bench_all(args.parents)
    verdict = "ERROR" if errors else "FAIL" if failed else "PASS"
    print(f"\nBENCH: {verdict} ({failed} over budget or under 100, {errors} not measured)")
    return 2 if errors else 1 if failed else 0


def weigh(browser, base, world, visits) -> tuple[int, int]:
    print(f"Page weight, cold load at {PHONE['width']}x{PHONE['height']}, bytes compressed as "
          f"served (budgets: first render {FIRST_RENDER_BUDGET}, page {PAGE_BUDGET}, "
          f"JS {JS_BUDGET}, no fonts)\n")
    header = (f"{'page':<58} {'req':>3} {'block':>5} {'first':>6} {'total':>6} {'decoded':>7} "
              f"{'js':>5} {'font':>4} {'enc':<6} verdict")
    print(header)
    print("-" * len(header))
    failed = errors = 0
    for visit in visits:
        try:
            f = measure(browser, base, world, visit)
        except Exception as error:
            errors += 1
            print(f"{visit.label[:58]:<58} ERROR {str(error).splitlines()[0]}")
            continue
        failed += bool(f.problems)
        encoding = ",".join(sorted(f.encodings)) or "-"
        print(f"{f.label[:58]:<58} {f.requests:>3} {f.blocking:>5} {f.first_render:>6} "
              f"{f.total:>6} {f.decoded:>7} {f.js:>5} {f.fonts:>4} {encoding:<6} "
              f"{'OVER' if f.problems else 'ok'}")
        for problem in f.problems:
            print(f"    {problem}")
        for note in f.notes:
            print(f"    note: {note}")
    print("\n(block = render-blocking requests beyond the HTML; first = HTML + those; "
          "decoded = uncompressed bytes of everything)")
    return failed, errors


def score(browser, base, world, visits) -> tuple[int, int]:
    print("\nLighthouse, mobile preset (simulated slow 4G, 4x CPU): each score must be 100\n")
    header = f"{'page':<58} {'perf':>4} {'a11y':>4} {'bp':>4} verdict"
    print(header)
    print("-" * len(header))
    seen, cookies, failed, errors = set(), {}, 0, 0
    for visit in visits:
        if visit.submit or visit.endpoint in seen or visit.status != 200:
            continue
        seen.add(visit.endpoint)
        try:
            if visit.who not in cookies:
                cookies[visit.who] = session_cookie(browser, base, world, visit.who)
            result = lighthouse(base + visit.path, cookies[visit.who])
            if any(v < 100 for v in result["scores"].values()):
                # Simulated throttling scales what this machine measured, so a busy
                # machine can cost a few points: measure once more and say so.
                first = result
                result = lighthouse(base + visit.path, cookies[visit.who])
                result["retried"] = first
        except Exception as error:
            errors += 1
            print(f"{visit.label[:58]:<58} ERROR {str(error).splitlines()[0][:120]}")
            continue
        s = result["scores"]
        low = any(v < 100 for v in s.values())
        failed += low
        print(f"{visit.label[:58]:<58} {s.get('performance', 0):>4} {s.get('accessibility', 0):>4} "
              f"{s.get('best-practices', 0):>4} {'LOW' if low else 'ok'}")
        if result["final_url"].split("?")[0] != (base + visit.path).split("?")[0]:
            print(f"    landed on {result['final_url']}")
        for audit in result["failing"]:
            print(f"    {audit}")
        if "retried" in result:
            earlier = result["retried"]
            scores = " ".join(f"{k} {v}" for k, v in earlier["scores"].items())
            print(f"    measured twice; the first run scored {scores}: "
                  + ", ".join(earlier["failing"]))
    return failed, errors


if __name__ == "__main__":
    sys.exit(main())
