"""What the bench's parts share: the app on a database, served by gunicorn on a free
loopback port, a signed-in parent's cookie, and Chromium.

`Bench` starts each thing the first time a part asks for it and stops everything at
the end of the run, so parts that need the same server or browser share it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
# The PostgreSQL server the bench may use (a database of its own is made and dropped).
POSTGRES = os.environ.get("BENCH_POSTGRES", os.environ.get("TEST_DATABASE_URL",
                                                            "postgresql://postgres@127.0.0.1:5432/test"))


@dataclass
class Outcome:
    """What one part found: how many things failed their target, how many could not be
    measured (the run then exits 2)."""

    failed: int = 0
    errors: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextlib.contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int = 2):
    """Serve a WSGI `module:app` with gunicorn on a free loopback port; yields the base URL.
    The same settings for the portal and the bare handler it is compared with. Its log
    goes to a file (a pipe nobody reads would stop the server once full); errors in it
    are printed when the server stops."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log")
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {_tail(log)}")
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start within 30 s")
            time.sleep(0.2)
        time.sleep(0.5)  # let every worker finish importing the app
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if "Traceback" in (text := _tail(log, 4000)):
            print(f"\n{target} logged errors (the last of them):\n{text}")
        log.close()


def _tail(log, size: int = 2000) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-size:]


@contextlib.contextmanager
def postgres_database(name_hint: str):
    """A fresh PostgreSQL database for this run; dropped afterwards. Yields its URL."""
    from sqlalchemy import create_engine, text

    name = f"bench_{name_hint}_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_app(url: str, **config):
    """The app on a migrated database at `url` (the bench's own SECRET_KEY, so cookies
    made here work in the gunicorn workers); `config` overrides settings."""
    from portal import create_app
    from portal.migrate import upgrade

    app = create_app({"DATABASE_URL": url, **config})
    upgrade(app.extensions["db_engine"])
    return app


class Bench:
    """One run of `make bench`: its options and the resources its parts share."""

    def __init__(self, args):
        self.args = args
        self.stack = contextlib.ExitStack()
        self.tmp = Path(self.stack.enter_context(tempfile.TemporaryDirectory()))
        # Every process of the run signs cookies with this key: cookies made in this
        # process (a signed-in parent's) work in the gunicorn workers.
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
        self._demo = None
        self._browser = None

    def close(self) -> None:
        self.stack.close()

    def server_env(self, url: str) -> dict[str, str]:
        return {"DATABASE_URL": url, "PORTAL_ENV": "development",
                "SECRET_KEY": os.environ["SECRET_KEY"]}

    def demo(self):
        """The demo council plus what the page registry makes, on SQLite, served by
        gunicorn: (base URL, World, every registered visit)."""
        if self._demo is None:
            from portal import demo
            from portal.db import session
            from tests.pages import World, all_visits

            url = f"sqlite:///{self.tmp}/bench.db"
            app = migrated_app(url)
            ctx = app.test_request_context()
            ctx.push()
            self.stack.callback(ctx.pop)
            demo.load(app.extensions["profile"])
            session().commit()
            world = World(app, session())
            visits = all_visits(app, world)
            session().commit()
            base = self.stack.enter_context(gunicorn("app:app", self.server_env(url)))
            self._demo = (base, world, visits)
        return self._demo

    def browser(self):
        if self._browser is None:
            if not Path(CHROMIUM).exists():
                raise RuntimeError(f"Chromium not found at {CHROMIUM}")
            from playwright.sync_api import sync_playwright

            playwright = self.stack.enter_context(sync_playwright())
            self._browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
            self.stack.callback(self._browser.close)
        return self._browser


def parent_cookie(app, token: str, code: str) -> str:
    """Sign a parent in through the real sign-in pages (in process, with the test client)
    and return the Cookie header that carries their session."""
    import re

    from portal.invitations import link_path

    client = app.test_client()
    client.get(link_path(token))
    page = client.get("/sign-in").get_data(as_text=True)
    token_field = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    response = client.post("/sign-in", data={"csrf_token": token_field.group(1), "secret": code})
    if response.status_code != 302:
        raise RuntimeError(f"parent sign-in failed: HTTP {response.status_code}")
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    return f"{name}={cookie.value}"
