"""`make migration m="..."`: write a new Alembic revision from the models' changes.

It compares the models with a scratch SQLite database brought to the current head,
so it needs no running database and never touches real data.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from portal.db import make_engine
from portal.migrate import alembic_config, upgrade


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        upgrade(engine)
        command.revision(alembic_config(engine), message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else "change")
