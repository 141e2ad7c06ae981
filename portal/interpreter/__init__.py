"""The interpreter's pages: a parent's sent words with a box for the English beside each,
and any parent page side by side in the parent's language and in English.

Closed by default, like the staff pages: every view carries an access rule
(portal.access.rule) and the one before_request below refuses any page without one.
Every page is for an interpreter assigned to that conference, only while assigned.
"""

from flask import Blueprint
from flask_wtf.csrf import CSRFError

from portal import access

bp = Blueprint("interpreter", __name__, url_prefix="/interpreter")
bp.before_request(access.check_access)
bp.register_error_handler(CSRFError, access.stale_form)

from portal.interpreter import (  # noqa: E402,F401
    side_by_side,  # a parent's pages in their language beside English
    views,  # the conference's parents; each one's words and their English
)
