"""The staff session's idle limit: a warning with "Stay signed in" (keep-alive), and a
clear message on the sign-in page when the time ran out."""

import time

from tests.conftest import check_page, csrf_token
from tests.functional.test_staff_auth import new_staff, sign_in


def _idle_for(client, seconds):
    with client.session_transaction() as state:
        state["staff_seen"] = int(time.time()) - seconds


def _seen(client):
    with client.session_transaction() as state:
        return state.get("staff_seen")


def _signed_in_page(app, client, path="/staff/account"):
    user = new_staff(app)
    sign_in(client, user["email"])
    return check_page(client.get(path).get_data(as_text=True))


def test_signed_in_pages_carry_the_warning(app, client):
    soup = _signed_in_page(app, client)
    body = soup.body
    assert body["data-timeout"] == "3600" and body["data-warn"] == "120"
    assert body["data-keepalive"] == "/staff/keep-alive"
    assert body["data-signed-out"] == "/staff/sign-out"
    assert body["data-next"] == "/staff/account"
    dialog = soup.find("dialog", id="timeout-warning")
    assert dialog.find("button", attrs={"data-stay": True}).get_text() == "Stay signed in"
    assert "typed but not saved will be lost" in dialog.get_text()
    assert soup.find("meta", attrs={"name": "csrf-token"})["content"]


def test_the_warning_and_the_message_follow_the_configured_limit(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_IDLE_MINUTES", 30)
    assert _signed_in_page(app, client).body["data-timeout"] == "1800"
    _idle_for(client, 31 * 60)
    html = client.get("/staff/account", follow_redirects=True).get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in html


def test_signed_out_pages_have_no_warning(client):
    soup = check_page(client.get("/staff/sign-in").get_data(as_text=True))
    assert soup.find("dialog") is None and not soup.body.has_attr("data-timeout")
    assert soup.find("meta", attrs={"name": "csrf-token"}) is None


def test_keep_alive_refreshes_the_idle_clock(app, client):
    soup = _signed_in_page(app, client)
    token = soup.find("meta", attrs={"name": "csrf-token"})["content"]
    _idle_for(client, 58 * 60)  # the warning is showing
    response = client.post("/staff/keep-alive", headers={"X-CSRFToken": token})
    assert response.status_code == 204 and response.get_data() == b""
    assert time.time() - _seen(client) < 5
    # 58 minutes later the session is still alive, since the clock started again.
    with client.session_transaction() as state:
        state["staff_seen"] -= 58 * 60
    assert client.get("/staff/account").status_code == 200


def test_keep_alive_without_the_csrf_token_is_refused(app, client):
    _signed_in_page(app, client)
    assert client.post("/staff/keep-alive").status_code == 400
    wrong = client.post("/staff/keep-alive", headers={"X-CSRFToken": "stale"})
    assert wrong.status_code == 400


def test_keep_alive_signed_out_is_refused(client):
    token = csrf_token(client.get("/staff/sign-in").get_data(as_text=True))
    response = client.post("/staff/keep-alive", headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")


def test_keep_alive_after_the_limit_is_too_late(app, client):
    soup = _signed_in_page(app, client)
    token = soup.find("meta", attrs={"name": "csrf-token"})["content"]
    _idle_for(client, 61 * 60)
    response = client.post("/staff/keep-alive", headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert client.get("/staff/account").status_code == 302


def test_without_javascript_the_sign_in_page_says_why(app, client):
    _signed_in_page(app, client)
    _idle_for(client, 61 * 60)
    response = client.get("/staff/account")
    assert response.headers["Location"] == "/staff/sign-in?next=/staff/account"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    soup = check_page(page)
    notice = soup.find(attrs={"role": "status"}).get_text(" ", strip=True)
    assert notice == "You were signed out after 60 minutes without activity. Sign in again."


def test_a_form_sent_after_the_limit_is_said_to_be_lost(app, client):
    soup = _signed_in_page(app, client, "/staff/account/security-code")
    token = soup.find("input", attrs={"name": "csrf_token"})["value"]
    _idle_for(client, 61 * 60)
    response = client.post(
        "/staff/account/security-code", data={"csrf_token": token, "code": "123456"}
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    notice = check_page(html).find(attrs={"role": "status"}).get_text(" ", strip=True)
    assert "after 60 minutes without activity, so what you sent was not saved" in notice
