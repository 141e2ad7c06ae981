"""Re-encrypting every encrypted column with the first key of ENCRYPTION_KEYS.

The columns are found from the models (any column typed EncryptedText or
EncryptedJSON), so a new encrypted column is rotated without being listed here.
Values are read and written as the stored tokens: nothing is decrypted into
Python objects, and a value no key opens stops the run with an error.
"""

from collections.abc import Iterator

from sqlalchemy import Column, Integer, Table, Text, bindparam, column, select, table
from sqlalchemy.engine import Engine

from portal.crypto import EncryptedText, Keyring
from portal.models import Base

BATCH = 500


def encrypted_columns() -> Iterator[tuple[Table, Column]]:
    for model_table in Base.metadata.sorted_tables:
        for col in model_table.columns:
            if isinstance(col.type, EncryptedText):
                yield model_table, col


def rotate(engine: Engine, keyring: Keyring) -> dict[str, tuple[int, int]]:
    """Re-encrypt what an older key wrote. Returns {"table.column": (checked, rewritten)};
    each batch is committed, so an interrupted run can simply be run again."""
    counts = {}
    for model_table, col in encrypted_columns():
        raw = table(model_table.name, column("id", Integer), column(col.name, Text))
        checked = rewritten = 0
        last_id = 0
        while True:
            with engine.begin() as conn:
                rows = conn.execute(
                    select(raw.c.id, raw.c[col.name])
                    .where(raw.c.id > last_id, raw.c[col.name].is_not(None))
                    .order_by(raw.c.id)
                    .limit(BATCH)
                ).all()
                changed = [
                    {"row_id": row_id, "token": keyring.rotate(token)}
                    for row_id, token in rows
                    if not keyring.is_primary(token)
                ]
                if changed:
                    conn.execute(
                        raw.update()
                        .where(raw.c.id == bindparam("row_id"))
                        .values({col.name: bindparam("token")}),
                        changed,
                    )
            checked += len(rows)
            rewritten += len(changed)
            if len(rows) < BATCH:
                break
            last_id = rows[-1][0]
        counts[f"{model_table.name}.{col.name}"] = (checked, rewritten)
    return counts

