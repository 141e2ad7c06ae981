"""A family with words in every place the portal keeps a family's free text,
each carrying a marker so a test can look for it anywhere in the database."""

from dataclasses import dataclass

from portal import (
    answers,
    renderings,
    report_comments,
    reports,
    requests_data,
    sending,
    staff_accounts,
)
from portal.models import Invitation, StaffUser
from portal.models.requests import RequestKind
from portal.models.staff import Role
from tests.conftest import make_conference, make_invitation, make_staff

MARKER = "Quetzalword"


@dataclass
class Family:
    invitation_id: int
    conference_id: int
    social_worker_id: int
    token: str
    code: str
    words: dict[str, str]


def make_family(db, marker: str = MARKER, name: str = "Dana Whitfield", **conference_kw) -> Family:
    """Answers, a report comment, a request with details and a staff note, a sent
    version, a shared report and a social worker's second-factor secret."""
    worker = make_staff(db, Role.SOCIAL_WORKER, name="Sam Okafor")
    conference = make_conference(db, social_worker=worker, **conference_kw)
    invitation, token, code = make_invitation(
        db, conference, name=name, email=f"{marker.lower()}@example.net"
    )
    words = {
        "answer": f"We love our children {marker} very much",
        "answer_rtl": f"نحن نحب أطفالنا {marker}",
        "comment": f"That is not what happened {marker}",
        "request": f"Please bring a Tigrinya speaker {marker}",
        "staff_note": f"Booked for 9:30 {marker}",
        "report": f"The family moved house in June {marker}",
        "english": f"We love our children (in English) {marker}",
    }
    answers.save_answers(
        invitation, {"risks.change": words["answer"], "strengths.family": words["answer_rtl"]}
    )
    report = reports.get_or_create_report(conference)
    section = report.sections[0]
    reports.save_section(report, section, section.heading, words["report"])
    shared, _new = reports.share(report, worker)
    report_comments.save_comment(invitation, str(section.id), "disagree", words["comment"],
                                 shared.number)
    request = requests_data.save(
        invitation, RequestKind.OTHER, {"notes": words["request"]}
    )
    requests_data.send_now(request)
    version, _new = sending.send(invitation)
    interpreter = make_staff(db, Role.INTERPRETER, name="Yonas Tesfaye")
    row = renderings.find_row(version.content, "answers:strengths.family")
    renderings.save(version, version.number, row["key"], row["answer"], words["english"],
                    interpreter, 0)
    requests_data.decide(request, worker, requests_data.State.ARRANGED, words["staff_note"])
    staff_accounts.enrol_totp(worker, f"JBSWY3DP{marker.upper()}")
    db.commit()
    return Family(invitation.id, conference.id, worker.id, token, code, words)


def family_in(app, **kw) -> Family:
    """make_family in a request context of its own, closed again before the test goes
    on, so commands and other apps the test runs get their own context."""
    from portal.db import session

    with app.test_request_context():
        family = make_family(session(), **kw)
        session().close()
    return family


def get_invitation(db, family: Family) -> Invitation:
    return db.get(Invitation, family.invitation_id)


def get_worker(db, family: Family) -> StaffUser:
    return db.get(StaffUser, family.social_worker_id)
