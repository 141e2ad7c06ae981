"""Throttling behind a proxy, and without the check-then-record race (issue 13, defect 5);
staff sign-in gives the same answers for known and unknown addresses and never locks the
real person out from everywhere (defect 6)."""

import re
import secrets
import threading

import pytest
from sqlalchemy import select

from portal import create_app
from portal.models import SignInAttempt
from portal.models.staff import Role
from tests.conftest import csrf_token
from tests.functional.parent_helpers import in_db, make_parents
from tests.functional.test_staff_auth import new_staff

WRONG_STAFF = "The email address or password is not right"


def _app_with(database_url, monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app({
        "DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": secrets.token_urlsafe(32),
        "ARGON2_PROFILE": "cheapest", "SERVER_NAME": None,
    })


def _parent_try(client, token, secret, headers=None):
    client.get(f"/i/{token}")
    html = client.get("/sign-in").get_data(as_text=True)
    return client.post(
        "/sign-in", data={"csrf_token": csrf_token(html), "secret": secret}, headers=headers
    )


@pytest.mark.parametrize("proxies, expected", [("0", "127.0.0.1"), ("1", "203.0.113.9")])
def test_forwarded_addresses_count_only_behind_trusted_proxies(
    app, database_url, monkeypatch, proxies, expected
):
    ((_id, token, _code),) = make_parents(app)
    other = _app_with(database_url, monkeypatch, TRUSTED_PROXIES=proxies)
    try:
        client = other.test_client()
        _parent_try(client, token, "0000 0000", headers={"X-Forwarded-For": "203.0.113.9"})
    finally:
        other.extensions["db_engine"].dispose()
    addresses = in_db(app, lambda db: db.scalars(select(SignInAttempt.address)).all())
    assert addresses == [expected]


def test_concurrent_wrong_codes_never_get_more_tries_than_the_limit(app, monkeypatch):
    """10 wrong codes at once for one invitation, on as many threads: at most 5 checked.

    Not exactly 5: tries that record themselves at the same moment each count the other,
    so both may be refused (the throttle errs towards refusing, never towards a sixth
    guess)."""
    from portal.parent import signin

    ((_id, token, _code),) = make_parents(app)
    checked, lock = [], threading.Lock()
    real = signin._secret_matches

    def counting(invitation, typed):
        with lock:
            checked.append(typed)
        return real(invitation, typed)

    monkeypatch.setattr(signin, "_secret_matches", counting)
    clients = []
    for _ in range(10):
        client = app.test_client()
        client.get(f"/i/{token}")
        clients.append((client, csrf_token(client.get("/sign-in").get_data(as_text=True))))
    start = threading.Barrier(len(clients))
    statuses = []

    def one(client, token_value):
        start.wait()
        response = client.post("/sign-in", data={"csrf_token": token_value, "secret": "0000 0000"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=one, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 10
    assert 1 <= len(checked) <= 5, f"{len(checked)} codes were checked; the limit is 5"


def _staff_try(client, email, password="not the password at all", address="198.51.100.1"):
    html = client.get("/staff/sign-in").get_data(as_text=True)
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(html), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _comparable(response, email):
    """The page without what differs by nature: the form token, the email as typed, the
    clock time in "wait until"."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    html = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "TOKEN", html)
    return re.sub(r"\b\d\d:\d\d\b", "HH:MM", html)


def test_known_and_unknown_staff_addresses_get_the_same_answers(app, client):
    user = new_staff(app)
    answers = {}
    for email in (user["email"], "nobody.here@example.org"):
        tries = [_staff_try(app.test_client(), email) for _ in range(6)]
        answers[email] = [(r.status_code, _comparable(r, email)) for r in tries]
    known, unknown = answers.values()
    assert [status for status, _ in known] == [400] * 5 + [429]
    assert known == unknown


def test_an_attacker_at_one_address_does_not_lock_the_real_person_out(app, client):
    user = new_staff(app)
    for _ in range(6):
        _staff_try(app.test_client(), user["email"], address="198.51.100.66")
    assert _staff_try(app.test_client(), user["email"], address="198.51.100.66").status_code == 429
    ok = _staff_try(client, user["email"], password="correct horse battery staple",
                    address="192.0.2.10")
    assert ok.status_code == 302


def test_a_spread_out_attack_locks_the_accounts_tries_without_saying_so(app, client):
    user = new_staff(app, Role.MANAGER)
    right = "correct horse battery staple"
    # The real person signed in before from their office.
    assert _staff_try(app.test_client(), user["email"], right, "192.0.2.10").status_code == 302
    for number in range(21):  # one wrong try each from 21 addresses
        _staff_try(app.test_client(), user["email"], address=f"203.0.113.{number}")
        _staff_try(app.test_client(), "nobody.here@example.org", address=f"203.0.113.{number}")
    # From a new address even the right password is "not right", and so for the unknown one.
    locked = _staff_try(app.test_client(), user["email"], right, "203.0.113.200")
    unknown = _staff_try(app.test_client(), "nobody.here@example.org", right, "203.0.113.200")
    assert locked.status_code == unknown.status_code == 400
    assert WRONG_STAFF in locked.get_data(as_text=True)
    # From the office, where they signed in before, the real person still gets in.
    assert _staff_try(client, user["email"], right, "192.0.2.10").status_code == 302
