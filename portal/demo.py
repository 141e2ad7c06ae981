"""The demo council: conferences, invited parents and one staff account per role.

Used by `make run` and `flask portal demo`. Secrets are new random values each
time; they are printed once and only their hashes are stored.
"""

import secrets
from datetime import date, time

from sqlalchemy import func, select

from portal import reports, requests_data
from portal.db import session
from portal.invitations import create_invitation, format_code, link_path
from portal.models import Child, Conference, ConferenceInterpreter, Council, StaffUser
from portal.models.conference import ConferenceKind
from portal.models.staff import Role
from portal.passwords import hash_secret
from portal.profiles import Profile
from portal.timescales import add_working_days


def has_data() -> bool:
    return bool(session().scalar(select(func.count()).select_from(Council)))


def get_or_create_council(profile: Profile) -> Council:
    council = session().scalar(select(Council).where(Council.slug == profile.slug))
    if council is None:
        council = Council(slug=profile.slug, name=profile.name)
        session().add(council)
    return council


def _staff(
    council: Council, role: Role, name: str, email: str, phone: str = ""
) -> tuple[StaffUser, dict]:
    password = secrets.token_urlsafe(12)
    user = StaffUser(
        council_id=council.id,
        email=email,
        name=name,
        phone=phone,
        role=role,
        password_hash=hash_secret(password),
    )
    session().add(user)
    return user, {"email": email, "password": password, "role": role.value, "name": name}


def load(profile: Profile, today: date | None = None) -> dict:
    """Load the demo and return what a person needs to sign in to each part of it."""
    today = today or date.today()
    council = get_or_create_council(profile)
    session().flush()

    sw1, a = _staff(
        council, Role.SOCIAL_WORKER, "Sam Okafor", "sam.okafor@example.org", "020 7946 0101"
    )
    sw2, b = _staff(
        council, Role.SOCIAL_WORKER, "Priya Shah", "priya.shah@example.org", "020 7946 0102"
    )
    _m, c = _staff(council, Role.MANAGER, "Jo Ellis", "jo.ellis@example.org")
    interp, d = _staff(council, Role.INTERPRETER, "Yonas Tesfaye", "yonas.tesfaye@example.org")
    _ad, e = _staff(council, Role.ADMIN, "Alex Morgan", "alex.morgan@example.org")
    session().flush()

    first = Conference(
        council=council,
        kind=ConferenceKind.INITIAL,
        starts_on=add_working_days(today, 6),
        starts_at=time(10, 0),
        place="Room 2, Family Centre, 12 Station Road",
        chair_name="Ruth Adeyemi",
        social_worker_id=sw1.id,
    )
    first.children = [Child(first_name="Amani", age=7), Child(first_name="Leo", age=13)]
    second = Conference(
        council=council,
        kind=ConferenceKind.REVIEW,
        starts_on=add_working_days(today, 15),
        starts_at=time(14, 0),
        place="Meeting Room B, Civic Centre",
        chair_name="Martin Hughes",
        social_worker_id=sw2.id,
    )
    second.children = [Child(first_name="Maya", age=4)]
    session().add_all([first, second])
    session().flush()
    session().add(ConferenceInterpreter(conference_id=first.id, staff_id=interp.id))
    reports.load_demo(first, sw1)  # the first conference has a shared report

    invitations = []
    for conference, label, name, language in [
        (first, "first", "Dana Whitfield", "en"),
        (first, "first", "Tesfay Gebremedhin", "ti"),
        (second, "second", "Chloe Barnes", "en"),
    ]:
        _inv, token, code = create_invitation(conference, name, preferred_language=language)
        if language == "ti":  # has asked for an interpreter (see the staff dashboard)
            requests_data.load_demo(_inv)
        invitations.append(
            {
                "name": name,
                "link": link_path(token),
                "code": format_code(code),
                "conference": conference_label(conference, label),
            }
        )
    session().flush()
    return {"staff": [a, b, c, d, e], "invitations": invitations}


def conference_label(conference: Conference, label: str) -> str:
    return f"{label}: {conference.kind.value} conference on {conference.starts_on.isoformat()}"
