"""Who is usually invited to a conference, in words a parent knows, from the council profile."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.models import Conference

ATTENDEE_LABELS = {
    "social_worker": _l("your social worker"),
    "social_work_manager": _l("your social worker's manager"),
    "police": _l("a police officer"),
    "health_visitor": _l("your health visitor"),
    "school_nurse": _l("the school nurse"),
    "teacher": _l("your child's teacher"),
    "nursery_worker": _l("your child's nursery worker"),
    "gp": _l("your family doctor (GP)"),
    "adult_services": _l("adult social care, if they help you"),
    "council_lawyer": _l("a lawyer from the council"),
    "minute_taker": _l("someone to write notes of the meeting"),
    "other_professionals": _l("other people who work with your family"),
}


def invited_labels(conference: Conference) -> list[str]:
    attendance = current_app.extensions["profile"].attendance
    people = list(attendance.usually_invited)
    if attendance.police_at == "initial" and conference.kind.value != "initial":
        people = [p for p in people if p != "police"]
    return [ATTENDEE_LABELS[p] for p in people if p in ATTENDEE_LABELS]
