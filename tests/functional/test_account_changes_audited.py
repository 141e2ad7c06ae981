"""Every change to a staff account is in the audit trail, shown to managers and
administrators; an administrator cannot give their own account a role, nor make an
account for themselves (issue 13, defect 4)."""

import pyotp
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent, StaffUser
from portal.models.staff import Role
from tests.conftest import check_page, csrf_token
from tests.functional.test_staff_accounts import post_account
from tests.functional.test_staff_auth import _reset_link, new_staff, sign_in


def _changes(app) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        rows = session().scalars(
            select(AuditEvent).where(AuditEvent.subject_staff_id.is_not(None)).order_by(
                AuditEvent.id)
        ).all()
        return [(e.staff.email, e.action, e.subject.email, e.detail) for e in rows]


NEW_PASSWORD = "a brand new passphrase here"


def reset_password(app, email):
    client = app.test_client()
    _post(client, "/staff/reset-password", {"email": email})
    link = _reset_link(app, email)
    response = _post(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302


def _post(client, url, data=None, page=None):
    page = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(page), **(data or {})})


def test_account_changes_are_recorded_and_shown(app, client):
    admin = new_staff(app, Role.ADMIN, name="Ada Admin", email="ada@example.org")
    sign_in(client, admin["email"])
    assert post_account(client, role="manager").status_code == 302
    with app.app_context():
        priya = session().scalar(
            select(StaffUser).where(StaffUser.email == "priya.shah@example.org")
        )
        base = f"/staff/accounts/{priya.id}"
    assert _post(client, f"{base}/role", {"role": "interpreter"}).status_code == 302
    assert _post(client, f"{base}/deactivate", page="/staff/accounts").status_code == 302
    assert _post(client, f"{base}/reactivate", page="/staff/accounts").status_code == 302
    # The person's own changes: a password reset and a second factor.
    reset_password(app, "priya.shah@example.org")
    priya_client = app.test_client()
    sign_in(priya_client, "priya.shah@example.org", NEW_PASSWORD)
    page = priya_client.get("/staff/account/security-code").get_data(as_text=True)
    secret = BeautifulSoup(page, "html.parser").find(id="totp-secret").get_text().replace(" ", "")
    assert _post(priya_client, "/staff/account/security-code",
                 {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert priya_client.get("/staff/account").status_code == 200  # still signed in

    assert _changes(app) == [
        ("ada@example.org", "account_created", "priya.shah@example.org", "manager"),
        ("ada@example.org", "role_changed", "priya.shah@example.org", "manager to interpreter"),
        ("ada@example.org", "account_deactivated", "priya.shah@example.org", ""),
        ("ada@example.org", "account_reactivated", "priya.shah@example.org", ""),
        ("priya.shah@example.org", "password_reset", "priya.shah@example.org", ""),
        ("priya.shah@example.org", "second_factor_set_up", "priya.shah@example.org", ""),
    ]
    # Shown to administrators and managers; nobody else.
    for role, status in ((Role.MANAGER, 200), (Role.ADMIN, 200), (Role.SOCIAL_WORKER, 404)):
        viewer = app.test_client()
        sign_in(viewer, new_staff(app, role, name=f"Viewer {role.value}")["email"])
        response = viewer.get("/staff/accounts/changes")
        assert response.status_code == status
        if status == 200:
            soup = check_page(response.get_data(as_text=True))
            text = " ".join(soup.get_text().split())
            assert "Role changed: manager to interpreter" in text
            assert "Second factor set up" in text and "Deactivated" in text


def test_an_administrator_cannot_give_themselves_a_role(app, client):
    admin = new_staff(app, Role.ADMIN, name="Ada Admin", email="ada@example.org")
    sign_in(client, admin["email"])
    response = _post(client, f"/staff/accounts/{admin['id']}/role", {"role": "manager"},
                     page="/staff/accounts")
    assert response.status_code == 302
    with app.app_context():
        assert session().get(StaffUser, admin["id"]).role == Role.ADMIN
    assert "You cannot change your own role" in client.get("/staff/accounts").get_data(as_text=True)
    # Nor make a manager account for themselves under another address.
    for data in ({"name": "Ada Admin", "email": "ada.private@example.net"},
                 {"name": "A. Admin", "email": "ada@elsewhere.example"}):
        response = post_account(client, role="manager", **data)
        assert response.status_code == 200
        assert "You cannot make an account for yourself" in response.get_data(as_text=True)
    assert all(action != "account_created" for _a, action, _s, _d in _changes(app))


def test_a_role_change_ends_the_accounts_sessions(app, client):
    admin = new_staff(app, Role.ADMIN, name="Ada Admin")
    worker = new_staff(app, Role.MANAGER, name="Mo Manager")
    worker_client = app.test_client()
    sign_in(worker_client, worker["email"])
    assert worker_client.get("/staff/").status_code == 200
    sign_in(client, admin["email"])
    _post(client, f"/staff/accounts/{worker['id']}/role", {"role": "social_worker"})
    assert worker_client.get("/staff/").status_code == 302
