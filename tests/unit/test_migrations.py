"""Migrations: the models match the head, and every revision runs up and down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from portal.db import make_engine
from portal.migrate import alembic_config, downgrade, upgrade
from portal.models import Base


def test_one_head():
    heads = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://"))).get_heads()
    assert len(heads) == 1, f"migrations have several heads: {heads}"


def test_models_match_the_head(scratch_engine):
    engine = scratch_engine
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models differ from the migrations; run make migration: {diff}"


def test_every_migration_runs_down_and_up(scratch_engine):
    engine = scratch_engine
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "invitation" in inspect(engine).get_table_names()
