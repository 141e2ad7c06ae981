"""Staff accounts: passwords, signing in, second factor, password reset, creating accounts.

Passwords: at least 12 characters and not on a list of common passwords
(portal/data/common-passwords.txt: the 19,640 most common passwords, as shipped
with Django's CommonPasswordValidator, from Royce Williams' list). No other
composition rules: length beats complexity.
"""

import secrets
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import pyotp
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal import audit, notify
from portal.canonical import token_hash
from portal.db import session
from portal.models import StaffUser
from portal.models._types import utcnow
from portal.models.password_reset import PasswordReset
from portal.models.staff import Role
from portal.passwords import hash_secret, verify_secret

MIN_PASSWORD = 12
MAX_PASSWORD = 200
RESET_LIFETIME = timedelta(hours=1)
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with COMMON_PASSWORDS.open(encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problem(password: str, email: str = "") -> str | None:
    """What is wrong with a new password, in words to show, or None if it will do."""
    if len(password) < MIN_PASSWORD:
        return _("Password must be at least %(min)s characters long", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _("Password must be %(max)s characters or fewer", max=MAX_PASSWORD)
    squashed = " ".join(password.lower().split())
    if squashed in common_passwords() or squashed.replace(" ", "") in common_passwords():
        return _(
            "This password is too common and easy to guess. "
            "Choose another, such as three or four unrelated words"
        )
    if email and squashed == email.strip().lower():
        return _("Password must not be your email address")
    return None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def by_email(email: str) -> StaffUser | None:
    return session().scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))


def by_id(staff_id: int) -> StaffUser | None:
    return session().get(StaffUser, staff_id)


def check_password(email: str, password: str) -> StaffUser | None:
    """The active account with this email and password, or None. Takes as long either way."""
    user = by_email(email)
    ok = verify_secret(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return None
    return user


def set_password(user: StaffUser, password: str) -> None:
    """Change the password and end every session of this account."""
    user.password_hash = hash_secret(password)
    user.session_epoch += 1


def create_account(
    council_id: int,
    email: str,
    name: str,
    role: Role,
    password: str,
    phone: str = "",
    by: StaffUser | None = None,
) -> StaffUser:
    """A new account, recorded in the audit trail as made `by` that administrator (or,
    from the command line, by itself)."""
    if by_email(email) is not None:
        raise ValueError("an account with this email address already exists")
    problem = password_problem(password, email)
    if problem:
        raise ValueError(problem)
    if by is not None and for_themselves(by, name, email):
        raise ValueError("an administrator cannot make an account for themselves")
    user = StaffUser(
        council_id=council_id,
        email=normalise_email(email),
        name=name,
        phone=phone,
        role=role,
        password_hash=hash_secret(password),
    )
    session().add(user)
    session().flush()
    audit.record_account_change(
        by or user, "account_created", user, role.value if by else f"{role.value}, command line"
    )
    return user


def for_themselves(admin: StaffUser, name: str, email: str) -> bool:
    """Whether a new account would plainly be the administrator's own: their name, or
    their email address's name at any domain."""
    local = normalise_email(email).split("@")[0]
    return (
        " ".join(name.lower().split()) == " ".join(admin.name.lower().split())
        or local == admin.email.split("@")[0]
    )


def change_role(user: StaffUser, role: Role, by: StaffUser) -> None:
    """Give `user` another role; never one's own account. Their sessions end."""
    if user.id == by.id:
        raise ValueError("an administrator cannot change their own role")
    if user.role == role:
        return
    old = user.role
    user.role = role
    user.session_epoch += 1
    audit.record_account_change(by, "role_changed", user, f"{old.value} to {role.value}")


def list_accounts(council_id: int) -> list[StaffUser]:
    return list(
        session().scalars(
            select(StaffUser)
            .where(StaffUser.council_id == council_id)
            .order_by(StaffUser.active.desc(), StaffUser.name)
        )
    )


def set_active(user: StaffUser, active: bool, by: StaffUser) -> None:
    """Deactivating ends the account's sessions at once."""
    if user.active == active:
        return
    user.active = active
    user.session_epoch += 1
    action = "account_reactivated" if active else "account_deactivated"
    audit.record_account_change(by, action, user)


def end_sessions(user: StaffUser) -> None:
    """End every session of this account (signing out ends them all, everywhere)."""
    user.session_epoch += 1


def signed_in(user: StaffUser) -> None:
    user.last_signed_in_at = utcnow()


# ---- second factor ------------------------------------------------------------


def second_factor_required(user: StaffUser) -> bool:
    profile = current_app.extensions["profile"]
    return bool(user.totp_secret) or profile.staff.require_second_factor


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: StaffUser, secret: str) -> str:
    issuer = current_app.extensions["profile"].service_name
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def check_totp(secret: str | None, code: str, user: StaffUser | None = None) -> bool:
    """A 6-digit code for now (or 30 seconds either side). Each code works once."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if not secret or len(digits) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        if secrets.compare_digest(totp.at(at), digits):
            step = totp.timecode(at)
            if user is not None:
                if user.totp_last_step is not None and step <= user.totp_last_step:
                    return False
                user.totp_last_step = step
            return True
    return False


def enrol_totp(user: StaffUser, secret: str) -> None:
    """Set up the second factor: every other session of the account ends (the caller
    signs this one in again)."""
    user.totp_secret = secret
    user.session_epoch += 1
    audit.record_account_change(user, "second_factor_set_up", user)


# ---- password reset -----------------------------------------------------------


def start_reset(user: StaffUser) -> str:
    """A new single-use reset token (only its hash is kept). Earlier ones stop working."""
    _spend_resets(user)
    token = secrets.token_urlsafe(32)
    session().add(
        PasswordReset(
            staff_id=user.id, token_hash=token_hash(token), expires_at=utcnow() + RESET_LIFETIME
        )
    )
    return token


def reset_for(token: str) -> PasswordReset | None:
    """The unexpired, unused reset this token opens, or None."""
    reset = session().scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    if not reset.staff.active:
        return None
    return reset


def finish_reset(reset: PasswordReset, password: str) -> StaffUser:
    user = reset.staff
    set_password(user, password)
    _spend_resets(user)
    audit.record_account_change(user, "password_reset", user)
    return user


def _spend_resets(user: StaffUser) -> None:
    session().execute(
        update(PasswordReset)
        .where(PasswordReset.staff_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )


def send_password_reset(user: StaffUser, link: str) -> None:
    """Queue the reset link in the outbox, in the same transaction as the reset itself."""
    notify.password_reset(user, link)
