"""Administrator pages, the create-user command, and the demo's accounts."""

import json
import re

import pytest

from portal.db import session
from portal.models import StaffUser
from portal.models.staff import Role
from tests.conftest import check_page, csrf_token
from tests.functional.test_staff_auth import new_staff, sign_in

GOOD = "river kettle ladder piano"


@pytest.fixture
def admin(app, client):
    user = new_staff(app, Role.ADMIN, name="Ada Admin")
    sign_in(client, user["email"])
    return user


def account_data(**overrides):
    data = {
        "name": "Priya Shah",
        "email": "Priya.Shah@example.org",
        "phone": "",
        "role": "social_worker",
        "password": GOOD,
        "confirm": GOOD,
    }
    data.update(overrides)
    return data


def post_account(client, **overrides):
    page = client.get("/staff/accounts/new").get_data(as_text=True)
    check_page(page)
    return client.post(
        "/staff/accounts/new", data={"csrf_token": csrf_token(page), **account_data(**overrides)}
    )


def test_admin_creates_and_deactivates_an_account(app, client, admin):
    check_page(client.get("/staff/accounts").get_data(as_text=True))
    check_page(client.get("/staff/council").get_data(as_text=True))
    assert post_account(client).status_code == 302
    with app.test_request_context():
        created = session().query(StaffUser).filter_by(email="priya.shah@example.org").one()
        created_id, role = created.id, created.role
    assert role == Role.SOCIAL_WORKER
    other = app.test_client()
    assert sign_in(other, "priya.shah@example.org", GOOD).status_code == 302
    assert other.get("/staff/").status_code == 200

    page = client.get("/staff/accounts").get_data(as_text=True)
    response = client.post(
        f"/staff/accounts/{created_id}/deactivate", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    assert other.get("/staff/").status_code == 302  # signed out at once
    assert sign_in(app.test_client(), "priya.shah@example.org", GOOD).status_code == 400
    response = client.post(
        f"/staff/accounts/{created_id}/reactivate", data={"csrf_token": csrf_token(page)}
    )
    assert sign_in(app.test_client(), "priya.shah@example.org", GOOD).status_code == 302


def test_admin_cannot_deactivate_self_and_unknown_is_404(app, client, admin):
    page = client.get("/staff/accounts").get_data(as_text=True)
    client.post(f"/staff/accounts/{admin['id']}/deactivate", data={"csrf_token": csrf_token(page)})
    assert client.get("/staff/accounts").status_code == 200
    assert (
        client.post(
            "/staff/accounts/999999/deactivate", data={"csrf_token": csrf_token(page)}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"password": "short one", "confirm": "short one"}, "at least 12 characters"),
        ({"password": "q1w2e3r4t5y6", "confirm": "q1w2e3r4t5y6"}, "too common"),
        ({"confirm": "something else entirely"}, "do not match"),
        ({"email": "not an email"}, "right format"),
        ({"name": ""}, "full name"),
        ({"name": "x" * 201}, "200 characters or fewer"),
        ({"role": "superuser"}, "Not a valid choice"),
    ],
)
def test_bad_account_input(app, client, admin, overrides, message):
    response = post_account(client, **overrides)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert message in soup.find(class_="error-summary").get_text()
    assert soup.find(id="name")["value"] == overrides.get("name", "Priya Shah")


def test_duplicate_email_is_refused(app, client, admin):
    assert post_account(client).status_code == 302
    response = post_account(client, email="priya.shah@EXAMPLE.org")
    assert "already an account" in response.get_data(as_text=True)


def test_others_cannot_use_admin_pages(app, client):
    worker = new_staff(app, Role.SOCIAL_WORKER)
    sign_in(client, worker["email"])
    assert client.get("/staff/accounts").status_code == 404
    assert client.get("/staff/accounts/new").status_code == 404
    assert client.get("/staff/council").status_code == 404


def test_create_user_command(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=[
            "portal",
            "create-user",
            "--email",
            "boss@example.org",
            "--name",
            "Boss",
            "--password",
            "password",
        ]
    )
    assert weak.exit_code != 0 and "at least 12" in weak.output
    common = runner.invoke(
        args=[
            "portal",
            "create-user",
            "--email",
            "boss@example.org",
            "--name",
            "Boss",
            "--password",
            "1qaz2wsx3edc",
        ]
    )
    assert common.exit_code != 0 and "common" in common.output
    ok = runner.invoke(
        args=["portal", "create-user", "--email", "Boss@Example.org", "--name", "Boss"],
        input=f"{GOOD}\n{GOOD}\n",
    )
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(
        args=[
            "portal",
            "create-user",
            "--email",
            "boss@example.org",
            "--name",
            "Boss",
            "--password",
            GOOD,
        ]
    )
    assert again.exit_code != 0 and "already" in again.output
    client = app.test_client()
    assert sign_in(client, "boss@example.org", GOOD).headers["Location"] == "/staff/"
    assert client.get("/staff/").headers["Location"] == "/staff/accounts"


def test_demo_accounts_sign_in_and_see_what_they_should(app):
    result = app.test_cli_runner().invoke(args=["portal", "demo", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    accounts = {user["email"]: user for user in data["staff"]}
    seen = {}
    for email, user in accounts.items():
        client = app.test_client()
        assert sign_in(client, email, user["password"]).status_code == 302, email
        page = client.get("/staff/", follow_redirects=True).get_data(as_text=True)
        check_page(page)
        seen[user["name"]] = len(set(re.findall(r'href="/staff/conferences/(\d+)[/"]', page)))
    assert seen["Sam Okafor"] == 1 and seen["Priya Shah"] == 1
    assert seen["Jo Ellis"] == 2 and seen["Yonas Tesfaye"] == 1 and seen["Alex Morgan"] == 0
