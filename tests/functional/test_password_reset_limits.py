"""Password reset (issue 13, defect 8): limited per account and per address, and the live
link never stored in plain text in the outbox."""

from sqlalchemy import select, text

from portal import notify
from portal.db import session
from portal.models import OutboxMessage
from tests.conftest import csrf_token
from tests.functional.test_staff_auth import new_staff


def _ask(client, email, address="127.0.0.1"):
    page = client.get("/staff/reset-password", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/staff/reset-password",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": email},
        environ_base={"REMOTE_ADDR": address},
    )


def _queued(app, email) -> int:
    with app.app_context():
        return len(
            session().scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.event == "password_reset", OutboxMessage.to_address == email
                )
            ).all()
        )


def test_reset_requests_for_one_account_are_limited(app, client):
    user = new_staff(app)
    answers = set()
    for number in range(25):  # from 25 addresses: the account's own limit holds
        response = _ask(client, user["email"], address=f"10.0.0.{number}")
        assert response.status_code == 200
        answers.add(response.get_data(as_text=True))
    assert _queued(app, user["email"]) == 3
    assert len(answers) == 1  # the page never says the limit was reached


def test_reset_requests_from_one_address_are_limited(app, client):
    users = [new_staff(app) for _ in range(12)]
    for user in users:
        assert _ask(client, user["email"], address="192.0.2.7").status_code == 200
    assert sum(_queued(app, user["email"]) for user in users) == 10
    # Another address is not held back by that one.
    assert _ask(client, users[-1]["email"], address="192.0.2.8").status_code == 200
    assert _queued(app, users[-1]["email"]) == 1


def test_the_live_link_is_never_stored_in_plain_text(app, client):
    user = new_staff(app)
    _ask(client, user["email"])
    with app.app_context():
        raw = session().execute(text("SELECT * FROM outbox_message")).mappings().one()
    stored = " ".join(str(value) for value in raw.values())
    assert "/staff/reset-password/" not in stored

    class Inbox:
        sent: list = []

        def send(self, message):
            self.sent.append(message.body)

    with app.app_context():
        notify.deliver_due(transport=Inbox())
        raw = session().execute(text("SELECT * FROM outbox_message")).mappings().one()
    assert "/staff/reset-password/" in Inbox.sent[0]  # the email itself carries it
    assert raw["status"] == "sent"
    assert "/staff/reset-password/" not in " ".join(str(value) for value in raw.values())
