"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL when
PORTAL_TEST_DB is set), rows cleared after each test, factories, and page checks.

Each pytest-xdist worker gets its own database.
"""

import os
import re
import secrets
from datetime import date, time, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, text

from portal import create_app
from portal.db import make_engine, session
from portal.invitations import create_invitation
from portal.migrate import upgrade
from portal.models import Base, Child, Conference, Council, StaffUser
from portal.models.conference import ConferenceKind
from portal.models.staff import Role
from portal.passwords import hash_secret

STAFF_PASSWORD = "correct horse battery staple"


def _admin_engine(pg: str):
    return create_engine(
        pg.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id, testrun_uid):
    """A fresh database for this worker of this run: a SQLite file, or a PostgreSQL
    database named for the run, so two runs at once never drop each other's."""
    pg = os.environ.get("PORTAL_TEST_DB")
    if not pg:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / f'portal-{worker_id}.db'}"
    else:
        name = f"portal_test_{testrun_uid[:8]}_{worker_id}"
        admin = _admin_engine(pg)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = pg.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    if pg:
        admin = _admin_engine(pg)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def scratch_engine(database_url, tmp_path):
    """An empty database of the same kind as the suite's, dropped afterwards."""
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        yield engine
        engine.dispose()
        return
    admin = create_engine(
        database_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    name = database_url.rsplit("/", 1)[1] + "_migrations"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(database_url.rsplit("/", 1)[0] + f"/{name}")
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from tests.pseudo import translation_directories

    app = create_app(
        {
            "PORTAL_TRANSLATIONS": translation_directories(tmp_path_factory.mktemp("pseudo")),
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": secrets.token_urlsafe(32),  # never a key written in the source
            "ARGON2_PROFILE": "cheapest",
            "SERVER_NAME": None,
        }
    )
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    engine = app.extensions["db_engine"]
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def ctx(app):
    """An app context whose session() is the test's; commit to make rows visible."""
    with app.test_request_context():
        yield session()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def use_council(app, monkeypatch):
    """Run one test as another shipped council: `use_council("county-cyps")`, or with some
    sections replaced: `use_council("westminster", timescales=full_timescales())`. The
    test app is Westminster's, whose leaflet gives no report timescale or complaint time
    limit; a test of those facts borrows a council that gives them."""
    from portal.profiles import load_profile

    def use(slug: str, **replace):
        profile = load_profile(slug).model_copy(update=replace)
        monkeypatch.setitem(app.extensions, "profile", profile)
        return profile

    return use


# ---- factories ---------------------------------------------------------------


def make_council(db, slug="westminster", name="Westminster City Council") -> Council:
    council = db.query(Council).filter_by(slug=slug).one_or_none()
    if council is None:
        council = Council(slug=slug, name=name)
        db.add(council)
        db.flush()
    return council


def make_staff(db, role=Role.SOCIAL_WORKER, email=None, name="Sam Worker", password=STAFF_PASSWORD):
    council = make_council(db)
    user = StaffUser(
        council_id=council.id,
        email=email or f"{role.value}.{os.urandom(3).hex()}@example.org",
        name=name,
        phone="020 7946 0000",
        role=role,
        password_hash=hash_secret(password),
    )
    db.add(user)
    db.flush()
    return user


def make_conference(db, days_ahead=10, kind=ConferenceKind.INITIAL, social_worker=None, **kw):
    council = make_council(db)
    conference = Conference(
        council_id=council.id,
        kind=kind,
        starts_on=kw.pop("starts_on", date.today() + timedelta(days=days_ahead)),
        starts_at=kw.pop("starts_at", time(10, 0)),
        place=kw.pop("place", "Room 2, Family Centre"),
        chair_name=kw.pop("chair_name", "Ruth Adeyemi"),
        social_worker_id=social_worker.id if social_worker else None,
        **kw,
    )
    conference.children = [Child(first_name="Amani", age=7)]
    db.add(conference)
    db.flush()
    return conference


def make_invitation(db, conference=None, name="Dana Whitfield", **kw):
    """Returns (invitation, token, code), committed so the app can see it."""
    conference = conference or make_conference(db)
    invitation, token, code = create_invitation(conference, name, **kw)
    db.commit()
    return invitation, token, code


# ---- page checks ---------------------------------------------------------------


def check_page(html: str) -> BeautifulSoup:
    """What every page must have: lang, one <h1>, a <title> starting with it (after any
    "Error:"), unique ids, and an action on every form."""
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang"), "no lang on <html>"
    assert soup.html.get("dir") in ("ltr", "rtl")
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    heading = " ".join(h1s[0].get_text().split())
    title = " ".join(soup.title.get_text().split())
    title = title.removeprefix("Error: ")
    assert title.startswith(heading), f"title {title!r} does not start with h1 {heading!r}"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in soup.find_all("form"):
        assert form.get("action"), "form without action"
        if form.get("method", "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), "POST form without CSRF token"
    return soup


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    if not match:
        match = re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


# ---- translations ------------------------------------------------------------------


def pytest_configure(config):
    """Compile every catalog that passes its checks (as `make install` does), once, before
    collection: tests parametrise over the languages the app offers. Under xdist only the
    controller compiles; the workers start after it."""
    if not hasattr(config, "workerinput"):
        from portal import catalogs

        catalogs.compile_all()


# ---- tests that run once -----------------------------------------------------------


def pytest_runtest_setup(item):
    """`make test` runs the suite on SQLite, then on PostgreSQL. The PostgreSQL pass
    skips two kinds of test whose result cannot depend on the database, which keeps
    the suite within its 10 minutes:

    - tests marked `presentation`, which check what pages look like: the accessibility
      gate walks in English and Persian, every other language's walk at 320 px, the
      broken fixture that proves each check bites, printing, the screenshots. The HTML,
      CSS and words are the same whatever the database;
    - tests that touch no database at all (no `database_url` among their fixtures, nor
      `own_postgres`, the PostgreSQL fault tests' own server): sanitising, catalogs,
      dates, profiles, keys.

    What reads and writes data runs in both: every route for every kind of user
    (tests/functional/test_access_matrix.py), the parent's, report, requests and staff
    journeys in the browser, the language journeys, the load and fault tests."""
    if not os.environ.get("PORTAL_TEST_DB"):
        return
    if item.get_closest_marker("presentation"):
        pytest.skip("what pages look like: checked in the SQLite pass")
    if not {"database_url", "own_postgres"} & set(item.fixturenames):
        pytest.skip("touches no database: run in the SQLite pass")


# ---- xdist groups ------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """`make test` runs `--dist loadgroup`: tests marked `xdist_group("name")` go to one
    worker (the browser gates share one walk per page size that way). pytest-xdist 3.8
    tags them by setting `item._nodeid`, which pytest 9 no longer reads, so the tag is
    set here the way pytest 9 names nodes. Harmless where xdist already did it."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # pytest 8: xdist's own tagging works
        return
    for item in items:
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default"))
             for m in item.iter_markers("xdist_group")}
        )
        if names and item.nodeid.rfind("@") <= item.nodeid.rfind("]"):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say how many browser tests PORTAL_SKIP_BROWSER=1 skipped: never a silent skip."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "PORTAL_SKIP_BROWSER" in str(getattr(r, "longrepr", ""))]
    if skipped:
        terminalreporter.write_line(
            f"PORTAL_SKIP_BROWSER=1: {len(skipped)} browser tests skipped (the accessibility, "
            "keyboard, reflow, HTML and journey gates did NOT run)", yellow=True, bold=True)
