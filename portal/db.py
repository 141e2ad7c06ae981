"""The engine and the session: one unit of work per request.

Views call `session()`; the request's work is committed after a response that
succeeded (below 400) and rolled back otherwise, with no exceptions and nothing that
commits or rolls back halfway through a view. The one record that must outlive an
error response, a sign-in try, is written in a `separate_transaction()` of its own
(see portal.throttle); a row two requests may race to add is written with
`insert_unless_taken()`. Only this module creates engines.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import MetaData, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)

    @app.after_request
    def _commit(response):
        db = g.pop("db", None)
        if db is not None:
            try:
                if response.status_code < 400:
                    db.commit()
                else:
                    db.rollback()
            except OperationalError as error:
                # The database went away at the commit itself: the app's handler for it
                # (the friendly 503 page, portal.errors) answers, as it does for a
                # failure inside the view; Flask would otherwise answer 500 here.
                return app.make_response(app.handle_user_exception(error))
            finally:
                db.close()
        return response

    @app.teardown_appcontext
    def _close(_exc):
        db = g.pop("db", None)
        if db is not None:
            db.rollback()
            db.close()


def session() -> Session:
    """The current request's session (or the CLI command's, inside an app context)."""
    if "db" not in g:
        g.db = current_app.extensions["db_sessionmaker"]()
    return g.db


@contextmanager
def separate_transaction() -> Iterator[Session]:
    """A short transaction of its own, committed as the block ends whatever becomes of
    the request's. Only for a row that needs nothing the request has not committed."""
    with current_app.extensions["db_sessionmaker"].begin() as own:
        yield own


def insert_unless_taken(model: type, values: dict, unique: list[str]) -> bool:
    """INSERT a row unless one with the same `unique` columns exists (ON CONFLICT DO
    NOTHING, on SQLite and PostgreSQL alike). Two requests racing to add the same row
    (a double click) never fail, and nothing else of the loser's work is rolled back.
    Returns whether the row was added."""
    dialect = session().get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    key = inspect(model).primary_key[0]
    added = session().execute(
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=unique)
        # RETURNING, not rowcount: an ORM-enabled insert reports no reliable rowcount on
        # PostgreSQL, where every add then looked like the loser of a race.
        .returning(key)
    ).scalar_one_or_none()
    return added is not None


def engine() -> Engine:
    return current_app.extensions["db_engine"]
