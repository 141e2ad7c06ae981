"""The parent's task "What you need for the conference": asking, sending at once or
with the views, withdrawing, bad input, another family's ids, the calendar file."""

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.models import OutboxMessage, Submission, SupportRequest
from portal.models.requests import RequestKind, RequestState
from tests.conftest import check_page, csrf_token, make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import in_db, page, sign_in

ASK = "/what-you-need/ask/"


def _family(app, names=("Dana Whitfield",), worker_email="sam.okafor@example.org",
            **conference_kw):
    """A conference, its social worker and parents with email: (sw id, [(inv, token, code)])."""

    def build(db):
        worker = make_staff(db, name="Sam Okafor", email=worker_email)
        conference = make_conference(db, social_worker=worker, **conference_kw)
        made = []
        for i, name in enumerate(names):
            invitation, token, code = make_invitation(
                db, conference, name=name, email=f"parent{i}@example.net"
            )
            made.append((invitation.id, token, code))
        return worker.id, made

    return in_db(app, build)


@pytest.fixture
def family(app, client):
    worker_id, parents = _family(app, names=("Dana Whitfield", "Tesfay Gebremedhin"))
    sign_in(client, parents[0][1], parents[0][2])
    return worker_id, parents


def _post(client, url, data, token_page="/what-you-need", follow=False):
    token = csrf_token(client.get(token_page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=follow)


def _requests(app, invitation_id=None):
    def read(db):
        query = select(SupportRequest).order_by(SupportRequest.id)
        if invitation_id is not None:
            query = query.where(SupportRequest.invitation_id == invitation_id)
        return [(r.id, r.kind, r.state, dict(r.details), r.sent_at) for r in db.scalars(query)]

    return in_db(app, read)


def _messages(app):
    return in_db(
        app,
        lambda db: [(m.event, m.to_address, m.status.value) for m in
                    db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))],
    )


INTERPRETER = {"language": "Tigrinya", "language_notes": "Eritrean", "translate_documents": "yes"}


def test_every_page_is_well_formed(client, family):
    html = page(client, "/what-you-need")
    assert "Ask for something" in html
    for kind in RequestKind:
        html = page(client, ASK + kind.value)
        assert "Send this request now" in html
    assert 'list="language-options"' in page(client, ASK + "interpreter")
    assert "British Sign Language (BSL)" in page(client, ASK + "interpreter")
    assert "Tigrinya – ትግርኛ" in page(client, ASK + "interpreter")
    supporter = page(client, ASK + "supporter")
    assert "chair of the conference must agree" in supporter
    assert "solicitor can come as your supporter" in supporter
    assert "will hear private information" in supporter
    assert client.get(ASK + "no-such-kind").status_code == 404


def test_interpreter_sent_at_once_tells_the_social_worker(app, client, family):
    _worker, parents = family
    response = _post(client, ASK + "interpreter", {**INTERPRETER, "action": "send"})
    assert response.status_code == 302
    ((request_id, kind, state, details, sent_at),) = _requests(app)
    assert kind == RequestKind.INTERPRETER and state == RequestState.OPEN and sent_at
    assert details == {"language": "ti", "language_notes": "Eritrean", "translate_documents": "yes"}
    assert _messages(app) == [("request_made", "sam.okafor@example.org", "queued")]
    html = page(client, f"/what-you-need/{request_id}")
    assert "Sent – waiting for a reply" in html and "Tigrinya – ትግርኛ" in html
    # The task list shows the state under the task.
    tasks = page(client, "/tasks")
    assert "An interpreter: Sent – waiting for a reply" in tasks


@pytest.mark.parametrize("typed", ["tigrinya", "ትግርኛ", "Tigrinya – ትግርኛ", "  TIGRINYA "])
def test_language_found_however_it_is_typed(app, client, family, typed):
    _post(client, ASK + "interpreter", {**INTERPRETER, "language": typed, "action": "save"})
    ((_id, _kind, state, details, _sent),) = _requests(app)
    assert details["language"] == "ti" and state == RequestState.DRAFT


