"""The demo council: conferences, invited parents and one staff account per role.

Used by `make run` and `flask portal demo`. Secrets are new random values each
time; they are printed once and only their hashes are stored.

The first conference shows the whole flow: its report is shared; one parent (Tesfay)
has read it, commented on two sections, written his views, asked for a Tigrinya
interpreter whom the social worker has arranged, and sent twice (so staff see what
the family sent, its version history and the print view); the other parent (Dana)
has not started. Everything is made through the same functions the pages use.
"""

import secrets
from datetime import date, time

from sqlalchemy import func, select

from portal import answers, clock, report_comments, reports, requests_data, sending
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
    today = today or clock.today()
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
        if language == "ti":  # has prepared and sent (see the staff dashboard)
            session().flush()
            _prepared_and_sent(_inv, sw1)
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


# Tesfay's words, as a parent might write them.
_COMMENTS = (
    (
        1,
        "partly",
        "There is shouting sometimes, but not every night. Leo missed school when he was ill.",
    ),
    (2, "agree", "Yes. Amani and her mum are very close. I help Leo with his homework every week."),
)
_VIEWS = {
    "risks.report": "I agree the children need more food in the house. I do not agree about "
    "the shouting every night.",
    "risks.change": "We need help with money so the kitchen is never empty.",
    "strengths.family": "The children love each other and both of us.",
    "strengths.parent": "I help Leo with school and I take Amani to the park.",
    "support.people": "My sister lives close and can help after school.",
    "support.services": "A food bank and someone to help with our money.",
    "next.after": "I want to keep seeing the children and work with the social worker.",
}
_ADDED_LATER = {
    "other.anything": "Please can the meeting start after 10am? I take Amani to school."
}


def _prepared_and_sent(invitation, social_worker: StaffUser) -> None:
    """The demo parent who has done everything: read and commented, written his views,
    had his interpreter arranged, sent, then added one more thing and sent again."""
    shared = report_comments.shared_report(invitation)
    report_comments.mark_opened(invitation)
    report_comments.mark_seen(invitation, shared)
    sections = report_comments.version_sections(shared)
    for index, agreement, text in _COMMENTS:
        report_comments.save_comment(
            invitation, str(sections[index]["id"]), agreement, text, shared.number
        )
    answers.mark_page_saved(invitation, "report")
    answers.mark_page_saved(invitation, "about")
    answers.save_answers(invitation, _VIEWS)
    for slug in ("risks", "strengths", "support", "next-steps"):
        answers.mark_page_saved(invitation, f"views.{slug}")
    interpreter = requests_data.load_demo(invitation)
    requests_data.mark_done(invitation)
    requests_data.decide(
        interpreter,
        social_worker,
        requests_data.State.ARRANGED,
        "A Tigrinya interpreter will meet you at reception before the start.",
    )
    sending.send(invitation)
    answers.save_answers(invitation, _ADDED_LATER)
    answers.mark_page_saved(invitation, "views.anything-else")
    sending.send(invitation)


def conference_label(conference: Conference, label: str) -> str:
    return f"{label}: {conference.kind.value} conference on {conference.starts_on.isoformat()}"
