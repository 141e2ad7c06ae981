"""The warning before a staff session times out (WCAG 2.2.1): "Stay signed in" posts to
the keep-alive, and with no answer static/app.js posts the sign-out (reason=timeout) when
time is up. Signing out is only ever a POST: a link elsewhere cannot sign anyone out.

templates/staff/layout.html shows the warning on pages that passed the idle check
(check_access sets g.staff_active), using `staff_timeout()` below.
"""

from flask import g, redirect, request, url_for

from portal.access import (
    idle_limit_seconds,
    rule,
    safe_next_url,
    signed_out_for_idleness,
)
from portal.staff import bp

WARN_SECONDS = 120  # as the dialog says: "in 2 minutes"


@bp.app_context_processor
def staff_timeout_globals():
    return {"staff_timeout": staff_timeout}


def staff_timeout() -> dict | None:
    """The <body> data for the warning, or None on a page that should not have it."""
    if not g.get("staff_active"):
        return None
    return {
        "timeout": idle_limit_seconds(),
        "warn": WARN_SECONDS,
        "keepalive": url_for("staff.keep_alive"),
        "signed_out": url_for("staff.sign_out"),
        "next": _this_page(),
    }


def _this_page() -> str | None:
    """Where to come back to after signing in again: this page, if a GET shows it."""
    return safe_next_url(request.full_path.rstrip("?")) if request.method == "GET" else None


@bp.post("/keep-alive")
@rule()
def keep_alive():
    """Stay signed in: check_access has already checked the CSRF token and renewed the
    idle clock."""
    return "", 204


def timed_out(next_url: str | None):
    """The warning's time ran out in this page: sign out, unless the account was used
    since in another window (then come back)."""
    idle = g.get("staff_idle")
    if idle is not None and idle < idle_limit_seconds() - WARN_SECONDS:
        return redirect(next_url or url_for("staff.dashboard"))
    return signed_out_for_idleness(next_url)
