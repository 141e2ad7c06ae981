"""Every parent page, except signing in and out, needs a live session.

An expired or ended session is forgotten (keeping the link, so the code is enough
to come back); a page asked for then goes to "You were signed out", and a form
posted then is shown back, not saved.
"""

from flask import redirect, request, url_for

from portal.parent import bp
from portal.parent import session as parent_session

OPEN_ENDPOINTS = frozenset(
    {"parent.open_link", "parent.sign_in", "parent.signed_out", "parent.sign_out"}
)


@bp.before_request
def require_parent():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    state = parent_session.session_state()
    if state == "active":
        parent_session.touch()
        return None
    if state != "none":
        parent_session.end(keep_link=True)
    if request.method == "POST":
        return parent_session.stale_form_response(reason="signed_out")
    if state == "none":
        return redirect(url_for("parent.sign_in"))
    return redirect(
        url_for("parent.signed_out", reason="timeout" if state == "expired" else "ended")
    )


@bp.app_context_processor
def parent_globals():
    return {
        "current_invitation": parent_session.current_invitation,
        "timeout_seconds": parent_session.timeout_seconds,
    }
