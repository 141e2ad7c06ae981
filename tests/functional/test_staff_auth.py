"""Staff sign-in, second factor, sign-out, password reset and sessions."""

import logging
import re

import pyotp
import pytest
from sqlalchemy import select

from portal import notify
from portal.db import session
from portal.models import OutboxMessage, StaffUser
from portal.models.staff import Role
from portal.staff_accounts import common_passwords, password_problem
from tests.conftest import STAFF_PASSWORD, check_page, csrf_token, make_staff


def sign_in(client, email, password=STAFF_PASSWORD):
    page = client.get("/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "email": email,
            "password": password,
        },
    )


def new_staff(app, role=Role.SOCIAL_WORKER, **kw) -> dict:
    """A staff account made in its own app context (so requests load users afresh)."""
    with app.test_request_context():
        user = make_staff(session(), role, **kw)
        session().commit()
        return {"id": user.id, "email": user.email}


def update_staff(app, staff_id, **values):
    with app.test_request_context():
        user = session().get(StaffUser, staff_id)
        for name, value in values.items():
            setattr(user, name, value)
        session().commit()


def get_staff(app, staff_id) -> StaffUser:
    with app.test_request_context():
        user = session().get(StaffUser, staff_id)
        session().expunge(user)
        return user


def test_sign_in_and_dashboard(app, client):
    user = new_staff(app)
    check_page(client.get("/staff/sign-in").get_data(as_text=True))
    response = sign_in(client, user["email"].upper())
    assert response.status_code == 302
    page = client.get("/staff/")
    assert page.status_code == 200
    check_page(page.get_data(as_text=True))
    assert get_staff(app, user["id"]).last_signed_in_at is not None


def test_wrong_password_and_unknown_email_share_one_message(app, client):
    user = new_staff(app)
    wrong = sign_in(client, user["email"], "not the right password at all")
    unknown = sign_in(client, "nobody@example.org", "not the right password at all")
    assert wrong.status_code == unknown.status_code == 400
    for response in (wrong, unknown):
        soup = check_page(response.get_data(as_text=True))
        assert soup.title.get_text().startswith("Error:")
        assert "The email address or password is not right" in soup.get_text()
    assert client.get("/staff/").status_code == 302


def test_sign_in_is_throttled(app, client):
    user = new_staff(app)
    for _ in range(5):
        assert sign_in(client, user["email"], "wrong password number x").status_code == 400
    blocked = sign_in(client, user["email"])  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many tries" in blocked.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_sign_in_rotates_the_session(app, client):
    user = new_staff(app)
    client.get("/staff/sign-in")
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
        old_token = before.get("csrf_token")
    sign_in(client, user["email"])
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("csrf_token") != old_token


def test_raising_the_session_epoch_ends_sessions(app, client):
    user = new_staff(app)
    sign_in(client, user["email"])
    assert client.get("/staff/").status_code == 200
    update_staff(app, user["id"], session_epoch=5)
    assert client.get("/staff/").status_code == 302


def test_deactivated_account_cannot_sign_in(app, client):
    user = new_staff(app)
    update_staff(app, user["id"], active=False)
    assert sign_in(client, user["email"]).status_code == 400


def test_sign_out(app, client):
    user = new_staff(app)
    sign_in(client, user["email"])
    page = client.get("/staff/").get_data(as_text=True)
    response = client.post("/staff/sign-out", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_next_page_after_sign_in_stays_on_the_site(app, client):
    user = new_staff(app)
    assert client.get("/staff/account").headers["Location"].startswith("/staff/sign-in?next=")
    client.get("/staff/sign-in?next=/staff/account")
    assert sign_in(client, user["email"]).headers["Location"] == "/staff/account"
    other = app.test_client()
    other.get("/staff/sign-in?next=//evil.example/staff")
    assert sign_in(other, user["email"]).headers["Location"] == "/staff/"


# ---- second factor ---------------------------------------------------------------


def test_second_factor_when_set_up(app, client):
    secret = pyotp.random_base32()
    user = new_staff(app)
    update_staff(app, user["id"], totp_secret=secret)
    response = sign_in(client, user["email"])
    assert response.headers["Location"] == "/staff/sign-in/code"
    assert client.get("/staff/").status_code == 302  # not signed in yet
    page = client.get("/staff/sign-in/code").get_data(as_text=True)
    check_page(page)
    wrong = client.post(
        "/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": "000000"}
    )
    assert wrong.status_code == 400
    code = pyotp.TOTP(secret).now()
    ok = client.post("/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": code})
    assert ok.status_code == 302 and ok.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    # The same code cannot be used twice.
    again = app.test_client()
    sign_in(again, user["email"])
    page = again.get("/staff/sign-in/code").get_data(as_text=True)
    replay = again.post("/staff/sign-in/code", data={"csrf_token": csrf_token(page), "code": code})
    assert replay.status_code == 400


