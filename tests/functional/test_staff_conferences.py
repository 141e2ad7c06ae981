"""Conferences: dashboard, create and edit, children, invitations, the letter,
re-issuing a code, interpreters, and bad input on every form."""

from datetime import date, timedelta

import pytest

from portal.db import session
from portal.invitations import by_token
from portal.models import AuditEvent, Conference, Invitation, Submission
from portal.models.staff import Role
from portal.passwords import verify_secret
from tests.conftest import check_page, csrf_token, make_invitation
from tests.functional.test_staff_auth import new_staff, sign_in

FUTURE = (date.today() + timedelta(days=20)).isoformat()


@pytest.fixture
def worker(app, client):
    user = new_staff(app, Role.SOCIAL_WORKER, name="Sam Worker")
    sign_in(client, user["email"])
    return user


def post(client, url, data):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


def conference_data(**overrides):
    data = {
        "kind": "initial",
        "starts_on": FUTURE,
        "starts_at": "10:30",
        "place": "Room 1, Civic Centre",
        "chair_name": "Ruth Adeyemi",
        "social_worker_id": "",
    }
    data.update(overrides)
    return data


def create(client, worker, **overrides):
    response = post(
        client,
        "/staff/conferences/new",
        conference_data(social_worker_id=str(worker["id"]), **overrides),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def in_db(app, fn):
    with app.test_request_context():
        return fn(session())


def test_create_conference_then_children_and_invitation(app, client, worker):
    form = client.get("/staff/conferences/new")
    soup = check_page(form.get_data(as_text=True))
    assert soup.find("option", selected=True)["value"] == str(worker["id"])
    conference_id = create(client, worker)
    page = client.get(f"/staff/conferences/{conference_id}")
    check_page(page.get_data(as_text=True))
    assert "Room 1, Civic Centre" in page.get_data(as_text=True)
    assert "Key dates" in page.get_data(as_text=True)

    response = post(
        client,
        f"/staff/conferences/{conference_id}/children/add",
        {"first_name": "Amani", "age": "7"},
    )
    assert response.status_code == 302
    response = post(
        client,
        f"/staff/conferences/{conference_id}/children/add",
        {"first_name": "Leo", "age": "0", "next": "another"},
    )
    assert response.headers["Location"].endswith("/children/add")

    response = post(
        client,
        f"/staff/conferences/{conference_id}/invite",
        {
            "name": "Dana Whitfield",
            "preferred_language": "en",
            "email": "Dana@Example.org",
            "mobile": "07700 900982",
        },
    )
    assert response.status_code == 302
    letter_url = response.headers["Location"]
    letter = client.get(letter_url)
    html = letter.get_data(as_text=True)
    soup = check_page(html)
    code = soup.find(class_="letter-code").get_text().strip()
    link = soup.find(class_="letter-link").get_text().strip()
    assert link.startswith(app.config["SITE_URL"].rstrip("/") + "/i/")
    assert soup.find(class_="letter").find("svg"), "QR code inline"
    token = link.rsplit("/", 1)[1]

    def check(db):
        invitation = by_token(token)
        assert invitation is not None and invitation.email == "Dana@example.org"
        assert invitation.mobile == "+447700900982"
        assert verify_secret(invitation.code_hash, code.replace(" ", ""))
        assert code.replace(" ", "") not in (invitation.code_hash or "")
        conference = db.get(Conference, conference_id)
        assert [c.first_name for c in conference.children] == ["Amani", "Leo"]
        assert db.query(AuditEvent).filter_by(action="printed_letter").count() == 1

    in_db(app, check)

    # Shown once: the same page again no longer carries the code.
    again = client.get(letter_url).get_data(as_text=True)
    check_page(again)
    assert code not in again and token not in again


def test_reissue_makes_the_old_code_stop_working(app, client, worker):
    conference_id = create(client, worker)
    post(
        client,
        f"/staff/conferences/{conference_id}/invite",
        {
            "name": "Dana Whitfield",
            "preferred_language": "en",
            "email": "dana@example.org",
            "mobile": "",
        },
    )
    invitation_id = in_db(app, lambda db: db.query(Invitation).one().id)
    old_hash = in_db(app, lambda db: db.query(Invitation).one().code_hash)
    url = f"/staff/conferences/{conference_id}/invitations/{invitation_id}/reissue"
    check_page(client.get(url).get_data(as_text=True))
    response = post(client, url, {})
    assert response.status_code == 302
    soup = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    new_code = soup.find(class_="letter-code").get_text().strip().replace(" ", "")
    code_hash, epoch = in_db(
        app, lambda db: (lambda i: (i.code_hash, i.session_epoch))(db.query(Invitation).one())
    )
    assert code_hash != old_hash and epoch == 1
    with app.test_request_context():
        assert verify_secret(code_hash, new_code)


def test_dashboard_lists_soonest_first_with_counts(app, client, worker):
    later = create(client, worker, starts_on=(date.today() + timedelta(days=40)).isoformat())
    sooner = create(client, worker, starts_on=(date.today() + timedelta(days=5)).isoformat())

    def add_activity(db):
        conference = db.get(Conference, sooner)
        invitation, _t, _c = make_invitation(db, conference)
        invitation.first_signed_in_at = invitation.created_at
        db.add(
            Submission(
                invitation_id=invitation.id,
                number=1,
                reference="REF-1",
                content={},
            )
        )
        make_invitation(db, conference, name="Second Parent")
        db.commit()

    in_db(app, add_activity)
    html = client.get("/staff/").get_data(as_text=True)
    soup = check_page(html)
    links = [a["href"] for a in soup.select("table a")]
    assert links.index(f"/staff/conferences/{sooner}") < links.index(f"/staff/conferences/{later}")
    row = (
        soup.find("a", href=f"/staff/conferences/{sooner}")
        .find_parent("tr")
        .get_text(" ", strip=True)
    )
    assert "1 of 2" in row and "1 version" in row


def test_edit_conference(app, client, worker):
    conference_id = create(client, worker)
    url = f"/staff/conferences/{conference_id}/edit"
    soup = check_page(client.get(url).get_data(as_text=True))
    assert soup.find(id="place")["value"] == "Room 1, Civic Centre"
    response = post(
        client,
        url,
        conference_data(kind="review", place="Room 9", social_worker_id=str(worker["id"])),
    )
    assert response.status_code == 302
    assert in_db(app, lambda db: db.get(Conference, conference_id).place) == "Room 9"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("starts_on", "31/02/2027", "real date"),
        ("starts_on", "tomorrow", "real date"),
        ("starts_on", (date.today() - timedelta(days=1)).isoformat(), "today or in the future"),
        ("starts_on", "2999-01-01", "within the next two years"),
        ("starts_at", "25:00", "24-hour"),
        ("place", "x" * 501, "500 characters or fewer"),
        ("chair_name", "", "Enter the name of the chair"),
        ("chair_name", "Ruth\x07", "control characters"),
        ("kind", "other", "Not a valid choice"),
        ("social_worker_id", "999999", "Choose a social worker from the list"),
    ],
)
def test_bad_conference_input_is_shown_on_the_same_page(app, client, worker, field, value, message):
    data = conference_data(**{"social_worker_id": str(worker["id"]), field: value})
    response = post(client, "/staff/conferences/new", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    soup = check_page(html)
    assert soup.title.get_text().startswith("Error:")
    summary = soup.find(class_="error-summary").get_text()
    assert message.lower() in summary.lower() or (
        field == "kind" and "choose" in summary.lower() or "valid" in summary.lower()
    )
    if field != "place":
        assert soup.find(id="place")["value"] == "Room 1, Civic Centre"  # nothing typed is lost
    assert in_db(app, lambda db: db.query(Conference).count()) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"first_name": "", "age": "3"}, "Enter the child"),
        ({"first_name": "Amani", "age": "18"}, "0 to 17"),
        ({"first_name": "Amani", "age": "-1"}, "0 to 17"),
        ({"first_name": "Amani", "age": "seven"}, "0 to 17"),
        ({"first_name": "A" * 101, "age": "3"}, "100 characters or fewer"),
    ],
)
def test_bad_child_input(app, client, worker, data, message):
    conference_id = create(client, worker)
    response = post(client, f"/staff/conferences/{conference_id}/children/add", data)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert message in soup.find(class_="error-summary").get_text()
    assert in_db(app, lambda db: len(db.get(Conference, conference_id).children)) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "", "mobile": ""}, "email address or a mobile phone number"),
        ({"email": "not-an-email", "mobile": ""}, "right format"),
        ({"email": "a@" + "b" * 260 + ".org", "mobile": ""}, "254 characters"),
        ({"email": "", "mobile": "12345"}, "mobile phone number, like"),
        ({"email": "", "mobile": "020 7946 0000"}, "mobile phone number, like"),
        ({"email": "", "mobile": "0" * 60}, "mobile phone number, like"),
        ({"name": "", "email": "dana@example.org"}, "full name"),
        ({"preferred_language": "xx-evil", "email": "dana@example.org"}, "language from the list"),
    ],
)
def test_bad_invitation_input(app, client, worker, data, message):
    conference_id = create(client, worker)
    full = {"name": "Dana Whitfield", "preferred_language": "en", "email": "", "mobile": "", **data}
    response = post(client, f"/staff/conferences/{conference_id}/invite", full)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert message in soup.find(class_="error-summary").get_text()
    assert in_db(app, lambda db: db.query(Invitation).count()) == 0


