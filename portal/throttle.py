"""Slowing down guessing, for parents and staff alike, kept in the database.

Every try is recorded *before* it is checked, in a transaction of its own committed at
once, and only then are the recent tries counted, in a fresh transaction: of any two
tries at once, the later-recorded one always counts the other, so no number of workers
gets more tries than the limit (the check-then-record race). A try over a limit is
removed again and refused; a try that turns out right is marked so afterwards.

Parents (the link is long and random; the 8-digit code is what could be guessed):
5 wrong codes for one invitation in 15 minutes make that invitation wait 15 minutes,
from any address. An address is held back only for tries with links that open no
invitation (20 in 15 minutes), so one address, say a council's proxy, never locks out
anyone else's invitation.

Staff (`subject` is the SHA-256 of the email address as typed, so an address with no
account is limited exactly like a real one, and the answers say nothing of which exists):
5 wrong tries for one email address from one address, or 20 from one address, make that
address wait 15 minutes (429, with the time). More than 20 wrong tries for one email
address from anywhere in 15 minutes (a spread-out attack) lock that account's password
checks silently: only an address that has signed in to it within 30 days is still
checked; anyone else gets the ordinary "not right" answer whatever they type. The real
person is not locked out from where they usually work, and the attacker is not told.

Password reset emails are limited the same way (kind "reset": 3 an hour per account,
10 an hour per address).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import request
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.db import separate_transaction, session
from portal.models import SignInAttempt
from portal.models._types import utcnow

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5  # wrong tries for one invitation, or one staff email from one address
PER_ADDRESS = 20  # parents: tries with unknown links; staff: all wrong tries
PER_SUBJECT_EVERYWHERE = 20  # staff: wrong tries for one email from all addresses
KNOWN_ADDRESS = timedelta(days=30)

# Password reset emails: at most 3 an hour for one account, 10 an hour from one address.
RESET_WINDOW = timedelta(hours=1)
RESET_PER_ACCOUNT = 3
RESET_PER_ADDRESS = 10


def client_address() -> str:
    """The address a try came from: the peer, or with TRUSTED_PROXIES set, the client
    the trusted proxies name (Werkzeug's ProxyFix, applied in create_app)."""
    return (request.remote_addr or "unknown")[:64]


def subject_for(email: str) -> str:
    """What staff tries are counted by: the typed email address, hashed."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class Try:
    id: int | None
    blocked_until: datetime | None = None  # refused: say when to try again
    silent: bool = False  # refused without saying so: answer as if it were wrong

    @property
    def allowed(self) -> bool:
        return self.blocked_until is None and not self.silent


def start_try(
    kind: str,
    address: str,
    *,
    invitation_id: int | None = None,
    staff_id: int | None = None,
    subject: str | None = None,
) -> Try:
    """Record this try (as wrong, until `finish_try` says otherwise), then decide
    whether it may be checked at all."""
    with separate_transaction() as own:
        row = SignInAttempt(
            kind=kind, address=address, succeeded=False,
            invitation_id=invitation_id, staff_id=staff_id, subject=subject,
        )
        own.add(row)
        own.flush()
        row_id = row.id
    with separate_transaction() as own:
        until = _over_limit(own, kind, address, invitation_id, subject)
        silent = until is None and kind == "staff" and _locked_everywhere(own, subject, address)
        if until is not None:
            own.execute(delete(SignInAttempt).where(SignInAttempt.id == row_id))
            return Try(None, until)
    return Try(row_id, None, silent)


def finish_try(attempt: Try, succeeded: bool) -> None:
    if succeeded and attempt.id is not None:
        with separate_transaction() as own:
            own.execute(
                update(SignInAttempt).where(SignInAttempt.id == attempt.id).values(succeeded=True)
            )


def _failures(kind: str, since: datetime):
    return select(SignInAttempt.at).where(
        SignInAttempt.kind == kind, SignInAttempt.succeeded.is_(False), SignInAttempt.at > since
    )


def _checks(kind: str, address: str, invitation_id: int | None, subject: str | None):
    failures = _failures(kind, utcnow() - WINDOW)
    if kind == "parent":
        if invitation_id is not None:
            return [(failures.where(SignInAttempt.invitation_id == invitation_id), PER_ACCOUNT)]
        unknown_links = failures.where(
            SignInAttempt.address == address, SignInAttempt.invitation_id.is_(None)
        )
        return [(unknown_links, PER_ADDRESS)]
    checks = [(failures.where(SignInAttempt.address == address), PER_ADDRESS)]
    if subject is not None:
        checks.append(
            (
                failures.where(SignInAttempt.subject == subject, SignInAttempt.address == address),
                PER_ACCOUNT,
            )
        )
    return checks


def _over_limit(
    db: Session, kind: str, address: str, invitation_id: int | None, subject: str | None
) -> datetime | None:
    """When tries may start again, if this try (already recorded) is over a limit."""
    latest = None
    for query, limit in _checks(kind, address, invitation_id, subject):
        recent = db.scalars(query.order_by(SignInAttempt.at.desc()).limit(limit + 1)).all()
        if len(recent) > limit:
            until = recent[1] + WINDOW  # the newest before this one
            latest = max(latest, until) if latest else until
    return latest


def _locked_everywhere(db: Session, subject: str | None, address: str) -> bool:
    if subject is None:
        return False
    failures = _failures("staff", utcnow() - WINDOW).where(SignInAttempt.subject == subject)
    count = len(db.scalars(failures.limit(PER_SUBJECT_EVERYWHERE + 1)).all())
    if count <= PER_SUBJECT_EVERYWHERE:
        return False
    known = db.scalar(
        select(SignInAttempt.id).where(
            SignInAttempt.kind == "staff",
            SignInAttempt.subject == subject,
            SignInAttempt.address == address,
            SignInAttempt.succeeded.is_(True),
            SignInAttempt.at > utcnow() - KNOWN_ADDRESS,
        ).limit(1)
    )
    return known is None


def blocked_until(
    kind: str,
    address: str,
    invitation_id: int | None = None,
    staff_id: int | None = None,
    *,
    subject: str | None = None,
    per_account: int = PER_ACCOUNT,
    per_address: int = PER_ADDRESS,
    window: timedelta = WINDOW,
) -> datetime | None:
    """When tries may start again, or None if they may go ahead now (for showing; the
    decision is start_try's)."""
    failures = _failures(kind, utcnow() - window)
    if kind == "parent":
        checks = [(failures.where(SignInAttempt.invitation_id == invitation_id), per_account)]
        if invitation_id is None:
            checks = [(failures.where(SignInAttempt.address == address,
                                      SignInAttempt.invitation_id.is_(None)), per_address)]
    else:
        checks = [(failures.where(SignInAttempt.address == address), per_address)]
        if staff_id is not None:
            checks.append((failures.where(SignInAttempt.staff_id == staff_id), per_account))
        if subject is not None:
            checks.append((failures.where(SignInAttempt.subject == subject,
                                          SignInAttempt.address == address), per_account))
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
    """Record an event counted by a limit, committed now (whatever the request's page
    answers)."""
    with separate_transaction() as own:
        own.add(
            SignInAttempt(
                kind=kind, address=address, succeeded=succeeded,
                invitation_id=invitation_id, staff_id=staff_id,
            )
        )
