"""Signing out only by POST, and a sign-in `next` that cannot break a header (issue 13,
defect 9)."""

import time

import pytest

from tests.conftest import check_page
from tests.functional.parent_helpers import make_parents, page
from tests.functional.parent_helpers import sign_in as parent_sign_in
from tests.functional.test_staff_auth import new_staff
from tests.functional.test_staff_auth import sign_in as staff_sign_in


@pytest.mark.parametrize(
    "next_url",
    [
        "/staff/account\r\nSet-Cookie: x=1",
        "/staff/account%0d%0aSet-Cookie:%20x=1",
        "/staff/\nLocation: //evil.example",
        "/staff/\x00",
        "/staff/account\t",
    ],
)
def test_control_characters_in_next_are_refused_cleanly(app, client, next_url):
    user = new_staff(app)
    page = client.get("/staff/sign-in", query_string={"next": next_url})
    assert page.status_code == 200
    response = staff_sign_in(client, user["email"])
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]


def test_control_characters_in_a_signed_out_pages_next_are_refused(app, client):
    """The page asked for before signing in becomes `next`: a raw CR/LF in it is dropped."""
    response = client.get("/staff/conferences/1%0d%0aSet-Cookie:x")
    assert response.status_code in (302, 404)
    assert "\r" not in response.headers.get("Location", "")


def _staff_signed_in(app, client, path="/staff/account"):
    user = new_staff(app)
    staff_sign_in(client, user["email"])
    return check_page(client.get(path).get_data(as_text=True))


def test_a_get_never_signs_staff_out(app, client):
    _staff_signed_in(app, client)
    with client.session_transaction() as state:
        state["staff_seen"] = int(time.time()) - 59 * 60  # in the last two minutes
    # A link or an image on another site cannot sign anyone out.
    for path in ("/staff/signed-out?next=/staff/account", "/staff/sign-out"):
        assert client.get(path).status_code in (404, 405)
    assert client.get("/staff/account").status_code == 200


def test_the_timeout_warning_posts_the_sign_out(app, client):
    soup = _staff_signed_in(app, client)
    assert soup.body["data-signed-out"] == "/staff/sign-out"
    assert soup.body["data-next"] == "/staff/account"
    token = soup.find("meta", attrs={"name": "csrf-token"})["content"]
    with client.session_transaction() as state:
        state["staff_seen"] = int(time.time()) - 60 * 60  # the time is up
    response = client.post(
        "/staff/sign-out",
        data={"csrf_token": token, "reason": "timeout", "next": "/staff/account"},
    )
    assert response.headers["Location"] == "/staff/sign-in?next=/staff/account"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after 60 minutes without activity" in html
    assert client.get("/staff/account").status_code == 302


def test_the_timeout_post_keeps_a_session_used_in_another_window(app, client):
    soup = _staff_signed_in(app, client)
    token = soup.find("meta", attrs={"name": "csrf-token"})["content"]
    with client.session_transaction() as state:
        state["staff_seen"] = int(time.time()) - 5 * 60
    response = client.post(
        "/staff/sign-out",
        data={"csrf_token": token, "reason": "timeout", "next": "/staff/account"},
    )
    assert response.headers["Location"] == "/staff/account"
    assert client.get("/staff/account").status_code == 200
    elsewhere = client.post(
        "/staff/sign-out",
        data={"csrf_token": token, "reason": "timeout", "next": "//evil.example/staff"},
    )
    assert elsewhere.headers["Location"] == "/staff/"


@pytest.fixture
def parent(app):
    ((invitation_id, token, code),) = make_parents(app)
    return invitation_id, token, code


def test_a_get_never_signs_a_parent_out(client, parent):
    parent_sign_in(client, parent[1], parent[2])
    response = client.get("/signed-out?reason=timeout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/tasks")
    assert client.get("/tasks").status_code == 200
    assert client.get("/sign-out").status_code == 405
    assert client.get("/tasks").status_code == 200


def test_the_parents_timeout_posts_the_sign_out(client, parent):
    parent_sign_in(client, parent[1], parent[2])
    soup = check_page(page(client, "/tasks"))
    assert soup.body["data-signed-out"] == "/sign-out"
    token = soup.find("meta", attrs={"name": "csrf-token"})["content"]
    response = client.post("/sign-out", data={"csrf_token": token, "reason": "timeout"})
    assert response.headers["Location"].endswith("/signed-out?reason=timeout")
    html = page(client, "/signed-out?reason=timeout")
    assert "Your answers up to your last Continue are saved" in html
    assert 'href="/sign-in"' in html  # the link is remembered, so the code is enough
    assert client.get("/tasks").status_code == 302


def test_the_parents_sign_out_still_works_with_a_stale_token(client, parent):
    parent_sign_in(client, parent[1], parent[2])
    response = client.post("/sign-out", data={"csrf_token": "stale", "reason": "timeout"})
    assert response.headers["Location"].endswith("/signed-out?reason=timeout")
    assert client.get("/tasks").status_code == 302
