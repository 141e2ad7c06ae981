"""What a council profile may hold, and the rule that every fact in it has a source.

A fact is a small table with its value and `source`, which is either "national"
(statutory guidance that applies in every council in England) or the council's own
document and its words: "000: minutes and plan within 15 working days". A fact the
council does not give is simply left out: there are no defaults standing in for it,
and the pages tell the parent what to do instead (ask their social worker).

Only settings of the portal itself (session length, second factor) have no source.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# "national", or "<document>: <its words>" (the document's short name has no colon).
SOURCE_PATTERN = r"^(national|[^:\s][^:]{0,60}: \S.{2,400})$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """A fact and where it comes from. `note` explains a correction to the source."""

    source: str = Field(pattern=SOURCE_PATTERN, max_length=470)
    note: str = Field("", max_length=400)

    @property
    def is_national(self) -> bool:
        return self.source == "national"


class Count(Sourced):
    """A number whose unit is in the field's name (e.g. `minutes_working_days`)."""

    value: int = Field(ge=1, le=365)


Unit = Literal["working days", "days", "hours", "weeks"]


class Period(Sourced):
    """A length of time in the unit the source uses: Bexley's "two days" are days,
    West Berkshire's "48 hours" are hours, and neither is turned into working days."""

    count: int = Field(ge=1, le=365)
    unit: Unit


class Text(Sourced):
    value: str = Field(min_length=2, max_length=300)


class Flag(Sourced):
    """Something the council says it does (true) or says it does not do (false)."""

    value: bool


class Phone(Sourced):
    number: str = Field(min_length=3, max_length=40, pattern=r"^[0-9 +()-]+$")
    email: str = Field("", max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    # The line answers day and night (the source says so; the guide says so).
    all_hours: bool = False
    # The council's general number, not the team's own: the guide says to ask to be
    # put through.
    general: bool = False


class Contacts(_Strict):
    """Each line is left out when the council's document gives no number for it."""

    social_work: Phone | None = None
    out_of_hours: Phone | None = None
    chair_team: Phone | None = None
    complaints: Phone | None = None
    switchboard: Phone | None = None
    # The team that runs conferences (Southwark, West Berkshire), when it has its own line.
    quality_assurance: Phone | None = None
    # 999 is the same everywhere in the UK.
    police_emergency: Literal["999"] = "999"


class Timescales(_Strict):
    """Each timescale is left out when neither the council nor national guidance gives it."""

    reports_before_initial: Period | None = None
    reports_before_review: Period | None = None
    plan_sent: Period | None = None
    minutes_working_days: Count | None = None
    first_core_group_working_days: Count | None = None
    core_group_every_weeks: Count | None = None
    first_review_months: Count | None = None
    later_reviews_months: Count | None = None
    # A written complaint about the conference, in days from getting the minutes.
    complaint_days: Count | None = None

    @field_validator("reports_before_initial", "reports_before_review")
    @classmethod
    def _before(cls, value: Period | None) -> Period | None:
        if value is not None and value.unit == "weeks":
            raise ValueError("give reports in working days, days or hours")
        return value

    @field_validator("plan_sent")
    @classmethod
    def _after(cls, value: Period | None) -> Period | None:
        if value is not None and value.unit not in ("working days", "hours"):
            raise ValueError("give the plan's timescale in working days or hours")
        return value


Attendee = Literal[
    "social_worker",
    "social_work_manager",
    "police",
    "health_visitor",
    "school_nurse",
    "teacher",
    "nursery_worker",
    "gp",
    "adult_services",
    "council_lawyer",
    "minute_taker",
    "education_welfare_officer",
    "other_professionals",
]


class Person(Sourced):
    who: Attendee
    # True when the source says they come to the first (initial) conference only.
    initial_only: bool = False


class ChildrenInvited(Sourced):
    """From what age children are usually invited: "over 12" or "10 and over"."""

    age: int = Field(ge=5, le=17)
    rule: Literal["over", "and over"]


class Attendance(_Strict):
    # People the source says come (or are always asked); the guide says "usually".
    usually: list[Person] = []
    # People the source says may come ("this may include", "examples are").
    may: list[Person] = []
    # The police team's own name, when the source names it.
    police_team: Text | None = None
    children_invited: ChildrenInvited | None = None

    @model_validator(mode="after")
    def _each_once(self) -> "Attendance":
        people = [p.who for p in self.usually + self.may]
        twice = sorted({p for p in people if people.count(p) > 1})
        if twice:
            raise ValueError(f"listed more than once: {', '.join(twice)}")
        return self


ComplaintStep = Literal[
    "talk_to_chair",
    "write_to_chair",
    "meeting_with_chair",
    "child_protection_manager",
    "council_complaints",
    "complaints_manager",
    "safeguarding_panel",
    "agency_complaints",
    "ask_for_records",
    "information_commissioner",
]


class Route(Sourced):
    steps: list[ComplaintStep] = Field(min_length=1)


class Complaints(_Strict):
    """The steps for each thing a parent may be unhappy about; a route the council does
    not describe is left out, and the page tells the parent to ask."""

    decision: Route | None = None
    process: Route | None = None
    professional: Route | None = None
    minutes: Route | None = None
    chair_service: Route | None = None
    records: Route | None = None

    def route(self, about: str) -> list[str]:
        found = getattr(self, about)
        return list(found.steps) if found else []


# What a parent may be unhappy about, in the order the complaints page asks.
COMPLAINT_ROUTES = ("decision", "process", "professional", "minutes", "chair_service", "records")


class Place(_Strict):
    name: str = Field(min_length=2, max_length=120)
    address: str = Field(min_length=2, max_length=300)


class Places(Sourced):
    places: list[Place] = Field(min_length=1)


class Local(_Strict):
    audio_recording_with_consent: Flag | None = None
    arrive_minutes_early: Count | None = None
    # Someone who wants to bring an observer asks the chair in writing this long before.
    observers_notice_weeks: Count | None = None
    # A parent who cannot come (e.g. in hospital or custody) may send a representative.
    representative_if_unable: Flag | None = None
    # Places where a parent can get help with translation or another format.
    format_help: Places | None = None
    # The chair writes the discussion on a whiteboard under five headings.
    whiteboard_five_headings: Flag | None = None


class Staff(_Strict):
    require_second_factor: bool = False


class Retention(_Strict):
    """How long the portal keeps things (applied by `flask portal purge`)."""

    # A family's words, requests and names, counted from the conference day.
    family_content_months: int = Field(12, ge=1, le=120)
    sign_in_attempts_days: int = Field(90, ge=1, le=3650)
    # Messages delivered, failed for good or undeliverable, counted from when they were sent.
    delivered_messages_days: int = Field(90, ge=1, le=3650)


class Profile(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9-]{2,64}$")
    name: str = Field(min_length=2, max_length=200)
    service_name: str = Field(min_length=2, max_length=200)
    address: Text | None = None
    website: Text | None = None
    session_timeout_minutes: int = Field(20, ge=5, le=120)
    contacts: Contacts = Contacts()
    timescales: Timescales = Timescales()
    attendance: Attendance = Attendance()
    complaints: Complaints = Complaints()
    local: Local = Local()
    staff: Staff = Staff()
    retention: Retention = Retention()

    @field_validator("website")
    @classmethod
    def _https(cls, value: Text | None) -> Text | None:
        if value is not None and not value.value.startswith("https://"):
            raise ValueError("must start with https://")
        return value


# Settings of the portal itself, not facts about the council: no source needed.
SETTINGS = ("slug", "name", "service_name", "session_timeout_minutes", "staff", "retention")
