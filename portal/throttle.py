"""Slowing down guessing, for parents and staff alike, kept in the database.

After 5 wrong tries for one invitation or account, or 20 from one address within
15 minutes, further tries wait 15 minutes. The page says so; it never says which
part of what was typed was wrong. Password reset emails are limited the same way
(kind "reset": 3 an hour per account, 10 an hour per address).

Every try, right or wrong, is recorded by `record()` in a transaction of its own,
committed at once: a wrong try's page may answer with an error status, which rolls
the request's own work back, and the try must count all the same. Parents' and
staff's sign-in pages record the same way.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.db import separate_transaction, session
from portal.models import SignInAttempt
from portal.models._types import utcnow

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20


# Password reset emails: at most 3 an hour for one account, 10 an hour from one address.
RESET_WINDOW = timedelta(hours=1)
RESET_PER_ACCOUNT = 3
RESET_PER_ADDRESS = 10


def blocked_until(
    kind: str,
    address: str,
    invitation_id: int | None = None,
    staff_id: int | None = None,
    *,
    per_account: int = PER_ACCOUNT,
    per_address: int = PER_ADDRESS,
    window: timedelta = WINDOW,
) -> datetime | None:
    """When tries may start again, or None if they may go ahead now."""
    since = utcnow() - window
    failures = select(SignInAttempt.at).where(
        SignInAttempt.kind == kind, SignInAttempt.succeeded.is_(False), SignInAttempt.at > since
    )
    checks = [(failures.where(SignInAttempt.address == address), per_address)]
    if invitation_id is not None:
        checks.append((failures.where(SignInAttempt.invitation_id == invitation_id), per_account))
    if staff_id is not None:
        checks.append((failures.where(SignInAttempt.staff_id == staff_id), per_account))
    latest = None
    for query, limit in checks:
        recent = session().scalars(query.order_by(SignInAttempt.at.desc()).limit(limit)).all()
        if len(recent) >= limit:
            until = recent[0] + window
            latest = max(latest, until) if latest else until
    return latest


def reset_allowed(address: str, staff_id: int | None) -> bool:
    """Whether another reset email may go (to this account, asked from this address).
    Every request counts, for an unknown address too, so the limit says nothing about
    which accounts exist."""
    blocked = blocked_until(
        "reset", address, staff_id=staff_id, per_account=RESET_PER_ACCOUNT,
        per_address=RESET_PER_ADDRESS, window=RESET_WINDOW,
    )
    if blocked is None:
        record("reset", address, False, staff_id=staff_id)
    return blocked is None


def record(
    kind: str,
    address: str,
    succeeded: bool,
    invitation_id: int | None = None,
    staff_id: int | None = None,
) -> None:
    """Record a try, committed now (see the module's docstring)."""
    with separate_transaction() as own:
        own.add(
            SignInAttempt(
                kind=kind, address=address, succeeded=succeeded,
                invitation_id=invitation_id, staff_id=staff_id,
            )
        )

