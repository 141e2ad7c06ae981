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
    "other_professionals",
]


class Attendance(_Strict):
    usually_invited: list[Attendee] = Field(min_length=1)
    police_team: str = Field(min_length=3, max_length=120)  # the team's own name
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
]


class Complaints(_Strict):
    decision: list[ComplaintStep] = Field(min_length=1)
    process: list[ComplaintStep] = Field(min_length=1)
    professional: list[ComplaintStep] = Field(min_length=1)
    minutes: list[ComplaintStep] = Field(min_length=1)
    chair_service: list[ComplaintStep] = Field(min_length=1)


class Local(_Strict):
    audio_recording_with_consent: bool = False
    arrive_minutes_early: int | None = Field(None, ge=0, le=120)
    observers_notice_days: int | None = Field(None, ge=0, le=30)


class Staff(_Strict):
    require_second_factor: bool = False


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
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{path}: field '{'.'.join(str(p) for p in err['loc']) or '(top)'}': {err['msg']}"
            for err in exc.errors()
        ]
        raise ProfileError("\n".join(problems)) from exc


def load_profile(slug: str, directory: str | Path | None = None) -> Profile:
    return read_profile(profile_path(slug, directory))


def shipped_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))
