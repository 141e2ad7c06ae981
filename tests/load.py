"""Parents under load: many at once sign in, save every views page and send.

Used by `make bench` (200 parents, 20 at a time, gunicorn with 4 workers, on SQLite and
on PostgreSQL) and by tests/functional/test_load.py (20 parents) and the fault tests.

    server = Server(database_url, workers=4)         # gunicorn on a free loopback port
    parents = invite(server.app, 200)                 # the function staff's invite page calls
    result = run(server.base, parents, concurrency=20)
    problems = read_back(server.app, parents)         # every word, through the app's own reads
    print(result.table())
    server.stop()

Each parent signs in with the link and code from their letter, saves every page of
"Your views" with text in several scripts (each parent's own words), checks and
sends. A step answered 503 (the database was away) is tried again after a pause,
as a person would press the button again; any other 5xx, and any unexpected
answer, is an error. Afterwards every parent's sent version and saved answers are
read back with the app's read functions (which decrypt) and compared word for word.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urljoin

import httpx

ROOT = Path(__file__).resolve().parents[1]

# Each parent writes in several scripts; every box gets its own line so a lost or
# swapped box shows. Left-to-right and right-to-left, combining marks, emoji.
SCRIPTS = (
    "We want Amani to stay at Park School; the café helps, déjà vu.",
    "نريد أن تبقى أماني في مدرستها، ونحن نحبها كثيرًا.",
    "Мы хотим, чтобы Амани осталась в своей школе.",
    "我们希望阿玛尼留在她的学校，我们很爱她。",
    "আমরা চাই আমানি তার স্কুলে থাকুক।",
    "ہم چاہتے ہیں کہ امانی اپنے اسکول میں رہے۔",
    "Chcemy, żeby Amani została w swojej szkole.",
    "अमानी अपने स्कूल में रहे, यही हम चाहते हैं।",
    "אנחנו רוצים שאמאני תישאר בבית הספר שלה.",
    "Amani okulunda kalsın istiyoruz 👨‍👩‍👧 🏫",
)
RETRY_STATUSES = {503}
RETRIES = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the server -----------------------------------------------------------------------------


class Server:
    """gunicorn serving the portal on `database_url` (migrated here), and an app object
    in this process on the same database and keys, for setting up and reading back."""

    def __init__(
        self, database_url: str, workers: int = 4, timeout: int = 30, cheap_hashes: bool = False
    ):
        from portal import create_app
        from portal.crypto import new_key
        from portal.migrate import upgrade

        self.database_url = database_url
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url,
            PORTAL_ENV="development",
            SECRET_KEY=os.urandom(32).hex(),
            ENCRYPTION_KEYS=new_key(),
            SITE_URL="http://127.0.0.1",
        )
        # The test suite hashes access codes with the cheapest argon2 settings (as in
        # tests/conftest.py), so its small load test measures the portal, not argon2.
        self.overrides = {"ARGON2_PROFILE": "cheapest"} if cheap_hashes else {}
        self.app = create_app(
            {
                "DATABASE_URL": database_url,
                "SECRET_KEY": self.env["SECRET_KEY"],
                "ENCRYPTION_KEYS": [self.env["ENCRYPTION_KEYS"]],
                **self.overrides,
            }
        )
        upgrade(self.app.extensions["db_engine"])
        self.workers, self.timeout = workers, timeout
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()  # gunicorn's own messages, read if it stops
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(self.workers),
             "-b", f"127.0.0.1:{self.port}", "--timeout", str(self.timeout),
             "--log-level", "warning", f"portal:create_app({self.overrides!r})"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log,
        )  # fmt: skip
        # Generous: on a busy 2-core machine four workers can take a minute to start.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"gunicorn stopped: {self.log.read().decode()[-2000:]}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 180 s")

    def worker_pids(self) -> list[int]:
        assert self.proc is not None
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        self.log.close()
        self.app.extensions["db_engine"].dispose()


# ---- the parents ----------------------------------------------------------------------------


@dataclass
class Parent:
    number: int
    invitation_id: int
    token: str
    code: str
    words: dict[str, str] = field(default_factory=dict)  # question key -> what they write
    reference: str = ""  # of the version they sent


def words_for(number: int) -> dict[str, str]:
    """What parent `number` writes in every box: several scripts, unique to them."""
    from portal import questions

    keys = [q.key for page in questions.PAGES for q in page.questions]
    written = {}
    for i, key in enumerate(keys):
        lines = [SCRIPTS[(number + i + n) % len(SCRIPTS)] for n in range(3)]
        written[key] = f"Parent {number}, box {key}:\n" + "\n".join(lines)
    return written


def invite(app, count: int, per_conference: int = 2) -> list[Parent]:
    """`count` parents, invited as staff's invite page does (conferences.invite_parent),
    on conferences three weeks ahead allocated to one social worker."""
    from portal import conferences, demo
    from portal.db import session
    from portal.models import StaffUser
    from portal.models.conference import ConferenceKind
    from portal.models.staff import Role
    from portal.passwords import hash_secret

    parents = []
    with app.app_context():
        council = demo.get_or_create_council(app.extensions["profile"])
        session().flush()
        worker = StaffUser(
            council_id=council.id, email=f"load.{os.urandom(4).hex()}@example.org",
            name="Sam Load", phone="020 7946 0000", role=Role.SOCIAL_WORKER,
            password_hash=hash_secret(os.urandom(16).hex()),
        )  # fmt: skip
        session().add(worker)
        session().flush()
        conference = None
        for number in range(count):
            if number % per_conference == 0:
                conference = conferences.create_conference(
                    council.id, ConferenceKind.INITIAL, date.today() + timedelta(days=21),
                    clock(10, 0), f"Room {number}, Family Centre", "Ruth Adeyemi", worker.id,
                )  # fmt: skip
            invitation, token, code = conferences.invite_parent(
                conference, f"Parent {number}", preferred_language="en"
            )
            parents.append(Parent(number, invitation.id, token, code, words_for(number)))
        session().commit()
        session().close()
    return parents


# ---- one parent's journey over HTTP ---------------------------------------------------------


class JourneyError(Exception):
    pass


class Stats:
    """Latency per step, status counts, and every 5xx, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.server_errors: list[str] = []
        self.retried: list[str] = []

    def add(self, step: str, seconds: float, status: int, url: str) -> None:
        with self.lock:
            self.latency[step].append(seconds)
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{status} {step} {url}")


