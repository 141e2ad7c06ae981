"""Who is signed in as a parent, and what happens when a session or form has gone stale.

A core module, not part of the parent blueprint: the guide and the error pages use it too.

The browser session (a signed cookie) holds, for a signed-in parent, only
{"id", "epoch", "since", "seen"} under PARENT_KEY, and, between opening the link
and typing the code, the link token's SHA-256 under LINK_KEY. Every parent view
gets its invitation from `current_invitation()`, never from the address.

A session ends when the parent signs out, after `session_timeout_minutes` of
inactivity (the council profile), after PARENT_SESSION_HOURS however active, or
when the invitation's epoch is raised: at sign-out (so a cookie saved before it
opens nothing), a new passphrase, a re-issued code or a withdrawn invitation.

A form that cannot be saved (stale CSRF token, session ended, conference started)
goes to `stale_form_response()`. While the parent is still signed in, a page marked
@rerender_when_stale (portal.forms, the same mechanism as staff pages) shows its form
again, filled in with what was typed and a fresh token; it saves nothing.
"""

import time
from datetime import datetime

from flask import Flask, abort, current_app, g, redirect, render_template, request, url_for
from flask import session as cookie
from sqlalchemy.orm import joinedload

from portal import clock
from portal.db import session as db
from portal.forms import rerender_unsaved
from portal.models import Conference, Invitation
from portal.models._types import utcnow

PARENT_KEY = "parent"
LINK_KEY = "parent_link"
LANGUAGE_KEY = "lang"  # the language chosen (portal.i18n): kept through sign-in and out

# Fields never shown back to anyone, even to the person who typed them.
SECRET_FIELDS = frozenset(
    {"csrf_token", "secret", "passphrase", "confirm", "code", "otp", "totp", "token"}
)


def init_app(app: Flask) -> None:
    """Every template may ask who is signed in: the parent's pages, the guide, errors."""

    @app.context_processor
    def _parent_globals():
        return {"current_invitation": current_invitation, "timeout_seconds": timeout_seconds}


def timeout_seconds() -> int:
    return current_app.extensions["profile"].session_timeout_minutes * 60


def _remember(invitation: Invitation | None) -> None:
    # Kept on the request, not on g: tests share one app context across requests.
    request.parent_invitation = invitation


def lifetime_seconds() -> int:
    """However active, a parent signs in again after PARENT_SESSION_HOURS (default 4)."""
    return int(current_app.config.get("PARENT_SESSION_HOURS", 4) * 3600)


def session_state() -> str:
    """ "active", "expired" (inactive too long), "ended" (epoch raised, invitation gone
    or withdrawn, or signed in longer than the lifetime) or "none" (nobody signed in)."""
    data = cookie.get(PARENT_KEY)
    if not isinstance(data, dict):
        return "none"
    now = time.time()
    if now - data.get("seen", 0) > timeout_seconds():
        return "expired"
    if now - data.get("since", 0) > lifetime_seconds():
        return "ended"
    # With its conference: every parent page shows or checks it (one query, not two).
    invitation = db().get(Invitation, data.get("id"), options=[joinedload(Invitation.conference)])
    if invitation is None or invitation.session_epoch != data.get("epoch"):
        return "ended"
    if invitation.withdrawn_at is not None:
        return "ended"
    _remember(invitation)
    return "active"


def current_invitation() -> Invitation | None:
    """The signed-in parent's invitation, or None. The only way views find it."""
    if not hasattr(request, "parent_invitation"):
        _remember(None)
        session_state()
    return request.parent_invitation


def signed_in_invitation() -> Invitation:
    """The signed-in parent's invitation, for a view. The guard makes a missing one
    impossible; never trust that silently."""
    invitation = current_invitation()
    if invitation is None:
        abort(404)
    return invitation


def can_change(invitation: Invitation) -> bool:
    """A parent may change and send their answers until their conference starts."""
    return not has_started(invitation.conference)