def test_international_mobile_is_accepted(app, client, worker):
    conference_id = create(client, worker)
    response = post(
        client,
        f"/staff/conferences/{conference_id}/invite",
        {"name": "Dana", "preferred_language": "ar", "email": "", "mobile": "+33 6 12 34 56 78"},
    )
    assert response.status_code == 302
    assert in_db(app, lambda db: db.query(Invitation).one().mobile) == "+33612345678"


def test_stale_form_keeps_what_was_typed(app, client, worker):
    client.get("/staff/conferences/new")
    response = client.post(
        "/staff/conferences/new", data={"csrf_token": "old", **conference_data(place="Typed place")}
    )
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    assert "open too long" in soup.get_text()
    assert soup.find(id="place")["value"] == "Typed place"
    assert in_db(app, lambda db: db.query(Conference).count()) == 0
    # A stale post with no form to show again: a clear page, nothing done.
    conference_id = create(client, worker)
    response = client.post(
        f"/staff/conferences/{conference_id}/children/1/remove", data={"csrf_token": "old"}
    )
    assert response.status_code == 400
    check_page(response.get_data(as_text=True))


def test_assign_and_unassign_interpreter(app, client, worker):
    interpreter = new_staff(app, Role.INTERPRETER, name="Yonas Tesfaye")
    conference_id = create(client, worker)
    page = client.get(f"/staff/conferences/{conference_id}").get_data(as_text=True)
    check_page(page)
    response = client.post(
        f"/staff/conferences/{conference_id}/interpreters",
        data={"csrf_token": csrf_token(page), "interpreter_id": str(interpreter["id"])},
    )
    assert response.status_code == 302
    other = app.test_client()
    sign_in(other, interpreter["email"])
    assert other.get(f"/staff/conferences/{conference_id}").status_code == 200
    page = client.get(f"/staff/conferences/{conference_id}").get_data(as_text=True)
    assert "Yonas Tesfaye" in page
    bad = client.post(
        f"/staff/conferences/{conference_id}/interpreters",
        data={"csrf_token": csrf_token(page), "interpreter_id": str(worker["id"])},
    )
    assert bad.status_code == 302  # refused with a message; a social worker is not an interpreter
    response = client.post(
        f"/staff/conferences/{conference_id}/interpreters/{interpreter['id']}/remove",
        data={"csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    assert other.get(f"/staff/conferences/{conference_id}").status_code == 404


def test_manager_can_create_for_another_worker(app, client):
    manager = new_staff(app, Role.MANAGER, name="Mo Manager")
    other_worker = new_staff(app, Role.SOCIAL_WORKER, name="Priya Shah")
    sign_in(client, manager["email"])
    response = post(
        client, "/staff/conferences/new", conference_data(social_worker_id=str(other_worker["id"]))
    )
    assert response.status_code == 302
    conference_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert (
        in_db(app, lambda db: db.get(Conference, conference_id).social_worker_id)
        == other_worker["id"]
    )


def test_conference_page_records_the_view(app, client, worker):
    conference_id = create(client, worker)
    client.get(f"/staff/conferences/{conference_id}")
    events = in_db(app, lambda db: [(e.action, e.role, e.staff_id) for e in db.query(AuditEvent)])
    assert ("viewed_conference", "social_worker", worker["id"]) in events
