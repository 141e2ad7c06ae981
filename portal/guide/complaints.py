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

# The written step that the profile's complaint_days applies to (seed 002: write to the
# chair within 28 days of receiving the minutes). No other step has a known time limit.
_DEADLINE_STEPS = {"write_to_chair"}

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
    """The council's steps for `about`, in order; empty when its profile gives none (the
    page then tells the parent to ask)."""
    has_limit = profile.timescales.complaint_days is not None
    result = []
    for number, key in enumerate(profile.complaints.route(about), start=1):
        contact_key = STEP_CONTACT[key]
        contact = getattr(profile.contacts, contact_key) if contact_key else None
        result.append(Step(key, number, contact, has_limit and key in _DEADLINE_STEPS))
    return result


def deadline(profile: Profile, minutes_sent_on: date | None) -> date | None:
    """The parent's own last day to write, when the minutes were sent and the council
    gives a time limit."""
    return complaint_deadline(minutes_sent_on, profile.timescales) if minutes_sent_on else None
