"""The outbox against a real SMTP server (aiosmtpd, on a free loopback port, started
here): each message arrives once, says nothing personal, and survives the server
being down or refusing until it comes back."""

import socket
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal import notify
from portal.models import OutboxMessage
from portal.models._types import utcnow
from portal.models.outbox import MessageStatus
from tests.conftest import make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import in_db

PRIVATE = ["Dana", "Whitfield", "Tesfay", "Amani", "Sam Okafor", "Family Centre", "Ruth"]


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses when told to."""

    def __init__(self):
        self.received = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.7.1 Not today"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.rcpt_tos[0], message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self):
        self.port = _free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = Server()
    server.start()
    yield server
    server.stop()


def _transport(server):
    return notify.SMTPTransport("127.0.0.1", server.port, sender="portal@example.org", timeout=5)


def _people(app, with_token=False):
    """A conference with a social worker and two parents with email; messages queued."""
    made = {}

    def build(db):
        worker = make_staff(db, name="Sam Okafor", email="sam.okafor@example.org")
        conference = make_conference(db, social_worker=worker,
                                     place="Room 2, Family Centre", chair_name="Ruth Adeyemi")
        first, token, code = make_invitation(db, conference, name="Dana Whitfield",
                                             email="dana@example.net")
        second, _t, _c = make_invitation(db, conference, name="Tesfay Gebremedhin",
                                         email="tesfay@example.net", preferred_language="ti")
        notify.invitation_created(first)
        notify.invitation_created(second)
        notify.request_changed(first)
        notify.views_sent(second)
        notify.report_shared(conference)
        made.update(token=token, code=code)
        return made

    return in_db(app, build)


def _deliver(app, server, **kw):
    with app.app_context():
        return notify.deliver_due(transport=_transport(server), **kw)


def _statuses(app):
    return in_db(app, lambda db: [(m.status, m.attempts) for m in
                                  db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))])


def test_each_message_arrives_once_and_says_nothing_personal(app, smtp):
    secrets = _people(app)
    counts = _deliver(app, smtp)
    assert counts["sent"] == 6
    again = _deliver(app, smtp)
    assert again["sent"] == 0
    received = smtp.inbox.received
    assert len(received) == 6
    assert sorted(to for to, _m in received) == sorted(
        ["dana@example.net"] * 3 + ["tesfay@example.net"] * 2 + ["sam.okafor@example.org"]
    )
    assert len({m["Message-ID"] for _to, m in received}) == 6
    for to, message in received:
        subject, body = message["Subject"], message.get_content()
        for private in [*PRIVATE, secrets["token"], secrets["code"], to.split("@")[0]]:
            assert private not in subject and private not in body, (private, subject)
        assert str(date.today().year) not in subject
        if to.startswith("sam"):
            assert "http://127.0.0.1:5000/staff/sign-in" in body
        else:
            assert "http://127.0.0.1:5000/sign-in" in body
        assert "/i/" not in body
    assert all(status == MessageStatus.SENT for status, _a in _statuses(app))


def test_server_down_then_back_loses_nothing(app, smtp):
    _people(app)
    smtp.stop()
    counts = _deliver(app, smtp)
    assert counts["retry"] == 6 and counts["sent"] == 0
    rows = in_db(app, lambda db: [(m.status, m.attempts, m.next_attempt_at, m.last_error)
                                  for m in db.scalars(select(OutboxMessage))])
    assert all(status == MessageStatus.QUEUED and attempts == 1 for status, attempts, *_ in rows)
    assert all(when > utcnow() for _s, _a, when, _e in rows)  # backed off, not hammering
    assert all("Connection" in error or "refused" in error.lower() for *_x, error in rows)
    # Not due yet: nothing is tried again straight away.
    smtp.start()
    assert _deliver(app, smtp)["sent"] == 0
    assert smtp.inbox.received == []
    # Once due, every message goes, once.
    counts = _deliver(app, smtp, now=utcnow() + timedelta(hours=1))
    assert counts["sent"] == 6
    assert len(smtp.inbox.received) == 6
    assert _deliver(app, smtp, now=utcnow() + timedelta(hours=2))["sent"] == 0
    assert all(status == MessageStatus.SENT and attempts == 2 for status, attempts in
               _statuses(app))


def test_refusal_is_retried_with_backoff_then_failed(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    in_db(app, lambda db: notify.queue("reminder", email="dana@example.net", db=db))
    smtp.inbox.refuse = True
    now = utcnow()
    assert _deliver(app, smtp, now=now)["retry"] == 1
    first = in_db(app, lambda db: db.scalar(select(OutboxMessage.next_attempt_at)))
    assert _deliver(app, smtp, now=first)["retry"] == 1
    second = in_db(app, lambda db: db.scalar(select(OutboxMessage.next_attempt_at)))
    assert second - first == 2 * (first - now)  # exponential
    assert _deliver(app, smtp, now=second)["failed"] == 1
    status, attempts = _statuses(app)[0]
    assert (status, attempts) == (MessageStatus.FAILED, 3)
    assert "550" in in_db(app, lambda db: db.scalar(select(OutboxMessage.last_error)))
    # A failed message is never tried again by itself.
    smtp.inbox.refuse = False
    assert sum(_deliver(app, smtp, now=second + timedelta(days=1)).values()) == 0
    assert smtp.inbox.received == []


def test_refusal_then_acceptance(app, smtp):
    in_db(app, lambda db: notify.queue("reminder", email="dana@example.net", db=db))
    smtp.inbox.refuse = True
    assert _deliver(app, smtp)["retry"] == 1
    smtp.inbox.refuse = False
    assert _deliver(app, smtp, now=utcnow() + timedelta(hours=1))["sent"] == 1
    assert len(smtp.inbox.received) == 1


def test_send_messages_command_uses_the_mail_server(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp.port)
    _people(app)
    result = app.test_cli_runner().invoke(args=["portal", "send-messages"])
    assert result.exit_code == 0, result.output
    assert "Sent: 6." in result.output
    assert len(smtp.inbox.received) == 6
    sender = smtp.inbox.received[0][1]["From"]
    assert sender == app.config["MAIL_FROM"]
