"""Who may use each page of the signed-in staff side (the staff and interpreter
blueprints). Closed by default.

Every such view carries a rule (`@rule(...)`). One `before_request` on each of
those blueprints refuses any endpoint without one, sends signed-out users to the
staff sign-in page, and answers 404, never 403, for a role that may not use a page
or a conference the user may not see, so a guessed URL says nothing.

    @bp.get("/conferences/<int:conference_id>")
    @rule(Role.SOCIAL_WORKER, Role.MANAGER, conference=True)
    def conference(conference_id): ...          # g.conference is loaded and allowed

`rule()` with no roles means any signed-in staff user; `conference=True` never
lets an administrator in (administrators see no family content).
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import ngettext
from flask_login import current_user, logout_user
from werkzeug.exceptions import HTTPException

from portal.conferences import conference_invitation, visible_conference
from portal.forms import rerender_unsaved
from portal.models import Invitation, StaffUser
from portal.models.staff import Role

ATTRIBUTE = "staff_rule"
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL
SEEN = "staff_seen"  # when the signed-in user last made a request (epoch seconds)
SINCE = "staff_since"  # when they signed in (epoch seconds)

# The role groups pages name in their rules (the only ones: add a group here).
CASEWORK = (Role.SOCIAL_WORKER, Role.MANAGER)  # the family's case: report, review, requests


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    conference: bool = False
    public: bool = False


def rule(*roles: Role, conference: bool = False, public: bool = False) -> Callable:
    """Mark a view with who may use it (see the module's docstring)."""
    if public and (roles or conference):
        raise ValueError("a public page has no roles and no conference")

    def decorate(view: Callable) -> Callable:
        setattr(view, ATTRIBUTE, Rule(frozenset(roles), conference, public))
        return view

    return decorate


def rule_for(endpoint: str | None, app=None) -> Rule | None:
    view = (app or current_app).view_functions.get(endpoint or "")
    return getattr(view, ATTRIBUTE, None)


def current_staff() -> StaffUser:
    """The signed-in staff user (only call this from a view with a non-public rule)."""
    return current_user._get_current_object()


def invitation_or_404(invitation_id: int) -> Invitation:
    """An invitation of the page's conference (g.conference, loaded by the rule); any
    other id, someone else's included, is 404."""
    invitation = conference_invitation(g.conference, invitation_id)
    if invitation is None:
        abort(404)
    return invitation


def check_access():
    """The staff blueprint's one before_request."""
    found = rule_for(request.endpoint)
    if found is None:
        # A page without a rule is a mistake; nobody may use it.
        abort(404)
    if any(
        isinstance(value, int) and not 0 < value <= MAX_ID
        for value in (request.view_args or {}).values()
    ):
        # No row has such an id, and the database would refuse to look it up.
        abort(404)
    if found.public:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("staff.sign_in", next=_safe_next()))
    if _idle_too_long():
        return signed_out_for_idleness(_safe_next())
    g.staff_active = True  # the page gets the timeout warning (templates/staff/layout.html)
    user = current_staff()
    if found.roles and user.role not in found.roles:
        abort(404)
    if found.conference:
        if user.role == Role.ADMIN:
            abort(404)
        conference_id = (request.view_args or {}).get("conference_id")
        if not isinstance(conference_id, int):
            abort(404)
        conference = visible_conference(user, conference_id)
        if conference is None:
            abort(404)
        g.conference = conference
    return None


def idle_limit_seconds() -> int:
    """Staff sessions end after STAFF_IDLE_MINUTES (default 60) without a request."""
    return current_app.config.get("STAFF_IDLE_MINUTES", 60) * 60


def idle_seconds() -> int | None:
    """How long since the signed-in user's last request (None if unknown); touches nothing."""
    last = session.get(SEEN)
    return int(time.time()) - last if isinstance(last, int) else None


def lifetime_seconds() -> int:
    """However active, staff sign in again after STAFF_SESSION_HOURS (default 10)."""
    return int(current_app.config.get("STAFF_SESSION_HOURS", 10) * 3600)


def start_session() -> None:
    """At sign-in: the clocks the idle limit and the lifetime are measured from."""
    now = int(time.time())
    session[SEEN] = session[SINCE] = now


def _idle_too_long() -> bool:
    """Idle too long, signed in too long, or a session without its clocks (made before
    they existed, or not by signing in): all end the same way."""
    idle = idle_seconds()
    g.staff_idle = idle  # before this request, for the timeout's sign-out
    since = session.get(SINCE)
    now = int(time.time())
    session[SEEN] = now
    if idle is None or not isinstance(since, int):
        return True
    return idle > idle_limit_seconds() or now - since > lifetime_seconds()


def signed_out_for_idleness(next_url: str | None = None):
    """Sign out and say why on the sign-in page (and, after a POST, that it was not saved)."""
    minutes = idle_limit_seconds() // 60
    lost = request.method == "POST" and request.endpoint != "staff.sign_out"
    logout_user()
    session.clear()
    if lost:
        message = ngettext(
            "You were signed out after %(num)s minute without activity, so what you "
            "sent was not saved. Sign in again and send it again.",
            "You were signed out after %(num)s minutes without activity, so what you "
            "sent was not saved. Sign in again and send it again.",
            minutes,
        )
    else:
        message = ngettext(
            "You were signed out after %(num)s minute without activity. Sign in again.",
            "You were signed out after %(num)s minutes without activity. Sign in again.",
            minutes,
        )
    flash(message, "info")
    return redirect(url_for("staff.sign_in", next=next_url))


# Where a signed-out user may be sent back to after signing in.
SIGNED_IN_PREFIXES = ("/staff", "/interpreter")


def _safe_next() -> str | None:
    """Only a path on this site, and only for a GET, is worth coming back to (or the page
    whose timeout warning posted the sign-out)."""
    if request.endpoint == "staff.sign_out":
        return safe_next_url(request.form.get("next"))
    if request.method != "GET":
        return None
    return safe_next_url(request.full_path.rstrip("?"))


def safe_next_url(value: str | None) -> str | None:
    """A path on this site to go back to after signing in, or None. Control characters
    (even percent-encoded) are refused: a CR or LF would break the Location header."""
    if (
        value
        and value.startswith(SIGNED_IN_PREFIXES)
        and "//" not in value
        and "\\" not in value
        and not _CONTROL.search(unquote(value))
    ):
        return value
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def stale_form(_error):
    """A staff or interpreter form posted with a stale or missing CSRF token: nothing is
    saved. Still signed in, on a page marked @rerender_when_stale: the page again with
    what was typed (portal.forms.rerender_unsaved); otherwise a page that says so."""
    try:
        response = check_access() or rerender_unsaved()
        if response is not None:
            return response
        return render_template("staff/stale_form.html"), 400
    except HTTPException as error:
        return current_app.handle_http_exception(error)
