"""encrypt family free text and second-factor secrets at rest

Revision ID: 7c1e5a0f2d94
Revises: b9d28235ae28
Create Date: 2026-11-29 17:30:00

Every existing value is encrypted with the first key of ENCRYPTION_KEYS (and
decrypted again on the way down), so this runs through the app:
`flask --app app portal migrate`.
"""

import sqlalchemy as sa
from alembic import op

revision = '7c1e5a0f2d94'
down_revision = 'b9d28235ae28'
branch_labels = None
depends_on = None

# (table, column, its plain type, nullable)
COLUMNS = [
    ('answer', 'text', sa.Text(), False),
    ('report_comment', 'text', sa.Text(), False),
    ('report_section', 'body', sa.Text(), False),
    ('report_version', 'content', sa.JSON(), False),
    ('submission', 'content', sa.JSON(), False),
    ('support_request', 'details', sa.JSON(), False),
    ('support_request', 'staff_note', sa.Text(), False),
    ('staff_user', 'totp_secret', sa.String(length=64), True),
]


def _keyring():
    keyring = op.get_context().config.attributes.get('keyring')
    if keyring is None:
        raise RuntimeError(
            'This migration encrypts existing rows and needs the keys: '
            'run it with `flask --app app portal migrate`.'
        )
    return keyring


def _rewrite(table: str, column: str, change) -> None:
    bind = op.get_bind()
    t = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.Text))
    rows = bind.execute(sa.select(t.c.id, t.c[column]).where(t.c[column].is_not(None))).all()
    if not rows:
        return
    keyring = _keyring()
    bind.execute(
        t.update().where(t.c.id == sa.bindparam('row_id')).values({column: sa.bindparam('value')}),
        [{'row_id': row_id, 'value': change(keyring, value)} for row_id, value in rows],
    )


def _set_type(table: str, column: str, new_type, nullable: bool) -> None:
    using = {}
    if op.get_bind().dialect.name == 'postgresql':
        name = 'json' if isinstance(new_type, sa.JSON) else 'text'
        using = {'postgresql_using': f'{column}::{name}'}
    with op.batch_alter_table(table) as batch:
        batch.alter_column(column, type_=new_type, existing_nullable=nullable, **using)


def upgrade() -> None:
    for table, column, plain, nullable in COLUMNS:
        if not isinstance(plain, sa.Text):
            _set_type(table, column, sa.Text(), nullable)
        _rewrite(table, column, lambda keyring, value: keyring.encrypt(value))


def downgrade() -> None:
    for table, column, plain, nullable in COLUMNS:
        _rewrite(table, column, lambda keyring, value: keyring.decrypt(value))
        if not isinstance(plain, sa.Text):
            _set_type(table, column, plain, nullable)
