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
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
