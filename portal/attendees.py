"""Who comes to a conference, in words a parent knows, from the council profile: those
the council says usually come, and those it says may come."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.models import Conference
from portal.profiles.schema import Person

ATTENDEE_LABELS = {
    "social_worker": _l("your social worker"),
    "social_work_manager": _l("your social worker's manager"),
    "police": _l("a police officer"),
    "health_visitor": _l("your health visitor"),
    "school_nurse": _l("the school nurse"),
    "teacher": _l("someone from your child's school"),
    "nursery_worker": _l("someone from your child's nursery"),
    "gp": _l("your family doctor (GP)"),
    "adult_services": _l("adult services, if they help someone in the family"),
    "council_lawyer": _l("a lawyer from the council"),
    "minute_taker": _l("someone to write notes of the meeting"),
    "education_welfare_officer": _l("an education welfare officer"),
    "other_professionals": _l("other people who work with your family"),
}


def _labels(people: list[Person], conference: Conference) -> list[str]:
    initial = conference.kind.value == "initial"
    return [ATTENDEE_LABELS[p.who] for p in people if initial or not p.initial_only]


def invited_labels(conference: Conference) -> tuple[list[str], list[str]]:
    """(who usually comes, who may also come) to this conference. Someone the council
    asks to the first conference only is not listed for a review."""
    attendance = current_app.extensions["profile"].attendance
    return _labels(attendance.usually, conference), _labels(attendance.may, conference)