class Browser:
    """One person's cookies and requests; Secure cookies flow over http://127.0.0.1 too."""

    def __init__(self, base: str, stats: Stats, timeout: float = 60):
        self.base, self.stats = base, stats
        self.client = httpx.Client(timeout=timeout)
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        self.client.close()

    def _send(self, method: str, url: str, step: str, data=None) -> httpx.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        started = time.perf_counter()
        response = self.client.request(method, url, data=data, headers=headers)
        self.stats.add(step, time.perf_counter() - started, response.status_code, url)
        for set_cookie in response.headers.get_list("set-cookie"):
            name, _, rest = set_cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in set_cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response

    def request(self, method: str, path: str, step: str, data=None) -> httpx.Response:
        """One step, redirects followed; a 503 (the database away) is tried again."""
        url = urljoin(self.base, path)
        response = self._patiently(method, url, step, data)
        hops = 0
        while response.is_redirect and hops < 5:
            url = urljoin(url, response.headers["location"])
            response = self._patiently("GET", url, step + " (redirect)")
            hops += 1
        return response

    def _patiently(self, method: str, url: str, step: str, data=None) -> httpx.Response:
        for attempt in range(RETRIES + 1):
            response = self._send(method, url, step, data)
            if response.status_code not in RETRY_STATUSES or attempt == RETRIES:
                return response
            with self.stats.lock:
                self.stats.retried.append(f"{step} {url}")
            time.sleep(0.5)
        raise AssertionError("unreachable")

    def form_token(self, html: str) -> str:
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', html
        )
        if not match:
            raise JourneyError("no form token on the page")
        return match.group(1)


def expect(response: httpx.Response, status: int, where: str, path_end: str | None = None):
    if response.status_code != status:
        raise JourneyError(f"{where}: HTTP {response.status_code}, expected {status}")
    if path_end and not response.url.path.endswith(path_end):
        raise JourneyError(f"{where}: landed on {response.url.path}, expected …{path_end}")


def sign_in(browser: Browser, parent: Parent) -> None:
    from portal.invitations import format_code, link_path

    page = browser.request("GET", link_path(parent.token), "open the link")
    expect(page, 200, "open the link", "/sign-in")
    done = browser.request(
        "POST", "/sign-in", "sign in",
        {"csrf_token": browser.form_token(page.text), "secret": format_code(parent.code)},
    )  # fmt: skip
    expect(done, 200, "sign in", "/tasks")


def save_views(browser: Browser, parent: Parent) -> None:
    from portal import questions

    for page in questions.PAGES:
        form = browser.request("GET", f"/views/{page.slug}", "open a views page")
        expect(form, 200, f"open {page.slug}")
        data = {"csrf_token": browser.form_token(form.text)}
        data.update({q.key: parent.words[q.key] for q in page.questions})
        saved = browser.request("POST", f"/views/{page.slug}", "save a views page", data)
        expect(saved, 200, f"save {page.slug}")
        if "/views/" + page.slug in saved.url.path:
            raise JourneyError(f"save {page.slug}: the page came back (not saved)")


