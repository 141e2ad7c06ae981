"""Parent sign-in: the link, the code as people type it, one message, throttling,
passphrases, signing out, timeouts and the session epoch."""

import time

import pytest
from sqlalchemy import select

from portal.models import Invitation, SignInAttempt
from portal.models._types import utcnow
from tests.conftest import check_page, csrf_token
from tests.functional.parent_helpers import in_db, make_parents, page, post_form, sign_in

WRONG = "The link or the code is not right"


@pytest.fixture
def parent(app):
    ((invitation_id, token, code),) = make_parents(app)
    return invitation_id, token, code


def _try(client, secret, address="127.0.0.1"):
    html = client.get("/sign-in", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    return client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(html), "secret": secret},
        environ_base={"REMOTE_ADDR": address},
    )


def test_link_keeps_only_the_hash_and_leaves_the_address_bar(client, parent):
    _id, token, _code = parent
    response = client.get(f"/i/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    with client.session_transaction() as s:
        assert token not in str(dict(s))
        assert len(s["parent_link"]) == 64
    html = page(client, "/sign-in")
    soup = check_page(html)
    field = soup.find("input", attrs={"name": "secret"})
    assert field["autocomplete"] == "one-time-code"
    assert soup.find("label", attrs={"for": "secret"}).get_text() == "Access code or passphrase"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("typed", ["{a} {b}", "{a}{b}", "  {a}-{b}  ", "{a}–{b}", "{a} - {b}"])
def test_code_accepted_as_printed_pasted_or_with_dashes(app, client, parent, typed):
    invitation_id, token, code = parent
    client.get(f"/i/{token}")
    response = _try(client, typed.format(a=code[:4], b=code[4:]))
    assert response.status_code == 302 and response.headers["Location"].endswith("/tasks")
    with client.session_transaction() as s:
        assert s["parent"]["id"] == invitation_id
        # The session was rotated: the sign-in page's form secret did not carry over.
        assert "csrf_token" not in s
    invitation = in_db(app, lambda db: db.get(Invitation, invitation_id))
    assert invitation.first_signed_in_at is not None
    assert invitation.last_signed_in_at is not None


def test_wrong_code_and_unknown_link_get_the_same_message(client, parent):
    _id, token, code = parent
    client.get(f"/i/{token}")
    wrong = "0000 0000" if code != "00000000" else "1111 1111"
    first = _try(client, wrong)
    assert first.status_code == 200
    first_html = first.get_data(as_text=True)
    soup = check_page(first_html)
    assert soup.title.get_text().startswith("Error:")
    assert WRONG in soup.select_one(".error-summary").get_text()
    assert WRONG in soup.select_one(".error-message").get_text()

    client.get("/i/not-a-real-link-token")
    second = _try(client, code)
    soup2 = check_page(second.get_data(as_text=True))
    assert (
        soup2.select_one(".error-message").get_text()
        == soup.select_one(".error-message").get_text()
    )


def test_empty_code_asks_for_it(client, parent):
    client.get(f"/i/{parent[1]}")
    soup = check_page(_try(client, "   ").get_data(as_text=True))
    assert "Enter the access code" in soup.select_one(".error-summary").get_text()


def test_sign_in_without_the_link_explains(client):
    soup = check_page(page(client, "/sign-in"))
    assert "link from your letter" in soup.get_text()
    assert client.get("/tasks").headers["Location"].endswith("/sign-in")


def test_five_wrong_codes_block_the_invitation_with_the_time(app, client, parent):
    invitation_id, token, code = parent
    client.get(f"/i/{token}")
    for _ in range(4):
        assert WRONG in _try(client, "9999 999").get_data(as_text=True)
    fifth = _try(client, "9999 999").get_data(as_text=True)
    assert "tried too many times" in fifth and "You can try again after" in fifth
    assert in_db(app, lambda db: db.get(Invitation, invitation_id).locked_until) is not None
    # Even the right code waits now, and from another address too.
    blocked = _try(client, code, address="10.9.9.9")
    assert blocked.status_code == 200
    assert "tried too many times" in blocked.get_data(as_text=True)
    check_page(blocked.get_data(as_text=True))
    assert "tried too many times" in page(client, "/sign-in")
    count = in_db(app, lambda db: len(db.scalars(select(SignInAttempt)).all()))
    assert count == 5  # tries made while blocked are not recorded


def test_failures_from_one_address_never_lock_out_anyone_elses_invitation(app, client):
    """Behind a council's proxy every parent shares one address: 20 wrong codes there,
    for other invitations, must not stop this parent signing in (issue 13, defect 5)."""
    parents = make_parents(app, names=[f"Parent {i}" for i in range(5)])
    for _id, token, _code in parents:
        client.get(f"/i/{token}")
        for _ in range(4):
            _try(client, "1234 000", address="10.0.0.7")
    ((_id, token, code),) = make_parents(app, names=["Someone Else"])
    client.get(f"/i/{token}")
    assert _try(client, code, address="10.0.0.7").status_code == 302


def test_twenty_unknown_links_from_one_address_block_that_address(app, client):
    for number in range(19):
        client.get(f"/i/made-up-link-{number}")
        assert WRONG in _try(client, "1234 5678", address="10.0.0.7").get_data(as_text=True)
    client.get("/i/made-up-link-19")
    assert "tried too many times" in _try(client, "1234 5678", address="10.0.0.7").get_data(
        as_text=True)  # the 20th says so at once
    client.get("/i/made-up-link-20")
    assert "tried too many times" in _try(client, "1234 5678", address="10.0.0.7").get_data(
        as_text=True)
    assert WRONG in _try(client, "1234 5678", address="10.0.0.8").get_data(as_text=True)


def test_passphrase_rules_then_sign_in_with_it(app, client, parent):
    invitation_id, token, code = parent
    sign_in(client, token, code)
    soup = check_page(page(client, "/passphrase"))
    assert {i["autocomplete"] for i in soup.select("input[type=password]")} == {"new-password"}

    def attempt(p, c):
        response = post_form(client, "/passphrase", {"passphrase": p, "confirm": c})
        return response

    short = attempt("tiny", "tiny")
    assert "too short" in short.get_data(as_text=True)
    check_page(short.get_data(as_text=True))
    assert 'value="tiny"' not in short.get_data(as_text=True)  # never shown back
    assert "not the same" in attempt("green kettle sunday", "green kettle monday").get_data(
        as_text=True
    )
    numbers = attempt("1234 5678 9012", "1234 5678 9012")
    assert "not only numbers" in numbers.get_data(as_text=True)
    with_code = attempt(f"my code is {code}", f"my code is {code}")
    assert "Do not use your access code" in with_code.get_data(as_text=True)
    check_page(with_code.get_data(as_text=True))
    assert attempt("ትግርኛ ቋንቋ ጽቡቕ", "ትግርኛ ቋንቋ ጽቡቕ").status_code == 302
    stored = in_db(app, lambda db: db.get(Invitation, invitation_id).passphrase_hash)
    assert stored and stored.startswith("$argon2id$") and "ትግርኛ" not in stored

    html = page(client, "/tasks")
    assert client.post("/sign-out", data={"csrf_token": csrf_token(html)}).status_code == 302
    assert client.get("/tasks").status_code == 302
    client.get(f"/i/{token}")
    soup = check_page(page(client, "/sign-in"))
    assert soup.find("input", attrs={"name": "secret"})["autocomplete"] == "current-password"
    assert _try(client, "ትግርኛ ቋንቋ ጽቡቕ").status_code == 302
    assert client.get("/tasks").status_code == 200


def test_sign_out_clears_the_session(client, parent):
    sign_in(client, parent[1], parent[2])
    html = page(client, "/tasks")
    response = client.post("/sign-out", data={"csrf_token": csrf_token(html)})
    assert response.headers["Location"].endswith("/signed-out?reason=you")
    with client.session_transaction() as s:
        assert "parent" not in s and "parent_link" not in s
    soup = check_page(page(client, "/signed-out?reason=you"))
    assert "You have signed out" in soup.h1.get_text()


def test_epoch_change_ends_existing_sessions(app, client, parent):
    invitation_id, token, code = parent
    sign_in(client, token, code)
    assert client.get("/tasks").status_code == 200

    def reissue(db):
        db.get(Invitation, invitation_id).session_epoch += 1

    in_db(app, reissue)
    response = client.get("/tasks")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signed-out?reason=ended")
    assert "You were signed out" in page(client, "/signed-out?reason=ended")
    assert client.get("/about").status_code == 302


def test_inactivity_ends_the_session_and_says_answers_are_saved(client, parent):
    sign_in(client, parent[1], parent[2])
    with client.session_transaction() as s:
        data = dict(s["parent"])
        data["seen"] = int(time.time()) - 21 * 60
        s["parent"] = data
    response = client.get("/views/risks")
    assert response.headers["Location"].endswith("/signed-out?reason=timeout")
    html = page(client, "/signed-out?reason=timeout")
    assert "Your answers up to your last Continue are saved" in html
    assert "20 minutes" in html
    assert 'href="/sign-in"' in html  # the link is remembered, so the code is enough


def test_activity_within_the_limit_keeps_the_session(client, parent):
    sign_in(client, parent[1], parent[2])
    with client.session_transaction() as s:
        data = dict(s["parent"])
        data["seen"] = int(time.time()) - 19 * 60
        s["parent"] = data
    assert client.get("/tasks").status_code == 200


def test_keep_alive_renews_the_session(client, parent):
    sign_in(client, parent[1], parent[2])
    html = page(client, "/tasks")
    soup = check_page(html)
    body = soup.body
    assert body["data-timeout"] == "1200" and body["data-warn"] == "120"
    assert body["data-keepalive"] == "/keep-alive"
    assert soup.find("dialog", id="timeout-warning").find("button", attrs={"data-stay": True})
    token = soup.find("meta", attrs={"name": "csrf-token"})["content"]
    with client.session_transaction() as s:
        data = dict(s["parent"])
        data["seen"] = int(time.time()) - 18 * 60
        s["parent"] = data
    response = client.post("/keep-alive", headers={"X-CSRFToken": token})
    assert response.status_code == 204
    with client.session_transaction() as s:
        assert time.time() - s["parent"]["seen"] < 5
    assert client.post("/keep-alive").status_code == 400  # no token: refused


def test_opening_a_link_signs_out_whoever_was_signed_in(client, app):
    (a_id, a_token, a_code), (_b_id, b_token, _b_code) = make_parents(app, names=["A", "B"])
    sign_in(client, a_token, a_code)
    client.get(f"/i/{b_token}")
    assert client.get("/tasks").status_code == 302


def test_last_signed_in_moves_on(app, client, parent):
    invitation_id, token, code = parent
    sign_in(client, token, code)
    first = in_db(app, lambda db: db.get(Invitation, invitation_id).first_signed_in_at)
    sign_in(client, token, code)
    inv = in_db(app, lambda db: db.get(Invitation, invitation_id))
    assert inv.first_signed_in_at == first and inv.last_signed_in_at >= first
    assert inv.last_signed_in_at <= utcnow()
