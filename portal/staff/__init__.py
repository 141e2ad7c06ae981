"""The staff pages: sign-in, dashboard, conferences, accounts, the report and the review.

Every view carries an access rule (portal.access.rule); the one
before_request below refuses any page without one.
"""

from flask import Blueprint
from flask_wtf.csrf import CSRFError

from portal import access
from portal.staff.login import login_manager

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(access.check_access)
bp.register_error_handler(CSRFError, access.stale_form)
bp.record_once(lambda state: login_manager.init_app(state.app))

# The staff pages, a module each; a new page module needs a line here.
from portal.staff import (  # noqa: E402,F401
    accounts,  # staff accounts and the council profile (administrators)
    auth,  # sign-in, second factor, sign-out, password reset, own account
    conferences,  # the dashboard; a conference, its children and interpreters
    letters,  # inviting a parent, the printable letter, re-issuing a code
    report,  # writing and sharing the social worker's report
    requests,  # what parents asked for, and the answers
    review,  # what families sent, version by version, and the print view
    subject_access,  # everything held about one parent, for a manager to export
    timeliness,  # how timely reports were, month by month (managers)
    timeout,  # the idle warning and "Stay signed in"
)
