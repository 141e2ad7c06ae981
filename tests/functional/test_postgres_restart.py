"""PostgreSQL restarting under the app: a friendly page for what was in flight, nothing
saved lost, and the app recovers by itself (pool_pre_ping), without a restart.

Runs against a PostgreSQL instance of its own (initdb in a temporary folder, its own
port), never the shared server the rest of the suite uses: it is stopped and restarted.
Runs in the PostgreSQL run of the suite (PORTAL_TEST_DB set), where the binaries are.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from tests import load
from tests.conftest import check_page

pytestmark = [
    pytest.mark.xdist_group("gunicorn"),
    pytest.mark.skipif(
        not os.environ.get("PORTAL_TEST_DB"), reason="the PostgreSQL run tries PostgreSQL faults"
    ),
]


def _bin_dir() -> str | None:
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(candidates[-1]) if candidates else None


class OwnPostgres:
    """A throwaway PostgreSQL cluster in `folder`, on `port`, trust auth on loopback.
    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user."""

    def __init__(self, folder: str, port: int):
        self.bin, self.port = _bin_dir(), port
        self.data, self.logfile = os.path.join(folder, "data"), os.path.join(folder, "log")
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(folder, "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE portal"))
        admin.dispose()

    def url(self, database: str = "portal") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, os.path.join(self.bin, program), *args],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stdout[-500:]} {done.stderr[-1000:]}")

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {os.path.dirname(self.data)} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", self.data, "-l", self.logfile, "-o", options, "-w", *args)

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")


@pytest.fixture
def own_postgres():
    if _bin_dir() is None:
        pytest.fail("PostgreSQL's initdb and pg_ctl are not installed (.ci/run installs them)")
    # Its own folder straight under /tmp: the postgres user cannot enter pytest's.
    folder = tempfile.mkdtemp(prefix="portal-pg-")
    try:
        pg = OwnPostgres(folder, load.free_port())
        yield pg
        try:
            pg.stop()
        except RuntimeError:
            pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(own_postgres):
    running = load.Server(own_postgres.url(), workers=2, cheap_hashes=True)
    yield running
    running.close()


def test_database_away_gives_a_friendly_page_and_the_app_recovers(own_postgres, server):
    (parent,) = load.invite(server.app, 1)
    browser = load.Browser(server.base, load.Stats())
    load.sign_in(browser, parent)
    load.save_views(browser, parent)
    page = browser.request("GET", "/views/risks", "open")
    token = browser.form_token(page.text)

    own_postgres.stop()
    for method, data in (("GET", None), ("POST", {"csrf_token": token, "risks.report": "New"})):
        response = browser._send(method, server.base + "/views/risks", "away", data)
        assert response.status_code == 503, (method, response.status_code)
        assert response.headers["Retry-After"] == "30"
        check_page(response.text)
        assert "What you saved before is safe" in response.text
    own_postgres.start()

    # The same gunicorn workers, without a restart: everything saved is there.
    again = browser.request("GET", "/views/risks", "open")
    assert again.status_code == 200
    load.send(browser, parent)
    assert not load.read_back(server.app, [parent])
    browser.close()


def test_restarting_postgresql_during_the_load_loses_nothing(own_postgres, server):
    parents = load.invite(server.app, 12)
    results = {}

    def run():
        results["load"] = load.run(server.base, parents, concurrency=6)

    loading = threading.Thread(target=run)
    loading.start()
    time.sleep(2)
    own_postgres.restart()
    loading.join()
    result = results["load"]
    print(result.table("Restarting PostgreSQL during the load: "))
    assert not result.errors, (result.errors, result.stats.server_errors[:5])
    # A 503 (tried again, as a person would) is the only 5xx allowed.
    assert all(line.startswith("503") for line in result.stats.server_errors)
    # With the server back, every parent's saved and sent words are there.
    server.app.extensions["db_engine"].dispose()
    assert not load.read_back(server.app, parents)
