"""Throughput: what a signed-in parent's pages cost next to a bare Flask handler.

wrk (16 connections, 2 threads) against gunicorn with 2 workers, the same settings
for the portal and for tests/bench/bare.py. The bare handler is measured again right
before each portal page, so the comparison holds on a machine others are using too:
each page's requests per second are shown as a share of the bare handler's.
Target: the task list at 20% or more of the bare handler, on SQLite and PostgreSQL.

Then 20 parents save a views page at once (each signed in through the real pages,
each pressing Continue again as soon as the page after it has come back, after a
second of "typing"): the save step's (the POST's) median and 95th percentile.
Target: p95 under 50 ms.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

from tests.bench.serving import (
    Bench,
    Outcome,
    gunicorn,
    median,
    migrated_app,
    parent_cookie,
    percentile,
    postgres_database,
)

NAME = "throughput"
SECONDS = 10
CONNECTIONS = 16
SHARE_TARGET = 0.20  # the task list's requests per second, as a share of the bare handler's
SAVERS = 20
SAVES_EACH = 8
THINK_SECONDS = 1.0
SAVE_P95_TARGET_MS = 50
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


@dataclass
class Wrk:
    rps: float
    p50_ms: float
    p95_ms: float
    bad: int  # non-2xx/3xx answers and socket errors


def wrk(url: str, cookie: str | None = None, seconds: int = SECONDS) -> Wrk:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(WRK_SCRIPT), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    line = next((x for x in result.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {result.stderr.strip()[-300:] or result.stdout[-300:]}")
    data = json.loads(line.removeprefix("WRKJSON "))
    bad = data["status"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    return Wrk(data["requests"] / (data["duration_us"] / 1e6), data["p50"] / 1000,
               data["p95"] / 1000, bad)


# ---- a family to measure -------------------------------------------------------------------


def family(app, parents: int) -> list[tuple[str, str]]:
    """A conference with a shared report and `parents` invitations, one of them with some
    answers; returns each parent's (link token, access code)."""
    from portal import answers, questions
    from portal.db import session
    from tests.conftest import make_invitation
    from tests.pages import World

    with app.test_request_context():
        world = World(app, session())
        conference = world.conference
        logins = []
        for number in range(parents):
            invitation, token, code = make_invitation(session(), conference,
                                                      name=f"Parent {number}")
            logins.append((token, code))
            if number == 0:
                first = questions.PAGES[0]
                answers.save_answers(invitation, {first.questions[0].key: "We are working on it."})
                answers.mark_page_saved(invitation, f"views.{first.slug}")
        session().commit()
    return logins


# ---- 20 parents saving at once ---------------------------------------------------------------


class Parent:
    """One parent's browser, as far as the save step needs: a connection and a cookie."""

    def __init__(self, base: str, cookie: str):
        parsed = urlparse(base)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        self.cookies = dict([cookie.split("=", 1)])

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, data


def saves(base: str, cookies: list[str]) -> tuple[list[float], int]:
    """Each parent opens the first views page, then saves it SAVES_EACH times with new
    words. Returns the POSTs' latencies (ms) and how many did not redirect onward."""
    from portal import questions

    page = questions.PAGES[0]
    path = f"/views/{page.slug}"
    key = page.questions[0].key
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(cookies))

    def one(number: int, cookie: str) -> None:
        parent = Parent(base, cookie)
        status, html = parent.request("GET", path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        if status != 200 or token is None:
            with lock:
                failures[0] += SAVES_EACH
            start.wait()
            return
        start.wait()
        rng = random.Random(number)
        for save in range(SAVES_EACH):
            body = urlencode({"csrf_token": token.group(1),
                              key: f"Parent {number}, save {save}: ትግርኛ العربية 中文"})
            began = time.perf_counter()
            status, _html = parent.request("POST", path, body)
            took = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(took)
                failures[0] += status != 302
            time.sleep(THINK_SECONDS * rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=one, args=(n, c)) for n, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0]


# ---- the part ---------------------------------------------------------------------------------


@contextlib.contextmanager
def database(bench: Bench, kind: str):
    if kind == "SQLite":
        yield f"sqlite:///{bench.tmp}/throughput.db"
    else:
        with postgres_database("throughput") as url:
            yield url


def run(bench: Bench) -> Outcome:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk not found: apt-get install wrk")
    seconds = bench.args.seconds
    outcome = Outcome()
    print(f"wrk -c{CONNECTIONS} -t2 -d{seconds}s; gunicorn -w 2 for every server; the bare "
          "Flask handler measured again before each page\n")
    header = (f"{'database':<10} {'page':<26} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
              f"{'bare req/s':>10} {'share':>6}  verdict")
    print(header)
    print("-" * len(header))
    save_rows = []
    with gunicorn("tests.bench.bare:app", {}) as bare:
        for kind in ("SQLite", "PostgreSQL"):
            with database(bench, kind) as url:
                app = migrated_app(url)
                logins = family(app, SAVERS + 1)
                cookies = [parent_cookie(app, token, code) for token, code in logins]
                app.extensions["db_engine"].dispose()
                with gunicorn("app:app", bench.server_env(url)) as base:
                    for label, path, target in [("task list", "/tasks", SHARE_TARGET),
                                                ("views page", "/views/risks", None)]:
                        reference = wrk(bare + "/", seconds=seconds)
                        measured = wrk(base + path, cookies[0], seconds=seconds)
                        share = measured.rps / reference.rps
                        low = (target is not None and share < target) or measured.bad > 0
                        outcome.failed += low
                        verdict = ("LOW" if low else "ok") + (f" ({measured.bad} errors)"
                                                              if measured.bad else "")
                        print(f"{kind:<10} {label + ' ' + path:<26} {measured.rps:>7.0f} "
                              f"{measured.p50_ms:>7.1f} {measured.p95_ms:>7.1f} "
                              f"{reference.rps:>10.0f} {share:>6.1%}  {verdict}"
                              + (f" (target {target:.0%})" if target else ""), flush=True)
                    latencies, failures = saves(base, cookies[1:])
                    save_rows.append((kind, latencies, failures))
    print(f"\nA views page saved by {SAVERS} parents at once, {SAVES_EACH} times each, about "
          f"{THINK_SECONDS:.0f} s apart (target: p95 under {SAVE_P95_TARGET_MS} ms)\n")
    header = f"{'database':<10} {'saves':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}  verdict"
    print(header)
    print("-" * len(header))
    for kind, latencies, failures in save_rows:
        p95 = percentile(latencies, 95)
        low = p95 >= SAVE_P95_TARGET_MS or failures > 0
        outcome.failed += low
        print(f"{kind:<10} {len(latencies):>5} {median(latencies):>7.1f} {p95:>7.1f} "
              f"{max(latencies, default=0):>7.1f}  {'SLOW' if low else 'ok'}"
              + (f" ({failures} did not save)" if failures else ""))
    return outcome
