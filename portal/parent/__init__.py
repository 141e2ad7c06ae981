"""The parent's or carer's pages: sign-in, task list, views, check and send.

Each module adds its pages to `bp`. Another area's parent pages (report,
requests) go in their own module here, imported at the end of this file; they plug
into the task list with portal.parent.tasks.provide() and into what is sent with
portal.sending.register().
"""

from flask import Blueprint

bp = Blueprint("parent", __name__)

from portal.parent import (  # noqa: E402,F401
    calendar_file,  # the conference as an .ics file
    guard,
    report,  # noqa: E402,F401  (Read the report; Who has read your views)
    requests,  # What you need for the conference
    signin,
    views,
)