def test_unknown_language_is_explained_and_nothing_is_lost(app, client, family):
    response = _post(client, ASK + "interpreter",
                     {**INTERPRETER, "language": "Klingon", "action": "send"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    soup = check_page(html)
    assert soup.title.get_text().startswith("Error:")
    assert "We do not know that language" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#language")["value"] == "Klingon"
    assert soup.select_one("#language_notes")["value"] == "Eritrean"
    assert _requests(app) == []


def test_another_language_needs_its_name(app, client, family):
    html = _post(client, ASK + "interpreter", {
        "language": "Another language (tell us which below)", "translate_documents": "no",
        "action": "send"}).get_data(as_text=True)
    assert "Tell us which language you need" in html
    _post(client, ASK + "interpreter", {
        "language": "Another language (tell us which below)", "language_notes": "Saho",
        "translate_documents": "no", "action": "send"})
    ((_id, _kind, _state, details, _sent),) = _requests(app)
    assert details["language"] == "other" and details["language_notes"] == "Saho"


@pytest.mark.parametrize(
    ("children", "message"),
    [("-1", "as a number"), ("two", "as a number"), ("0", "from 1 to 12"),
     ("99", "from 1 to 12"), ("1e9", "as a number"), ("", "Enter how many children"),
     ("٢", "as a number")],
)
def test_bad_number_of_children(app, client, family, children, message):
    response = _post(client, ASK + "childcare",
                     {"children": children, "ages": "3 and 6", "action": "send"})
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert message in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#ages")["value"] == "3 and 6"
    assert _requests(app) == []


def test_childcare_for_two(app, client, family):
    _post(client, ASK + "childcare", {"children": "2", "ages": "3 and 6", "action": "send"})
    ((_id, kind, state, details, _sent),) = _requests(app)
    assert kind == RequestKind.CHILDCARE and state == RequestState.OPEN
    assert details == {"children": 2, "ages": "3 and 6"}


def test_over_long_note_keeps_the_text(app, client, family):
    long = "ሀ" * 1001
    response = _post(client, ASK + "other", {"notes": long, "action": "send"})
    soup = check_page(response.get_data(as_text=True))
    assert "1,000 characters or fewer" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#notes").get_text() == long
    assert _requests(app) == []


def test_control_characters_and_script_are_harmless(app, client, family):
    response = _post(client, ASK + "other", {"notes": "help\x00me", "action": "send"})
    assert "hidden control characters" in response.get_data(as_text=True)
    _post(client, ASK + "other", {"notes": "<script>alert(1)</script>", "action": "send"})
    ((request_id, *_rest),) = _requests(app)
    html = page(client, f"/what-you-need/{request_id}")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_conditional_answers(app, client, family):
    html = _post(client, ASK + "access", {"needs": ["other"], "action": "send"}).get_data(
        as_text=True)
    assert "Tell us what else you need" in html
    html = _post(client, ASK + "cannot_attend", {"choice": "move_date", "action": "send"}
                 ).get_data(as_text=True)
    assert "Tell us why you need a different date" in html
    html = _post(client, ASK + "format", {"formats": ["translated"], "action": "send"}
                 ).get_data(as_text=True)
    assert "Enter the language you want the report in" in html
    html = _post(client, ASK + "travel", {"needs": ["taxi-to-the-moon"], "action": "send"}
                 ).get_data(as_text=True)
    assert "Choose at least one kind of help" in html
    html = _post(client, ASK + "supporter", {"name": "Ann", "relationship": "boss",
                                             "action": "send"}).get_data(as_text=True)
    assert "Choose who the person is" in html
    assert _requests(app) == []
    _post(client, ASK + "cannot_attend", {
        "choice": "move_date", "notes": "I am in hospital that week", "action": "send"})
    _post(client, ASK + "format", {"formats": ["large_print", "translated"],
                                   "language": "Arabic", "action": "save"})
    _post(client, ASK + "travel", {"needs": ["costs", "meet"], "action": "save"})
    _post(client, ASK + "supporter", {"name": "Ann Lee", "relationship": "advocate",
                                      "action": "save"})
    kinds = {kind: details for _id, kind, _state, details, _sent in _requests(app)}
    assert kinds[RequestKind.FORMAT] == {"formats": ["large_print", "translated"],
                                         "language": "ar"}
    assert kinds[RequestKind.TRAVEL] == {"needs": ["costs", "meet"]}
    assert kinds[RequestKind.SUPPORTER] == {"name": "Ann Lee", "relationship": "advocate"}


def test_draft_can_change_then_goes_with_the_views(app, client, family):
    worker_id, parents = family
    _post(client, ASK + "childcare", {"children": "1", "ages": "4", "action": "save"})
    ((request_id, _kind, state, _details, sent_at),) = _requests(app)
    assert state == RequestState.DRAFT and sent_at is None
    assert _messages(app) == []  # a draft tells nobody
    html = page(client, f"/what-you-need/{request_id}/change")
    assert 'value="1"' in html
    _post(client, f"/what-you-need/{request_id}/change",
          {"children": "2", "ages": "4 and 9", "action": "save"})
    ((_id, _kind, state, details, _sent),) = _requests(app)
    assert details == {"children": 2, "ages": "4 and 9"} and state == RequestState.DRAFT
    # Check your answers shows it, with a change link.
    check = page(client, "/check")
    assert "Childcare" in check and "Their ages: 4 and 9" in check
    assert f"/what-you-need/{request_id}" in check
    # Send everything: the draft is sent too, and the social worker is told once.
    response = _post(client, "/send", {}, token_page="/send")
    assert response.status_code == 302
    ((_id, _kind, state, _details, sent_at),) = _requests(app)
    assert state == RequestState.OPEN and sent_at is not None
    assert [m[0] for m in _messages(app)] == ["views_sent"]
    content = in_db(app, lambda db: db.scalar(select(Submission.content)))
    (item,) = content["requests"]
    assert item["kind"] == "childcare" and item["details"] == {"children": 2, "ages": "4 and 9"}
    assert ["Number of children", "2"] in item["words"]
    # Once sent, it cannot be changed (only withdrawn).
    assert client.get(f"/what-you-need/{request_id}/change").status_code == 302
    response = _post(client, f"/what-you-need/{request_id}/change",
                     {"children": "5", "ages": "1", "action": "save"})
    assert response.status_code == 400
    assert _requests(app)[0][3] == {"children": 2, "ages": "4 and 9"}


def test_send_one_saved_request_now(app, client, family):
    _post(client, ASK + "other", {"notes": "A quiet room to wait in", "action": "save"})
    ((request_id, *_rest),) = _requests(app)
    html = page(client, f"/what-you-need/{request_id}")
    assert "has not been sent yet" in html
    detail = f"/what-you-need/{request_id}"
    _post(client, f"{detail}/send", {}, token_page=detail)
    _post(client, f"{detail}/send", {}, token_page=detail)
    assert _requests(app)[0][2] == RequestState.OPEN
    assert [m[0] for m in _messages(app)] == ["request_made"]  # once, not twice


def test_the_same_form_twice_makes_one_request(app, client, family):
    data = {"children": "2", "ages": "3 and 6", "action": "send"}
    _post(client, ASK + "childcare", data)
    _post(client, ASK + "childcare", data)
    assert len(_requests(app)) == 1
    assert [m[0] for m in _messages(app)] == ["request_made"]


def test_withdraw(app, client, family):
    _post(client, ASK + "interpreter", {**INTERPRETER, "action": "send"})
    ((request_id, *_rest),) = _requests(app)
    html = page(client, f"/what-you-need/{request_id}/withdraw")
    assert "Withdraw this request?" in html
    response = _post(client, f"/what-you-need/{request_id}/withdraw", {},
                     token_page=f"/what-you-need/{request_id}/withdraw")
    assert response.status_code == 302
    assert _requests(app)[0][2] == RequestState.WITHDRAWN
    assert [m[0] for m in _messages(app)] == ["request_made", "request_withdrawn"]
    html = page(client, "/what-you-need")
    assert "Requests you withdrew" in html
    # After withdrawing, the parent can ask again.
    assert client.get(ASK + "interpreter").status_code == 200


def test_another_familys_request_is_not_found(app, client, family):
    _worker, parents = family
    other = _family(app, names=("Chloe Barnes",), worker_email="priya@example.org")[1][0]

    def add(db):
        row = SupportRequest(invitation_id=other[0], kind=RequestKind.OTHER,
                             details={"notes": "private"}, state=RequestState.DRAFT,
                             staff_note="")
        db.add(row)
        db.flush()
        return row.id

    theirs = in_db(app, add)
    # The second parent of the same conference is "another family" too.
    sibling = parents[1][0]

    def add_sibling(db):
        row = SupportRequest(invitation_id=sibling, kind=RequestKind.OTHER,
                             details={"notes": "mine alone"}, state=RequestState.DRAFT,
                             staff_note="")
        db.add(row)
        db.flush()
        return row.id

    theirs_too = in_db(app, add_sibling)
    for request_id in (theirs, theirs_too, 999999):
        for url in (f"/what-you-need/{request_id}", f"/what-you-need/{request_id}/change",
                    f"/what-you-need/{request_id}/withdraw"):
            assert client.get(url).status_code == 404, url
        for url in (f"/what-you-need/{request_id}/send", f"/what-you-need/{request_id}/withdraw"):
            assert _post(client, url, {}).status_code == 404, url
    states = in_db(app, lambda db: [r.state for r in db.scalars(select(SupportRequest))])
    assert states == [RequestState.DRAFT, RequestState.DRAFT]
    assert "private" not in page(client, "/what-you-need")


def test_task_status_and_nothing_needed(app, client, family):
    tasks = page(client, "/tasks")
    assert "What you need for the conference" in tasks
    soup = check_page(tasks)
    task = [t for t in soup.select(".task") if "What you need" in t.get_text()][0]
    assert task.select_one(".tag").get_text() == "Not started"
    html = page(client, "/what-you-need")
    assert "I do not need anything" in html
    _post(client, "/what-you-need", {})
    soup = check_page(page(client, "/tasks"))
    task = [t for t in soup.select(".task") if "What you need" in t.get_text()][0]
    assert task.select_one(".tag").get_text() == "Completed"


def test_stale_token_shows_the_form_again_filled_in(app, client, family):
    client.get("/what-you-need")
    response = client.post(ASK + "childcare", data={
        "csrf_token": "stale", "children": "2", "ages": "3 and 6", "action": "send"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    check_page(html)
    assert "was not saved yet" in html and 'value="3 and 6"' in html
    assert _requests(app) == []


def test_after_the_conference_started_nothing_changes(app, client):
    _worker, parents = _family(app, starts_on=date.today() - timedelta(days=1))
    sign_in(client, parents[0][1], parents[0][2])
    html = page(client, "/what-you-need")
    assert "Ask for something" not in html
    response = _post(client, ASK + "childcare",
                     {"children": "2", "ages": "3", "action": "send"})
    assert response.status_code == 400
    assert _requests(app) == []


def test_signed_out_parent_cannot_see_requests(client):
    response = client.get("/what-you-need")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert client.get("/about/conference.ics").status_code == 302


def test_calendar_file_has_when_and_where_and_no_family_details(app, client):
    _worker, parents = _family(app, starts_on=date(2027, 3, 29), starts_at=time(10, 0),
                               place="Room 2, Family Centre")
    sign_in(client, parents[0][1], parents[0][2])
    assert "/about/conference.ics" in page(client, "/about")
    response = client.get("/about/conference.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    for private in ("Dana", "Whitfield", "Amani", "Sam Okafor", "Ruth", "parent0@", parents[0][1]):
        assert private not in text, private
    event = Calendar.from_ical(response.get_data()).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.date(), start.hour) == (date(2027, 3, 29), 10)
    assert start.utcoffset() == timedelta(hours=1)  # British Summer Time
    assert str(event["location"]) == "Room 2, Family Centre"
