"""Every parent page, except signing in and out, needs a live session.

An expired or ended session is forgotten (keeping the link, so the code is enough
to come back); a page asked for then goes to "You were signed out", and a form
posted then is shown back, not saved.
"""

from flask import redirect, request, url_for

from portal import parent_session
from portal.parent import bp

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
