"""Secrets shown to one member of staff, kept server-side and used once.

The readable session cookie holds only a row id (`held:<purpose>`); the secret itself
is in the held_secret table, encrypted with ENCRYPTION_KEYS, bound to the account, and
deleted when taken or after 15 minutes. A cookie saved earlier and replayed finds
nothing: the row is gone.

    held_secrets.hold("letter", user, {"token": ..., "code": ...})
    held_secrets.take("letter", user)      # the value, once; then None
    held_secrets.peek("totp_enrol", user)  # the value, kept until taken
"""

from datetime import timedelta
from typing import Any

from flask import session as cookie
from sqlalchemy import delete

from portal.db import session
from portal.models import HeldSecret, StaffUser
from portal.models._types import utcnow

LIFETIME = timedelta(minutes=15)


def _key(purpose: str) -> str:
    return f"held:{purpose}"


def hold(purpose: str, user: StaffUser, value: Any) -> None:
    """Keep `value` for this user and purpose, replacing one held before."""
    db = session()
    db.execute(delete(HeldSecret).where(HeldSecret.expires_at < utcnow()))
    _forget(purpose, user)
    row = HeldSecret(
        staff_id=user.id, purpose=purpose, value=value, expires_at=utcnow() + LIFETIME
    )
    db.add(row)
    db.flush()
    cookie[_key(purpose)] = row.id


def _row(purpose: str, user: StaffUser) -> HeldSecret | None:
    row_id = cookie.get(_key(purpose))
    if not isinstance(row_id, int):
        return None
    row = session().get(HeldSecret, row_id)
    if row is None or row.staff_id != user.id or row.purpose != purpose:
        return None
    if row.expires_at <= utcnow():
        return None
    return row


def peek(purpose: str, user: StaffUser) -> Any | None:
    row = _row(purpose, user)
    return row.value if row is not None else None


def take(purpose: str, user: StaffUser) -> Any | None:
    """The value, once: the row is deleted and the cookie forgets it."""
    row = _row(purpose, user)
    _forget(purpose, user)
    return row.value if row is not None else None


def _forget(purpose: str, user: StaffUser) -> None:
    row_id = cookie.pop(_key(purpose), None)
    if isinstance(row_id, int):
        session().execute(
            delete(HeldSecret).where(HeldSecret.id == row_id, HeldSecret.staff_id == user.id)
        )
