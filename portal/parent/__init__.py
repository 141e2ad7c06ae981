"""The parent's or carer's pages: sign-in, task list, views, check and send.

Each module below adds its pages to `bp`; a new page module needs a line here.
What the task list shows is written out in portal/tasks.py, and what is sent in
portal/sending.py (PARTS).
"""

from flask import Blueprint

bp = Blueprint("parent", __name__)

from portal.parent import (  # noqa: E402,F401
    calendar_file,  # the conference as an .ics file
    guard,  # every page but signing in needs a live session
    report,  # Read the report; Who has read your views
    requests,  # What you need for the conference
    signin,  # signing in and out, the passphrase
    views,  # the task list, your views, check, send, sent versions
)
