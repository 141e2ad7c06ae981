"""Alembic, driven from Python: the CLI, `make run` and the tests all migrate the same way."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import current_app, has_app_context
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    # Migrations that encrypt or decrypt existing rows use the running app's keys.
    config.attributes["keyring"] = current_app.extensions["keyring"] if has_app_context() else None
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
