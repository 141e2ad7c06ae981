"""Complaint routes: what the parent is unhappy about -> that council's steps in order.

The steps for each route are facts in the profile (`profile.complaints`); their words
are in templates/guide/complaint_steps.html, keyed by step.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from portal.forms import Form
from portal.keydates import complaint_deadline
from portal.profiles import COMPLAINT_ROUTES, Phone, Profile

ROUTE_LABELS = {
    "decision": _l("The conference's decision"),
    "process": _l("How the conference was run"),
    "professional": _l("One professional or one agency"),
    "minutes": _l("The minutes are wrong"),
    "chair_service": _l("The service you had from the chair"),
    "records": _l("Seeing the records kept about you"),
}

# Which team a parent contacts for each step (None: nobody to call; it happens next).
STEP_CONTACT = {
    "talk_to_chair": "chair_team",
    "write_to_chair": "chair_team",
    "meeting_with_chair": None,
    "child_protection_manager": "quality_assurance",
    "council_complaints": "complaints",
    "complaints_manager": "complaints",
    "safeguarding_panel": None,
    "agency_complaints": None,
    "ask_for_records": "complaints",
    "information_commissioner": None,
}

# Written steps about a conference that must reach the council within the profile's
# complaint_days of getting the minutes.
_DEADLINE_STEPS = {"write_to_chair", "council_complaints"}
_DEADLINE_ROUTES = {"decision", "process", "minutes"}

# The Information Commissioner's Office: the UK regulator for data protection.
ICO_PHONE = "0303 123 1113"
ICO_WEBSITE = "https://ico.org.uk/make-a-complaint/"


class AboutForm(Form):
    about = RadioField(
        _l("What are you unhappy about?"),
        choices=[SelectChoice(key, ROUTE_LABELS[key]) for key in COMPLAINT_ROUTES],
        validators=[
            InputRequired(message=_l("Select what you are unhappy about")),
            AnyOf(COMPLAINT_ROUTES, message=_l("Select one of the things listed")),
        ],
        validate_choice=False,  # AnyOf gives our own message instead
    )


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    contact: Phone | None
    deadline_applies: bool


def steps(profile: Profile, about: str) -> list[Step]:
    result = []
    for number, key in enumerate(profile.complaints.route(about), start=1):
        contact_key = STEP_CONTACT[key]
        contact = getattr(profile.contacts, contact_key) if contact_key else None
        if contact is None and contact_key == "quality_assurance":
            contact = profile.contacts.chair_team
        result.append(
            Step(key, number, contact, about in _DEADLINE_ROUTES and key in _DEADLINE_STEPS)
        )
    return result


def deadline(profile: Profile, minutes_sent_on: date | None) -> date | None:
    return complaint_deadline(minutes_sent_on, profile.timescales) if minutes_sent_on else None
