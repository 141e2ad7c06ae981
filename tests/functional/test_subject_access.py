"""The subject access export: only managers; complete; recorded in the audit trail
(and shown to the parent); the parent's words escaped in the HTML, exact in the JSON."""

import json

import pytest
from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent
from portal.models.staff import Role
from tests.conftest import check_page, make_staff
from tests.functional.family_helpers import family_in
from tests.functional.parent_helpers import sign_in
from tests.functional.report_helpers import staff_sign_in

SCRIPT = '<script>alert("x")</script>'


def _staff(app, role):
    with app.app_context():
        user = make_staff(session(), role)
        session().commit()
        email = user.email
        session().close()
    return email


def _urls(family):
    base = f"/staff/conferences/{family.conference_id}/family/{family.invitation_id}"
    return f"{base}/subject-access", f"{base}/subject-access.json"


def _events(app, family):
    with app.app_context():
        found = [
            (e.action, e.role) for e in session().scalars(
                select(AuditEvent).where(AuditEvent.invitation_id == family.invitation_id)
                .order_by(AuditEvent.id)
            )
        ]
        session().close()
    return found


def test_a_manager_gets_everything_as_a_page_and_as_json_and_both_are_recorded(app, client):
    family = family_in(app, marker=f"Quetzal{SCRIPT}")
    staff_sign_in(client, _staff(app, Role.MANAGER))
    page_url, json_url = _urls(family)

    response = client.get(page_url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    check_page(html)
    for words in family.words.values():
        if words == family.words["report"]:
            continue  # the social worker's report is not the parent's; it is not exported
        assert words.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in html, words
    assert SCRIPT not in html  # escaped everywhere
    assert "Dana Whitfield" in html
    assert "I disagree" in html or "disagree" in html
    assert "Arranged" in html  # the request's state, and the staff note above
    assert "Made this export" in html  # the readers' table, in words

    response = client.get(json_url)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    found = json.loads(response.get_data(as_text=True))
    assert found["parent"]["name"] == "Dana Whitfield"
    assert {a["text"] for a in found["saved_answers"]} == {
        family.words["answer"], family.words["answer_rtl"]}
    assert len(found["sent_versions"]) == 1
    sent = found["sent_versions"][0]
    assert sent["content"]["answers"]["risks.change"] == family.words["answer"]
    assert found["requests"][0]["details"] == {"notes": family.words["request"]}
    assert found["requests"][0]["staff_note"] == family.words["staff_note"]
    assert found["requests"][0]["state"] == "arranged"
    assert found["report_comments"][0]["text"] == family.words["comment"]
    assert found["report_comments"][0]["agreement"] == "disagree"
    assert found["report_comments"][0]["section"]  # the heading the parent read
    (english,) = found["english_renderings"]
    assert english["english"] == family.words["english"] and english["by"] == "Yonas Tesfaye"
    assert english["version"] == 1 and english["row"] == "answers:strengths.family"
    # Who read it: the export itself, made by the manager, is on the list.
    assert ("exported_subject_access", "manager") in [
        (e["action"], e["role"]) for e in found["read_by"]]
    assert [m["to"] for m in found["messages"]]  # the parent's messages (request decided)
    # Both exports are in the audit trail.
    assert _events(app, family)[-2:] == [
        ("exported_subject_access", "manager"), ("exported_subject_access_json", "manager")]


def test_the_parent_sees_that_a_copy_was_made(app, client):
    family = family_in(app)
    manager = app.test_client()
    staff_sign_in(manager, _staff(app, Role.MANAGER))
    manager.get(_urls(family)[0])
    sign_in(client, family.token, family.code)
    html = client.get("/readers").get_data(as_text=True)
    assert "Made a copy of all your information" in html


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.INTERPRETER, Role.ADMIN])
def test_only_managers(app, client, role):
    family = family_in(app)
    staff_sign_in(client, _staff(app, role))
    before = _events(app, family)
    for url in _urls(family):
        response = client.get(url)
        assert response.status_code == 404, (role, url)
    assert _events(app, family) == before  # nothing recorded, nothing shown


def test_the_allocated_social_worker_is_refused_too(app, client):
    family = family_in(app)
    with app.app_context():
        from portal.models import StaffUser

        worker = session().get(StaffUser, family.social_worker_id)
        worker.totp_secret = None  # sign in without the second factor for this test
        session().commit()
        email = worker.email
        session().close()
    staff_sign_in(client, email)
    assert client.get(f"/staff/conferences/{family.conference_id}").status_code == 200
    for url in _urls(family):
        assert client.get(url).status_code == 404


def test_anonymous_and_parents_are_refused(app, client):
    family = family_in(app)
    for url in _urls(family):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert "Quetzal" not in response.get_data(as_text=True)
    sign_in(client, family.token, family.code)
    for url in _urls(family):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert "Quetzal" not in response.get_data(as_text=True)


def test_another_conferences_invitation_is_not_found(app, client):
    one = family_in(app)
    other = family_in(app, marker="Otherword", name="Olga Other")
    staff_sign_in(client, _staff(app, Role.MANAGER))
    base = f"/staff/conferences/{one.conference_id}/family/{other.invitation_id}"
    assert client.get(f"{base}/subject-access").status_code == 404
    assert client.get(f"{base}/subject-access.json").status_code == 404


def test_the_export_after_the_content_was_removed(app, client):
    family = family_in(app, days_ahead=-400)
    app.test_cli_runner().invoke(args=["portal", "purge"])
    staff_sign_in(client, _staff(app, Role.MANAGER))
    page_url, json_url = _urls(family)
    html = client.get(page_url).get_data(as_text=True)
    check_page(html)
    assert "content was removed" in html
    found = json.loads(client.get(json_url).get_data(as_text=True))
    assert found["saved_answers"] == [] and found["parent"]["name"] == ""
