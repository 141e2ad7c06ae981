"""Council profiles: one TOML file per council, checked when the portal starts.

A profile holds facts (names, numbers, timescales, which steps a complaint takes).
The words around those facts live in the templates, so they can be translated.
"""

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PROFILE_DIR = Path(__file__).parent


class ProfileError(RuntimeError):
    """A profile file is missing or wrong; the message names the file, field and problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phone(_Strict):
    number: str = Field(min_length=3, max_length=40, pattern=r"^[0-9 +()-]+$")
    hours: str = ""  # e.g. "Monday to Friday, 9am to 5pm" (a fact; shown as written)
    email: str = Field("", max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    # True when the leaflet gives no number for this team, so the profile holds the
    # council's general number: the guide then says to ask to be put through.
    general: bool = False
    # True when the line answers day and night (the guide says so).
    all_hours: bool = False


class Contacts(_Strict):
    social_work: Phone
    out_of_hours: Phone
    chair_team: Phone
    complaints: Phone
    police_emergency: Literal["999"] = "999"
    switchboard: Phone | None = None
    quality_assurance: Phone | None = None


class Timescales(_Strict):
    reports_before_initial_working_days: int = Field(2, ge=0, le=30)
    reports_before_review_working_days: int = Field(5, ge=0, le=30)
    plan_sent_working_days: int = Field(1, ge=0, le=30)
    minutes_working_days: int = Field(15, ge=1, le=60)
    first_core_group_working_days: int = Field(10, ge=1, le=60)
    core_group_every_weeks: int = Field(6, ge=1, le=26)
    first_review_months: int = Field(3, ge=1, le=12)
    later_reviews_months: int = Field(6, ge=1, le=12)
    complaint_days: int = Field(28, ge=1, le=365)
    children_invited_from_age: int = Field(12, ge=5, le=17)


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


class Attendance(_Strict):
    usually_invited: list[Attendee] = Field(min_length=1)
    # The police team's own name; None when the leaflet names no team (the guide
    # then says "a police officer").
    police_team: str | None = Field(None, min_length=3, max_length=120)
    # "every": the police are asked to every conference; "initial": always to the
    # first (initial) conference, and to reviews when needed.
    police_at: Literal["every", "initial"] = "every"


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


class Complaints(_Strict):
    decision: list[ComplaintStep] = Field(min_length=1)
    process: list[ComplaintStep] = Field(min_length=1)
    professional: list[ComplaintStep] = Field(min_length=1)
    minutes: list[ComplaintStep] = Field(min_length=1)
    chair_service: list[ComplaintStep] = Field(min_length=1)
    records: list[ComplaintStep] = Field(
        ["ask_for_records", "information_commissioner"], min_length=1
    )

    def route(self, about: str) -> list[str]:
        return list(getattr(self, about))


# What a parent may be unhappy about, in the order the complaints page asks.
COMPLAINT_ROUTES = ("decision", "process", "professional", "minutes", "chair_service", "records")


class Place(_Strict):
    name: str = Field(min_length=2, max_length=120)
    address: str = Field(min_length=2, max_length=300)


class Local(_Strict):
    audio_recording_with_consent: bool = False
    arrive_minutes_early: int | None = Field(None, ge=0, le=120)
    observers_notice_days: int | None = Field(None, ge=0, le=30)
    # A parent who cannot come (e.g. in hospital or custody) may send a representative.
    representative_if_unable: bool = False
    # Places where a parent can get help with translation or another format.
    format_help_places: list[Place] = []


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
    address: str = ""
    website: str = ""
    session_timeout_minutes: int = Field(20, ge=5, le=120)
    contacts: Contacts
    timescales: Timescales = Timescales()
    attendance: Attendance
    complaints: Complaints
    local: Local = Local()
    staff: Staff = Staff()
    retention: Retention = Retention()

    @field_validator("website")
    @classmethod
    def _https(cls, value: str) -> str:
        if value and not value.startswith("https://"):
            raise ValueError("must start with https://")
        return value


def profile_path(slug: str, directory: str | Path | None = None) -> Path:
    return Path(directory or PROFILE_DIR) / f"{slug}.toml"


def read_profile(path: Path) -> Profile:
    """Read and check one file; every problem is listed with its field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProfileError(f"{path}: no such profile file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError("\n".join(describe_errors(path, exc))) from exc
    if profile.slug != path.stem:
        # PORTAL_COUNCIL=<slug> opens <slug>.toml, so the two must agree.
        raise ProfileError(
            f"{path}: field 'slug': is {profile.slug!r} but the file is named "
            f"{path.name!r}; rename the file or change the slug so they match"
        )
    return profile


_PLAIN = {
    "missing": "is missing; add it",
    "extra_forbidden": "is not a field a profile can have; check its spelling and section",
}


def describe_errors(path: Path, exc: ValidationError) -> list[str]:
    """One line per problem: the file, the field (dotted, as in the TOML) and what is wrong."""
    lines = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        message = _PLAIN.get(err["type"], err["msg"])
        if err["type"] not in _PLAIN and "input" in err and not isinstance(err["input"], dict):
            message = f"{message} (found {err['input']!r})"
        lines.append(f"{path}: field '{field}': {message}")
    return lines


def load_profile(slug: str, directory: str | Path | None = None) -> Profile:
    return read_profile(profile_path(slug, directory))


def shipped_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))