def test_council_can_require_enrolment(app, client, monkeypatch):
    profile = app.extensions["profile"]
    monkeypatch.setitem(
        app.extensions,
        "profile",
        profile.model_copy(
            update={"staff": profile.staff.model_copy(update={"require_second_factor": True})}
        ),
    )
    user = new_staff(app)
    response = sign_in(client, user["email"])
    assert response.headers["Location"] == "/staff/sign-in/set-up-code"
    page = client.get("/staff/sign-in/set-up-code").get_data(as_text=True)
    soup = check_page(page)
    assert soup.find("svg"), "the QR code is drawn inline"
    assert "http" not in str(soup.find("svg")).split("xmlns")[0]
    secret = soup.find(id="totp-secret").get_text().replace(" ", "")
    wrong = client.post(
        "/staff/sign-in/set-up-code", data={"csrf_token": csrf_token(page), "code": "123"}
    )
    assert wrong.status_code == 400
    code = pyotp.TOTP(secret).now()
    ok = client.post(
        "/staff/sign-in/set-up-code", data={"csrf_token": csrf_token(page), "code": code}
    )
    assert ok.status_code == 302
    assert get_staff(app, user["id"]).totp_secret == secret
    assert client.get("/staff/").status_code == 200


# ---- passwords and reset ---------------------------------------------------------------


def test_password_rules(app):
    with app.test_request_context():
        assert len(common_passwords()) >= 10_000
        assert password_problem("short") is not None
        assert password_problem("Q1W2E3R4T5Y6") is not None  # on the common list
        assert password_problem("a" * 201) is not None
        assert password_problem("river kettle ladder piano") is None


def _reset_link(app, email) -> str:
    """The link from the reset email waiting in the outbox for this address (stored
    encrypted beside the message, put in as it is sent)."""
    with app.app_context():
        message = session().scalars(
            select(OutboxMessage).where(
                OutboxMessage.event == "password_reset", OutboxMessage.to_address == email
            )
        ).one()
        body = notify.outgoing(message).body
    match = re.search(r"(/staff/reset-password/[A-Za-z0-9_-]+)", body)
    assert match, "no reset link in the outbox message"
    return match.group(1)


def test_password_reset_by_single_use_link(app, client, caplog):
    caplog.set_level(logging.WARNING)
    user = new_staff(app)
    page = client.get("/staff/reset-password").get_data(as_text=True)
    check_page(page)
    sent = client.post(
        "/staff/reset-password", data={"csrf_token": csrf_token(page), "email": user["email"]}
    )
    check_page(sent.get_data(as_text=True))
    unknown = client.post(
        "/staff/reset-password",
        data={"csrf_token": csrf_token(page), "email": "nobody@example.org"},
    )
    assert unknown.get_data(as_text=True) == sent.get_data(as_text=True).replace(
        user["email"], "nobody@example.org"
    ) or "Check your email" in unknown.get_data(as_text=True)
    link = _reset_link(app, user["email"])
    form = client.get(link).get_data(as_text=True)
    check_page(form)
    weak = client.post(
        link,
        data={
            "csrf_token": csrf_token(form),
            "password": "1qaz2wsx3edc",
            "confirm": "1qaz2wsx3edc",
        },
    )
    assert weak.status_code == 200 and "too common" in weak.get_data(as_text=True)
    mismatch = client.post(
        link,
        data={
            "csrf_token": csrf_token(form),
            "password": "river kettle ladder piano",
            "confirm": "river kettle ladder pian",
        },
    )
    assert "do not match" in mismatch.get_data(as_text=True)
    done = client.post(
        link,
        data={
            "csrf_token": csrf_token(form),
            "password": "river kettle ladder piano",
            "confirm": "river kettle ladder piano",
        },
    )
    assert done.status_code == 302
    assert client.get(link).status_code == 404  # single use
    assert sign_in(client, user["email"], "river kettle ladder piano").status_code == 302
    assert sign_in(app.test_client(), user["email"]).status_code == 400  # old password gone


