"""Recording the date the minutes and plan were sent to the family (staff conference
page), bad input on that form, and the complaint deadline it gives on the staff page,
the parent's "About your conference" page and the parent's complaint route."""

from datetime import date, timedelta

import pytest

from portal import clock
from portal.db import session
from portal.models import Conference, StaffUser
from portal.models.staff import Role
from tests.conftest import check_page, csrf_token, make_conference, make_invitation
from tests.functional.guide_helpers import sign_in_parent
from tests.functional.test_staff_auth import new_staff, sign_in
from tests.timescales_helpers import full_timescales

# A Monday well in the past, so the minutes can have been sent after it.
CONFERENCE_ON = date(2026, 10, 5)
# Minutes sent on Friday 30 October 2026. The last day to complain is 28 calendar days
# later (profile.timescales.complaint_days; portal.keydates.complaint_deadline counts
# from the day they were sent, which is never later than counting from receipt):
# 1 day to Sat 31 Oct, then 27 more days into November: Friday 27 November 2026.
SENT_ON = date(2026, 10, 30)
DEADLINE_TEXT = "Friday 27 November 2026"


@pytest.fixture(autouse=True)
def _every_timescale(use_council):
    """Every key date, the complaint time limit included (no one leaflet gives them all)."""
    use_council("county-cyps", timescales=full_timescales())


@pytest.fixture
def worker(app, client):
    user = new_staff(app, Role.SOCIAL_WORKER, name="Sam Worker")
    sign_in(client, user["email"])
    return user


def past_conference(app, worker_id: int | None, **kw) -> tuple[int, object]:
    """A conference on CONFERENCE_ON allocated to `worker_id`, with one parent invited."""
    with app.test_request_context():
        db = session()
        social_worker = db.get(StaffUser, worker_id) if worker_id else None
        conference = make_conference(db, starts_on=CONFERENCE_ON, social_worker=social_worker, **kw)
        invitation, _, _ = make_invitation(db, conference)
        db.expunge(invitation)
        return conference.id, invitation


def minutes_sent_on(app, conference_id: int) -> date | None:
    with app.test_request_context():
        return session().get(Conference, conference_id).minutes_sent_on


def post_date(client, conference_id: int, value: str, token: str | None = None):
    page = client.get(f"/staff/conferences/{conference_id}").get_data(as_text=True)
    return client.post(
        f"/staff/conferences/{conference_id}/minutes-sent",
        data={"csrf_token": token or csrf_token(page), "minutes_sent_on": value},
    )


def test_record_then_correct_the_date(app, client, worker):
    conference_id, invitation = past_conference(app, worker["id"])
    before = check_page(client.get(f"/staff/conferences/{conference_id}").get_data(as_text=True))
    assert before.find(id="minutes_sent_on").get("value") in (None, "")
    assert before.select_one(".key-date-complain_by") is None
    # Staff wording, not the parent's.
    dates = before.select_one(".key-dates").get_text(" ")
    assert "shared with the family by" in dates
    assert "with you" not in dates

    response = post_date(client, conference_id, SENT_ON.isoformat())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/conferences/{conference_id}#minutes")
    assert minutes_sent_on(app, conference_id) == SENT_ON

    page = client.get(f"/staff/conferences/{conference_id}")
    soup = check_page(page.get_data(as_text=True))
    assert "Date the minutes were sent saved." in soup.get_text()
    assert soup.find(id="minutes_sent_on")["value"] == SENT_ON.isoformat()
    row = soup.select_one(".key-date-complain_by")
    assert "The family's last day to complain in writing (28 days" in row.dt.get_text()
    assert row.dd.get_text(" ").strip() == DEADLINE_TEXT
    assert row.find("time")["datetime"] == "2026-11-27"

    # A date typed the British way, and correcting it later: the deadline moves.
    # Mon 2 Nov 2026 + 28 days = Mon 30 Nov 2026.
    assert post_date(client, conference_id, "02/11/2026").status_code == 302
    assert minutes_sent_on(app, conference_id) == date(2026, 11, 2)
    soup = check_page(client.get(f"/staff/conferences/{conference_id}").get_data(as_text=True))
    assert "Monday 30 November 2026" in soup.select_one(".key-date-complain_by").get_text(" ")

    # The same day as the conference is allowed.
    assert post_date(client, conference_id, CONFERENCE_ON.isoformat()).status_code == 302
    assert minutes_sent_on(app, conference_id) == CONFERENCE_ON


