"""The conference as a calendar file, from "About your conference".

It holds the date, time and place only: no names, no children, nothing that says
what the meeting is about, because a calendar is often seen by others.
"""

from urllib.parse import urlsplit

from flask import Response, abort, current_app
from flask_babel import gettext as _

from portal import parent_session
from portal.calendar import conference_ics
from portal.parent import bp


@bp.get("/about/conference.ics")
def conference_calendar():
    invitation = parent_session.current_invitation()
    if invitation is None:
        abort(404)
    conference = invitation.conference
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "portal"
    body = conference_ics(
        uid=f"conference-{conference.id}@{host}",
        starts_on=conference.starts_on,
        starts_at=conference.starts_at,
        place=conference.place,
        summary=_("Conference"),
        description=_("Sign in to see the details: %(link)s",
                      link=current_app.config["SITE_URL"].rstrip("/") + "/sign-in"),
        alarm_text=_("Your conference is tomorrow"),
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="conference.ics"'},
    )
