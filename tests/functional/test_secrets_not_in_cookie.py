"""Secrets out of the readable session cookie (issue 13, defect 7): a new invitation's
link and code and an authenticator set-up secret are held server-side, encrypted, and
used once; a cookie saved earlier and replayed gets nothing back."""

import json

import pyotp
from bs4 import BeautifulSoup
from sqlalchemy import text

from portal.db import session
from tests.conftest import check_page, csrf_token
from tests.functional.test_staff_auth import new_staff, sign_in
from tests.functional.test_staff_conferences import create, post


def _cookie(app, client):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"])


def _readable(app, client) -> str:
    """What anyone holding the cookie can read: its payload is only signed."""
    serializer = app.session_interface.get_signing_serializer(app)
    return json.dumps(serializer.loads(_cookie(app, client).value))


def _replay(app, client, saved):
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], saved.value, path="/")


def test_the_letters_link_and_code_never_ride_in_the_cookie(app, client):
    worker = new_staff(app)
    sign_in(client, worker["email"])
    conference_id = create(client, worker)
    response = post(
        client, f"/staff/conferences/{conference_id}/invite",
        {"name": "Dana Whitfield", "preferred_language": "en", "email": "dana@example.org"},
    )
    letter_url = response.headers["Location"]
    readable, saved = _readable(app, client), _cookie(app, client)
    soup = check_page(client.get(letter_url).get_data(as_text=True))
    code = soup.find(class_="letter-code").get_text().strip()
    token = soup.find(class_="letter-link").get_text().strip().rsplit("/", 1)[1]
    assert code.replace(" ", "") not in readable and token not in readable
    with app.app_context():
        stored = " ".join(
            str(v) for row in session().execute(text("SELECT * FROM held_secret")) for v in row
        )
    assert code.replace(" ", "") not in stored and token not in stored  # encrypted, and gone
    # The cookie from before the letter was shown, replayed: the letter is gone.
    _replay(app, client, saved)
    again = client.get(letter_url).get_data(as_text=True)
    assert code not in again and token not in again


def test_the_set_up_secret_never_rides_in_the_cookie_and_is_used_once(app, client):
    user = new_staff(app)
    sign_in(client, user["email"])
    page = client.get("/staff/account/security-code").get_data(as_text=True)
    secret = BeautifulSoup(page, "html.parser").find(id="totp-secret").get_text().replace(" ", "")
    assert secret not in _readable(app, client)
    # The same secret on the next showing (until it is confirmed).
    again = client.get("/staff/account/security-code").get_data(as_text=True)
    assert BeautifulSoup(again, "html.parser").find(id="totp-secret").get_text().replace(
        " ", "") == secret
    ok = client.post(
        "/staff/account/security-code",
        data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(secret).now()},
    )
    assert ok.status_code == 302
    with app.app_context():
        assert session().execute(text("SELECT count(*) FROM held_secret")).scalar() == 0
