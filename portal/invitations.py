"""Creating invitations and their secrets. Only hashes are stored.

The link carries a long random token (looked up by its SHA-256); the access code
is 8 digits, easy to type on any phone, and checked with argon2id.
"""

import secrets

from sqlalchemy import select

from portal.canonical import token_hash
from portal.db import session
from portal.models import Conference, Invitation
from portal.models._types import utcnow
from portal.passwords import hash_secret


def new_code() -> str:
    return f"{secrets.randbelow(10**8):08d}"


def format_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


def normalise_code(typed: str) -> str:
    """Accept the code as printed ("1234 5678"), pasted, or with dashes."""
    return "".join(ch for ch in typed if ch.isdigit())


def link_path(token: str) -> str:
    return f"/i/{token}"


def create_invitation(
    conference: Conference,
    name: str,
    preferred_language: str = "en",
    email: str = "",
    mobile: str = "",
) -> tuple[Invitation, str, str]:
    """A new invitation, with its link token and access code (shown once, never stored)."""
    token, code = secrets.token_urlsafe(32), new_code()
    invitation = Invitation(
        conference=conference,
        name=name,
        preferred_language=preferred_language,
        email=email,
        mobile=mobile,
        token_hash=token_hash(token),
        code_hash=hash_secret(code),
    )
    session().add(invitation)
    return invitation, token, code


def reissue(invitation: Invitation) -> tuple[str, str]:
    """A new link and code; the old ones, and any passphrase, stop working and open
    sessions end. A withdrawn invitation is in use again."""
    token, code = secrets.token_urlsafe(32), new_code()
    invitation.token_hash = token_hash(token)
    invitation.code_hash = hash_secret(code)
    invitation.passphrase_hash = None
    invitation.withdrawn_at = None
    invitation.failed_codes = 0
    invitation.locked_until = None
    invitation.session_epoch += 1
    return token, code


def by_token(token: str) -> Invitation | None:
    return session().scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))


def withdraw(invitation: Invitation) -> None:
    """End the invitation: its link, code and passphrase stop working and open sessions
    end. Nothing the parent wrote is deleted; the parent is told on their next visit."""
    invitation.withdrawn_at = utcnow()
    invitation.session_epoch += 1