def start(invitation: Invitation) -> None:
    """Sign in: a new session (so nothing from before carries over)."""
    link, language = cookie.get(LINK_KEY), cookie.get(LANGUAGE_KEY)
    cookie.clear()
    if link:
        cookie[LINK_KEY] = link
    if language:
        cookie[LANGUAGE_KEY] = language  # the parent's choice survives signing in
    now = int(time.time())
    cookie[PARENT_KEY] = {
        "id": invitation.id,
        "epoch": invitation.session_epoch,
        "since": now,
        "seen": now,
    }
    invitation.last_signed_in_at = utcnow()
    if invitation.first_signed_in_at is None:
        invitation.first_signed_in_at = invitation.last_signed_in_at
    g.pop("csrf_token", None)  # the old session's form token must not outlive it
    _remember(invitation)


def renew(invitation: Invitation) -> None:
    """Raise the invitation's epoch, ending every other session of it (another phone,
    a cookie saved earlier), and carry this one on."""
    invitation.session_epoch += 1
    data = dict(cookie[PARENT_KEY])
    data["epoch"] = invitation.session_epoch
    cookie[PARENT_KEY] = data


def touch() -> None:
    data = dict(cookie[PARENT_KEY])
    data["seen"] = int(time.time())
    cookie[PARENT_KEY] = data


def end(keep_link: bool = False) -> None:
    """Forget the parent. After a timeout the link is kept, so the code is enough again."""
    link = cookie.get(LINK_KEY) if keep_link else None
    language = cookie.get(LANGUAGE_KEY)
    cookie.clear()
    if link:
        cookie[LINK_KEY] = link
    if language:
        cookie[LANGUAGE_KEY] = language  # and signing out
    g.pop("csrf_token", None)
    _remember(None)


def sign_out_response():
    """End the session for a sign-out POST: by the parent, or by the timeout warning
    (reason=timeout: the link is kept, so the code is enough to come back)."""
    timeout = request.form.get("reason") == "timeout"
    invitation = current_invitation()
    if invitation is not None:
        invitation.session_epoch += 1  # a copy of this cookie, saved earlier, opens nothing
    end(keep_link=timeout)
    return redirect(url_for("parent.signed_out", reason="timeout" if timeout else "you"))


def has_started(conference: Conference, now: datetime | None = None) -> bool:
    """Whether the conference has started (its date and time are England's)."""
    return (now or utcnow()) >= clock.in_utc(conference.starts_on, conference.starts_at)


def typed_texts(formdata) -> list[dict]:
    """What the person typed in a form we cannot save, to show back to them."""
    from portal import questions

    kept = []
    for name in formdata:
        if name in SECRET_FIELDS or "password" in name:
            continue
        for value in formdata.getlist(name):
            if value and value.strip():
                question = questions.BY_KEY.get(name)
                kept.append(
                    {"name": name, "label": question.label if question else None, "text": value}
                )
    return kept


def stale_form_response(reason: str = "stale"):
    """A form we must not save: its token is stale, or the session has ended.

    Signed in (only the token was stale): the same page again, filled in with what was
    typed and a fresh token, so one press of Continue saves it. Not signed in: what was
    typed, shown back read-only so it can be copied, and the way to sign in again.
    Nothing is saved either way.
    """
    if request.endpoint == "parent.sign_out":
        # Signing out never needs protecting: do it, whatever the token says.
        return sign_out_response()
    invitation = current_invitation() if reason == "stale" else None
    if invitation is not None:
        response = rerender_unsaved()
        if response is not None:
            return response
    return (
        render_template(
            "parent/not_saved.html",
            reason=reason,
            kept=typed_texts(request.form) if request.method == "POST" else [],
            can_sign_in=bool(cookie.get(LINK_KEY)) or invitation is not None,
            signed_in=invitation is not None,
        ),
        400,
    )
