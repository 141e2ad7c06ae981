"""Sessions end on the server (issue 13, defect 2): a cookie saved before sign-out opens
nothing afterwards; the staff cookie carries its clocks from sign-in; an absolute
lifetime as well as the idle limit, for parents and staff."""

import time

import pytest

from tests.conftest import check_page, csrf_token
from tests.functional.parent_helpers import make_parents, page, post_form
from tests.functional.parent_helpers import sign_in as parent_sign_in
from tests.functional.test_staff_auth import new_staff
from tests.functional.test_staff_auth import sign_in as staff_sign_in


def _saved(app, client):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _replay(app, client, value):
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value, path="/")


@pytest.fixture
def parent(app):
    ((invitation_id, token, code),) = make_parents(app)
    return invitation_id, token, code


def test_a_parents_cookie_saved_before_sign_out_opens_nothing(app, client, parent):
    parent_sign_in(client, parent[1], parent[2])
    html = page(client, "/tasks")
    saved = _saved(app, client)
    client.post("/sign-out", data={"csrf_token": csrf_token(html)})
    _replay(app, client, saved)
    for url in ("/tasks", "/views/risks", "/check", "/report"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/signed-out" in response.headers["Location"] or "/sign-in" in response.headers[
            "Location"]


def test_a_new_passphrase_ends_other_sessions_of_the_invitation(app, client, parent):
    parent_sign_in(client, parent[1], parent[2])
    other = app.test_client()
    parent_sign_in(other, parent[1], parent[2])
    response = post_form(
        client, "/passphrase", {"passphrase": "blue kettle on the hill", "confirm":
                                "blue kettle on the hill"}
    )
    assert response.status_code == 302
    assert client.get("/tasks").status_code == 200  # this one goes on
    assert other.get("/tasks").status_code == 302  # the other phone is signed out


def test_a_parents_session_has_an_absolute_lifetime(app, client, parent):
    parent_sign_in(client, parent[1], parent[2])
    with client.session_transaction() as state:
        data = dict(state["parent"])
        data["since"] = int(time.time()) - 5 * 3600  # active all along, but 5 hours ago
        data["seen"] = int(time.time())
        state["parent"] = data
    response = client.get("/tasks")
    assert response.status_code == 302 and "/signed-out" in response.headers["Location"]
    assert client.get("/tasks").status_code == 302


def _staff(app, client):
    user = new_staff(app)
    staff_sign_in(client, user["email"])
    return user


def test_a_staff_cookie_saved_before_sign_out_opens_nothing(app, client):
    _staff(app, client)
    html = client.get("/staff/account").get_data(as_text=True)
    saved = _saved(app, client)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(html)})
    _replay(app, client, saved)
    for url in ("/staff/", "/staff/account"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_the_staff_sign_in_cookie_carries_its_clocks(app, client):
    """The cookie set at sign-in itself, replayed later, is bound by the idle limit."""
    _staff(app, client)
    with client.session_transaction() as state:
        assert isinstance(state.get("staff_seen"), int)
        assert isinstance(state.get("staff_since"), int)
        state["staff_seen"] = int(time.time()) - 61 * 60
    assert client.get("/staff/").status_code == 302


def test_a_staff_session_without_its_clocks_is_refused(app, client):
    _staff(app, client)
    with client.session_transaction() as state:
        state.pop("staff_seen")
        state.pop("staff_since")
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_a_staff_session_has_an_absolute_lifetime(app, client):
    _staff(app, client)
    with client.session_transaction() as state:
        state["staff_since"] = int(time.time()) - 11 * 3600
        state["staff_seen"] = int(time.time())
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    assert client.get("/staff/").status_code == 302