def send(browser: Browser, parent: Parent) -> str:
    check = browser.request("GET", "/check", "check your answers")
    expect(check, 200, "check")
    page = browser.request("GET", "/send", "open send")
    expect(page, 200, "open send")
    sent = browser.request("POST", "/send", "send", {"csrf_token": browser.form_token(page.text)})
    expect(sent, 200, "send")
    found = re.search(r"/sent/([A-Z0-9-]+)$", sent.url.path)
    if not found:
        raise JourneyError(f"send: landed on {sent.url.path}, not a sent version")
    return found.group(1)


def journey(base: str, parent: Parent, stats: Stats) -> None:
    browser = Browser(base, stats)
    try:
        sign_in(browser, parent)
        save_views(browser, parent)
        parent.reference = send(browser, parent)
    finally:
        browser.close()


# ---- running many, and reading back ----------------------------------------------------------


@dataclass
class Result:
    parents: int
    concurrency: int
    seconds: float
    stats: Stats
    errors: list[str]

    @property
    def requests(self) -> int:
        return sum(self.stats.statuses.values())

    def table(self, title: str = "") -> str:
        lines = [
            f"{title}{self.parents} parents, {self.concurrency} at a time: {self.requests} "
            f"requests in {self.seconds:.1f} s = {self.requests / self.seconds:.1f} requests/s",
            f"  {'step':<34} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}",
        ]
        for step, values in sorted(self.stats.latency.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            lines.append(
                f"  {step:<34} {len(values):>5} {statistics.median(values) * 1000:>10.0f} "
                f"{p95 * 1000:>8.0f} {ordered[-1] * 1000:>8.0f}"
            )
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.stats.statuses.items()))
        lines.append(f"  statuses {statuses}; tried again after a 503: {len(self.stats.retried)}")
        return "\n".join(lines)


def run(base: str, parents: list[Parent], concurrency: int = 20) -> Result:
    stats = Stats()
    errors: list[str] = []

    def one(parent: Parent) -> None:
        try:
            journey(base, parent, stats)
        except (JourneyError, httpx.HTTPError) as error:
            errors.append(f"parent {parent.number}: {type(error).__name__}: {error}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, parents))
    return Result(len(parents), concurrency, time.perf_counter() - started, stats, errors)


def read_back(app, parents: list[Parent]) -> list[str]:
    """Every word of every parent's sent version and saved answers, read through the
    app's own functions (which decrypt), compared with what they typed."""
    from portal import answers, sending
    from portal.db import session
    from portal.models import Invitation

    problems = []
    with app.app_context():
        for parent in parents:
            invitation = session().get(Invitation, parent.invitation_id)
            saved = answers.answers_for(invitation)
            if saved != parent.words:
                problems.append(f"parent {parent.number}: saved answers differ")
            latest = sending.latest(invitation)
            if latest is None:
                problems.append(f"parent {parent.number}: nothing sent")
                continue
            if parent.reference and latest.reference != parent.reference:
                problems.append(f"parent {parent.number}: latest version is not the one sent")
            if latest.content.get("answers") != parent.words:
                problems.append(f"parent {parent.number}: the sent version's words differ")
            if len(sending.versions(invitation)) != 1:
                problems.append(f"parent {parent.number}: more than one version")
        session().close()
    return problems


def bench(database_url: str, label: str, parents: int = 200, concurrency: int = 20) -> bool:
    """The load test as `make bench` runs it: prints the table, returns whether it passed."""
    server = Server(database_url, workers=4)
    try:
        invited = invite(server.app, parents)
        result = run(server.base, invited, concurrency)
        problems = read_back(server.app, invited)
    finally:
        server.close()
    print(result.table(f"Load on {label}: "))
    for line in (result.errors + result.stats.server_errors + problems)[:20]:
        print(f"    {line}")
    ok = not (result.errors or result.stats.server_errors or problems)
    print(
        f"  read back: {parents - len({p.split(':')[0] for p in problems})}/{parents} parents' "
        f"words exactly as typed; 5xx: {len(result.stats.server_errors)}; "
        f"{'ok' if ok else 'FAIL'}"
    )
    return ok


def bench_all(parents: int = 200, concurrency: int = 20) -> bool:
    """`make bench`'s load test on SQLite, then on PostgreSQL if TEST_DATABASE_URL is set
    (in a database of its own, dropped afterwards)."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        ok &= bench(f"sqlite:///{tmp}/load.db", "SQLite", parents, concurrency)
    server_url = os.environ.get("TEST_DATABASE_URL", "")
    if not server_url.startswith("postgresql"):
        print("Load on PostgreSQL skipped: TEST_DATABASE_URL is not set")
        return ok
    from sqlalchemy import create_engine, text

    name = f"portal_load_{os.getpid()}"
    admin = create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        ok &= bench(server_url.rsplit("/", 1)[0] + f"/{name}", "PostgreSQL", parents, concurrency)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return ok