def test_reset_link_expires_after_an_hour(app, client, caplog):
    from datetime import timedelta

    from portal.models import PasswordReset
    from portal.models._types import utcnow

    caplog.set_level(logging.WARNING)
    user = new_staff(app)
    page = client.get("/staff/reset-password").get_data(as_text=True)
    client.post(
        "/staff/reset-password", data={"csrf_token": csrf_token(page), "email": user["email"]}
    )
    link = _reset_link(app, user["email"])
    with app.test_request_context():
        reset = session().query(PasswordReset).one()
        assert len(reset.token_hash) == 64 and reset.token_hash not in link
        reset.expires_at = utcnow() - timedelta(seconds=1)
        session().commit()
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter your email address"),
        ("x" * 300, "Email address must be 254 characters or fewer"),
        ("\x00bad", "Email address contains hidden control characters"),
    ],
)
def test_bad_sign_in_input_is_a_clear_message(app, client, value, message):
    page = client.get("/staff/sign-in").get_data(as_text=True)
    response = client.post(
        "/staff/sign-in", data={"csrf_token": csrf_token(page), "email": value, "password": value}
    )
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error:")
    assert message in soup.find(id="email-error").get_text()
    assert client.get("/staff/").status_code == 302  # not signed in


def test_stale_sign_in_form_shows_again_with_a_message(app, client):
    client.get("/staff/sign-in")
    response = client.post(
        "/staff/sign-in", data={"csrf_token": "stale", "email": "sam@example.org", "password": "x"}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    check_page(body)
    assert "open too long" in body and 'value="sam@example.org"' in body


def test_staff_session_ends_after_an_idle_hour(app, client):
    user = new_staff(app)
    sign_in(client, user["email"])
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as state:
        state["staff_seen"] -= 61 * 60
    response = client.get("/staff/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
    assert client.get("/staff/").status_code == 302


def test_set_up_a_security_code_of_ones_own_accord(app, client):
    user = new_staff(app)
    sign_in(client, user["email"])
    page = client.get("/staff/account/security-code").get_data(as_text=True)
    soup = check_page(page)
    secret = soup.find(id="totp-secret").get_text().replace(" ", "")
    wrong = client.post(
        "/staff/account/security-code", data={"csrf_token": csrf_token(page), "code": "000000"}
    )
    assert wrong.status_code == 400
    code = pyotp.TOTP(secret).now()
    ok = client.post(
        "/staff/account/security-code", data={"csrf_token": csrf_token(page), "code": code}
    )
    assert ok.status_code == 302
    assert get_staff(app, user["id"]).totp_secret == secret
    # From now on, signing in asks for the code.
    other = app.test_client()
    assert sign_in(other, user["email"]).headers["Location"] == "/staff/sign-in/code"


def test_sign_out_works_with_a_stale_token(app, client):
    user = new_staff(app)
    sign_in(client, user["email"])
    response = client.post("/staff/sign-out", data={"csrf_token": "stale"})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


class _Inbox:
    def __init__(self):
        self.messages = []

    def send(self, message):
        self.messages.append((message.to_address, message.body))


def test_reset_email_reaches_only_the_account_and_its_link_is_not_kept(app, client):
    user = new_staff(app)
    page = client.get("/staff/reset-password").get_data(as_text=True)
    for email in (user["email"], "nobody@example.org"):
        client.post("/staff/reset-password", data={"csrf_token": csrf_token(page), "email": email})
    link = _reset_link(app, user["email"])
    inbox = _Inbox()
    with app.app_context():
        notify.deliver_due(transport=inbox)
        stored = session().scalars(select(OutboxMessage.body)).all()
    assert [to for to, _body in inbox.messages] == [user["email"]]
    assert link in inbox.messages[0][1]
    assert len(stored) == 1 and link not in stored[0]
    assert notify.LINK_REMOVED in stored[0]
