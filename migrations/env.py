"""Alembic environment: the engine comes from portal.migrate (or DATABASE_URL)."""

import os

from alembic import context

from portal.db import make_engine
from portal.models import Base

config = context.config
engine = config.attributes.get("engine") or make_engine(
    os.environ.get("DATABASE_URL", "sqlite:///instance/portal.db")
)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table to change it; with foreign keys on, SQLite refuses
        # to drop a table other rows point to (e.g. conference). Off for the migration only.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