def test_the_parent_sees_the_deadline_after_it_is_recorded(app, client, worker):
    conference_id, invitation = past_conference(app, worker["id"])
    parent = app.test_client()
    sign_in_parent(parent, invitation)
    about = check_page(parent.get("/about").get_data(as_text=True))
    assert about.select_one(".key-date-complain_by") is None
    route = check_page(parent.get("/complaints/decision").get_data(as_text=True))
    assert "Your deadline" not in route.select_one(".deadline").get_text(" ")

    assert post_date(client, conference_id, SENT_ON.isoformat()).status_code == 302

    about = check_page(parent.get("/about").get_data(as_text=True))
    row = about.select_one(".key-date-complain_by")
    # The parent's own wording is unchanged.
    assert "Last day to complain in writing (28 days after" in row.dt.get_text()
    assert row.dd.get_text(" ").strip() == DEADLINE_TEXT
    assert "shared with you by" in about.select_one(".key-dates").get_text(" ")
    route = parent.get("/complaints/decision")
    soup = check_page(route.get_data(as_text=True))
    assert f"Your deadline: {DEADLINE_TEXT}." in soup.select_one(".deadline").get_text(" ")


TOMORROW = (clock.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the date the minutes and plan were sent"),
        ("   ", "Enter the date the minutes and plan were sent"),
        ("soon", "as a real date, like 27/03/2027"),
        ("31/02/2026", "as a real date, like 27/03/2027"),
        ("x" * 5000, "as a real date, like 27/03/2027"),
        ("<script>alert(1)</script>", "as a real date, like 27/03/2027"),
        ("2026-10-04", "cannot be before the conference"),
        (TOMORROW, "cannot be in the future"),
    ],
)
def test_bad_dates_are_shown_on_the_conference_page(app, client, worker, value, message):
    conference_id, _ = past_conference(app, worker["id"], minutes_sent_on=SENT_ON)
    response = post_date(client, conference_id, value)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error:")
    assert message in soup.select_one(".error-summary").get_text()
    assert soup.select_one(".error-summary a")["href"] == "#minutes_sent_on"
    assert message in soup.select_one("#minutes_sent_on-error").get_text()
    if value.strip() and len(value) < 100:
        assert soup.find(id="minutes_sent_on")["value"] == value  # what was typed is kept
    assert "<script>alert" not in response.get_data(as_text=True)
    # Nothing saved; the recorded date and its deadline still show.
    assert minutes_sent_on(app, conference_id) == SENT_ON
    assert DEADLINE_TEXT in soup.select_one(".key-date-complain_by").get_text(" ")


def test_stale_form_saves_nothing_and_keeps_what_was_typed(app, client, worker):
    conference_id, _ = past_conference(app, worker["id"])
    response = post_date(client, conference_id, SENT_ON.isoformat(), token="old")
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error:")
    assert "open too long" in soup.select_one(".error-summary").get_text()
    assert soup.find(id="minutes_sent_on")["value"] == SENT_ON.isoformat()
    assert minutes_sent_on(app, conference_id) is None


def test_another_conference_is_a_404(app, client, worker):
    other_worker = new_staff(app, Role.SOCIAL_WORKER, name="Alex Other")
    theirs, _ = past_conference(app, other_worker["id"])
    mine, _ = past_conference(app, worker["id"])
    page = client.get(f"/staff/conferences/{mine}").get_data(as_text=True)
    for conference_id in (theirs, 999_999, 2**31):
        response = client.post(
            f"/staff/conferences/{conference_id}/minutes-sent",
            data={"csrf_token": csrf_token(page), "minutes_sent_on": SENT_ON.isoformat()},
        )
        assert response.status_code == 404
    assert minutes_sent_on(app, theirs) is None


def test_a_manager_can_record_the_date(app, client):
    manager = new_staff(app, Role.MANAGER, name="Morgan Manager")
    sign_in(client, manager["email"])
    conference_id, _ = past_conference(app, None)
    assert post_date(client, conference_id, SENT_ON.isoformat()).status_code == 302
    assert minutes_sent_on(app, conference_id) == SENT_ON


def test_an_interpreter_neither_sees_nor_uses_the_form(app, client, worker):
    conference_id, _ = past_conference(app, worker["id"], minutes_sent_on=SENT_ON)
    interpreter = new_staff(app, Role.INTERPRETER, name="Yonas Tesfaye")
    page = client.get(f"/staff/conferences/{conference_id}").get_data(as_text=True)
    client.post(
        f"/staff/conferences/{conference_id}/interpreters",
        data={"csrf_token": csrf_token(page), "interpreter_id": str(interpreter["id"])},
    )
    other = app.test_client()
    sign_in(other, interpreter["email"])
    page = other.get(f"/staff/conferences/{conference_id}")
    assert page.status_code == 200
    soup = check_page(page.get_data(as_text=True))
    assert soup.find(id="minutes_sent_on") is None
    assert soup.select_one("form[action$='/minutes-sent']") is None
    # The key dates are still there for the interpreter, in staff wording.
    assert DEADLINE_TEXT in soup.select_one(".key-date-complain_by").get_text(" ")
    response = other.post(
        f"/staff/conferences/{conference_id}/minutes-sent",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "minutes_sent_on": "2026-10-06",
        },
    )
    assert response.status_code == 404
    assert minutes_sent_on(app, conference_id) == SENT_ON
