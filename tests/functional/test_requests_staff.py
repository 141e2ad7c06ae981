"""The social worker's follow-through: every sent request with its age; arranged,
declined with a reason, or needs a conversation; the parent sees it and is told;
the dashboard counts open requests and marks those close to the conference."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, OutboxMessage, SupportRequest
from portal.models.requests import RequestKind, RequestState
from portal.models.staff import Role
from portal.timescales import add_working_days
from tests.conftest import check_page, csrf_token, make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import in_db, page, sign_in
from tests.functional.report_helpers import staff_sign_in

SW_EMAIL = "sam.okafor@example.org"


def _setup(app, days_ahead=20, state=RequestState.OPEN, kinds=(RequestKind.INTERPRETER,
                                                                 RequestKind.CHILDCARE)):
    def build(db):
        worker = make_staff(db, name="Sam Okafor", email=SW_EMAIL)
        other_worker = make_staff(db, name="Priya Shah", email="priya@example.org")
        starts_on = add_working_days(date.today(), days_ahead) if days_ahead > 0 else date.today()
        conference = make_conference(db, social_worker=worker, starts_on=starts_on)
        invitation, token, code = make_invitation(db, conference, name="Dana Whitfield",
                                                  email="dana@example.net")
        details = {RequestKind.INTERPRETER: {"language": "ti", "translate_documents": "no"},
                   RequestKind.CHILDCARE: {"children": 2, "ages": "3 and 6"}}
        ids = []
        for kind in kinds:
            row = SupportRequest(
                invitation_id=invitation.id, kind=kind, details=details.get(kind, {"notes": "x"}),
                state=state, staff_note="",
                sent_at=None if state == RequestState.DRAFT
                else datetime.now(UTC) - timedelta(days=2),
            )
            db.add(row)
            db.flush()
            ids.append(row.id)
        other_conference = make_conference(db, social_worker=other_worker)
        other_invitation, _t, _c = make_invitation(db, other_conference, name="Chloe Barnes")
        other = SupportRequest(invitation_id=other_invitation.id, kind=RequestKind.OTHER,
                               details={"notes": "Chloe's private request"},
                               state=RequestState.OPEN, staff_note="",
                               sent_at=datetime.now(UTC))
        db.add(other)
        db.flush()
        return {"conference": conference.id, "invitation": invitation.id, "token": token,
                "code": code, "ids": ids, "other_conference": other_conference.id,
                "other_id": other.id}

    return in_db(app, build)


def _post(client, url, data):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _state(app, request_id):
    return in_db(app, lambda db: (lambda r: (r.state, r.staff_note, r.decided_by_id))(
        db.get(SupportRequest, request_id)))


def _events(app):
    return in_db(app, lambda db: [m.event for m in
                                  db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))])


@pytest.fixture
def world(app, client):
    made = _setup(app)
    staff_sign_in(client, SW_EMAIL)
    return made


def test_list_shows_every_sent_request_with_its_age(app, client, world):
    html = page(client, f"/staff/conferences/{world['conference']}/requests")
    assert "An interpreter" in html and "Childcare" in html
    assert "Tigrinya – ትግርኛ" in html and "Their ages: 3 and 6" in html
    assert "2 days ago" in html
    assert "Dana Whitfield" in html
    assert "Chloe" not in html
    assert "2 requests are waiting for you." in html
    audited = in_db(app, lambda db: {e.action for e in db.scalars(select(AuditEvent))})
    assert "viewed_requests" in audited


def test_arrange_one_and_decline_the_other_with_a_reason(app, client, world):
    interpreter, childcare = world["ids"]
    base = f"/staff/conferences/{world['conference']}/requests"
    html = page(client, f"{base}/{interpreter}")
    assert "Save and tell the parent" in html
    response = _post(client, f"{base}/{interpreter}",
                     {"state": "arranged", "note": "Meron will interpret, in person."})
    assert response.status_code == 302
    assert _state(app, interpreter)[:2] == (RequestState.ARRANGED,
                                            "Meron will interpret, in person.")
    # Declining needs a reason; nothing changes without one.
    response = _post(client, f"{base}/{childcare}", {"state": "declined", "note": "  "})
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert "Enter the reason" in soup.select_one(".error-summary").get_text()
    assert _state(app, childcare)[0] == RequestState.OPEN
    _post(client, f"{base}/{childcare}",
          {"state": "declined", "note": "The crèche is closed that day. Your sister may help?"})
    assert _state(app, childcare)[0] == RequestState.DECLINED
    # The parent is told twice (once per change), with no details in the message.
    assert _events(app) == ["request_changed", "request_changed"]
    # The parent sees both outcomes, and the reason, on their task list.
    parent = app.test_client()
    sign_in(parent, world["token"], world["code"])
    tasks = page(parent, "/tasks")
    assert "An interpreter: Arranged" in tasks and "Meron will interpret" in tasks
    assert "Childcare: Not possible" in tasks and "The crèche is closed that day" in tasks
    detail = page(parent, f"/what-you-need/{childcare}")
    assert "Why this is not possible" in detail


def test_needs_a_conversation(app, client, world):
    interpreter, _childcare = world["ids"]
    url = f"/staff/conferences/{world['conference']}/requests/{interpreter}"
    _post(client, url, {"state": "conversation", "note": ""})
    assert _state(app, interpreter)[0] == RequestState.CONVERSATION


@pytest.mark.parametrize(
    ("data", "message"),
    [({"state": "", "note": "x"}, "Choose arranged, declined"),
     ({"state": "open", "note": "x"}, "Choose arranged, declined"),
     ({"state": "withdrawn", "note": "x"}, "Choose arranged, declined"),
     ({"state": "arranged", "note": "x" * 1001}, "1,000 characters or fewer")],
)
def test_bad_decisions_change_nothing(app, client, world, data, message):
    interpreter, _childcare = world["ids"]
    url = f"/staff/conferences/{world['conference']}/requests/{interpreter}"
    response = _post(client, url, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _state(app, interpreter)[0] == RequestState.OPEN
    assert _events(app) == []


def test_other_conferences_and_ids_are_not_found(app, client, world):
    base = f"/staff/conferences/{world['conference']}/requests"
    # A request of another conference, through this conference's address.
    assert client.get(f"{base}/{world['other_id']}").status_code == 404
    assert client.get(f"{base}/999999").status_code == 404
    # A conference this social worker is not allocated to.
    other = f"/staff/conferences/{world['other_conference']}/requests"
    assert client.get(other).status_code == 404
    assert client.get(f"{other}/{world['other_id']}").status_code == 404
    token = csrf_token(client.get(base).get_data(as_text=True))
    response = client.post(f"{other}/{world['other_id']}",
                           data={"csrf_token": token, "state": "arranged", "note": ""})
    assert response.status_code == 404
    assert _state(app, world["other_id"])[0] == RequestState.OPEN


@pytest.mark.parametrize("role", [Role.INTERPRETER, Role.ADMIN])
def test_interpreters_and_administrators_see_no_requests(app, client, world, role):
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(
        client.get("/staff/").get_data(as_text=True))})
    in_db(app, lambda db: make_staff(db, role=role, email=f"{role.value}@example.org"))
    fresh = app.test_client()
    staff_sign_in(fresh, f"{role.value}@example.org")
    assert fresh.get(f"/staff/conferences/{world['conference']}/requests").status_code == 404


def test_manager_can_follow_through(app, client, world):
    in_db(app, lambda db: make_staff(db, role=Role.MANAGER, email="jo@example.org"))
    manager = app.test_client()
    staff_sign_in(manager, "jo@example.org")
    assert manager.get(f"/staff/conferences/{world['conference']}/requests").status_code == 200


def test_drafts_are_the_parents_own(app, client):
    made = _setup(app, state=RequestState.DRAFT, kinds=(RequestKind.CHILDCARE,))
    staff_sign_in(client, SW_EMAIL)
    html = page(client, f"/staff/conferences/{made['conference']}/requests")
    assert "Nobody has asked for anything yet" in html
    url = f"/staff/conferences/{made['conference']}/requests/{made['ids'][0]}"
    assert client.get(url).status_code == 404


def test_withdrawn_request_cannot_be_decided(app, client):
    made = _setup(app, state=RequestState.WITHDRAWN, kinds=(RequestKind.CHILDCARE,))
    staff_sign_in(client, SW_EMAIL)
    url = f"/staff/conferences/{made['conference']}/requests/{made['ids'][0]}"
    html = page(client, url)
    assert "withdrew this request" in html and "Save and tell the parent" not in html
    token = csrf_token(html)
    client.post(url, data={"csrf_token": token, "state": "arranged", "note": ""})
    assert _state(app, made["ids"][0])[0] == RequestState.WITHDRAWN


def test_dashboard_counts_open_requests(app, client, world):
    html = page(client, "/staff/")
    assert "2 open" in html
    assert "Still open within 3 working days" not in html


def test_dashboard_marks_requests_still_open_close_to_the_conference(app, client):
    made = _setup(app, days_ahead=2)
    staff_sign_in(client, SW_EMAIL)
    html = page(client, "/staff/")
    assert "2 open" in html and "Still open within 3 working days of the conference" in html
    html = page(client, f"/staff/conferences/{made['conference']}/requests")
    assert "The conference is within 3 working days" in html
    # Once answered, a request is no longer open.
    for request_id in made["ids"]:
        _post(client, f"/staff/conferences/{made['conference']}/requests/{request_id}",
              {"state": "arranged", "note": ""})
    html = page(client, "/staff/")
    assert "2 open" not in html and "Still open within" not in html
