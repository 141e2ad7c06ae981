"""Helpers for the report and review tests: a conference with its social worker, a
written and shared report, and invited parents; staff sign-in through the real page."""

from dataclasses import dataclass

from portal import reports
from tests.conftest import STAFF_PASSWORD, csrf_token, make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import in_db

TEXTS = [
    "[fact] Amani is 7 and goes to Park School.\n\n- [observation] The home was warm and tidy.",
    "[allegation, second-hand: school] A neighbour told the school there was shouting at night.",
    "**Amani** loves reading. [opinion] Dana is a caring mother.",
    "1. Dana to go to the parenting course\n2. The social worker to visit every week",
    "Child protection plan under the category of neglect.",
]


@dataclass
class Family:
    conference_id: int
    social_worker_email: str
    parents: list  # [(invitation_id, token, code)]
    section_ids: list


def make_family(app, names=("Dana Whitfield", "Tesfay Gebremedhin"), share=True, **kw) -> Family:
    def build(db):
        worker = make_staff(db, name="Sam Okafor")
        conference = make_conference(db, social_worker=worker, **kw)
        report = reports.get_or_create_report(conference)
        for section, text in zip(report.sections, TEXTS, strict=True):
            reports.save_section(report, section, section.heading, text)
        if share:
            reports.share(report, worker)
        db.commit()
        parents = []
        for name in names:
            invitation, token, code = make_invitation(db, conference, name=name)
            parents.append((invitation.id, token, code))
        return Family(conference.id, worker.email, parents, [s.id for s in report.sections])

    return in_db(app, build)


def staff_sign_in(client, email, password=STAFF_PASSWORD):
    page = client.get("/staff/sign-in")
    response = client.post(
        "/staff/sign-in",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "email": email,
            "password": password,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
