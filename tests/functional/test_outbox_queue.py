"""Writing the outbox: who is told about what, in which language, once; SMS recorded as
unavailable; reminders queued once; the development sender; the production refusal."""

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal import conferences, notify, reports
from portal.models import OutboxMessage
from portal.models.outbox import Channel, MessageStatus
from tests.conftest import make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import in_db


def _rows(app):
    return in_db(app, lambda db: [
        (m.event, m.channel, m.to_address, m.status, m.language, m.once_key)
        for m in db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ])


def _conference(db, days_ahead=10, **kw):
    worker = make_staff(db, email=f"sw{days_ahead}-{kw.get('place', '')[:3]}@example.org")
    return make_conference(db, days_ahead=days_ahead, social_worker=worker, **kw)


def test_invitation_created_by_staff_queues_an_email_without_the_link(app):
    def build(db):
        conference = _conference(db)
        invitation, token, code = conferences.invite_parent(
            conference, "Dana Whitfield", "en", email="dana@example.net")
        db.flush()
        return token, code

    token, code = in_db(app, build)
    ((event, channel, to, status, language, _key),) = _rows(app)
    assert (event, channel, to, status, language) == (
        "invitation_created", Channel.EMAIL, "dana@example.net", MessageStatus.QUEUED, "en")
    body = in_db(app, lambda db: db.scalar(select(OutboxMessage.body)))
    assert token not in body and code not in body and "Dana" not in body


def test_mobile_only_is_recorded_as_unavailable_and_never_sent(app):
    in_db(app, lambda db: conferences.invite_parent(
        _conference(db), "Dana Whitfield", "en", mobile="07700 900982"))
    ((event, channel, to, status, _language, _key),) = _rows(app)
    assert (event, channel, to, status) == (
        "invitation_created", Channel.SMS, "07700 900982", MessageStatus.UNAVAILABLE)
    error = in_db(app, lambda db: db.scalar(select(OutboxMessage.last_error)))
    assert "No SMS provider" in error

    class Refuse:
        def send(self, message):
            raise AssertionError("an SMS row must never be handed to a transport")

    with app.app_context():
        assert sum(notify.deliver_due(transport=Refuse()).values()) == 0
    assert _rows(app)[0][3] == MessageStatus.UNAVAILABLE


def test_no_address_writes_nothing(app):
    in_db(app, lambda db: conferences.invite_parent(_conference(db), "Dana Whitfield", "en"))
    assert _rows(app) == []


def test_report_shared_then_changed_tells_each_parent(app):
    def build(db):
        worker = make_staff(db, email="sam@example.org")
        conference = make_conference(db, social_worker=worker)
        make_invitation(db, conference, name="A", email="a@example.net")
        make_invitation(db, conference, name="B", mobile="07700 900000")
        report = reports.get_or_create_report(conference)
        first = report.sections[0]
        reports.save_section(report, first, first.heading, "Some text.")
        reports.share(report, worker)
        reports.share(report, worker)  # unchanged: no new version, nobody told again
        reports.save_section(report, first, first.heading, "Changed text.")
        reports.after_edit(report, worker)

    in_db(app, build)
    rows = [(e, c, s) for e, c, _to, s, _l, _k in _rows(app)]
    assert rows == [
        ("report_shared", Channel.EMAIL, MessageStatus.QUEUED),
        ("report_shared", Channel.SMS, MessageStatus.UNAVAILABLE),
        ("report_changed", Channel.EMAIL, MessageStatus.QUEUED),
        ("report_changed", Channel.SMS, MessageStatus.UNAVAILABLE),
    ]


def test_message_in_the_preferred_language_when_we_have_it(app, monkeypatch):
    def build(db):
        conference = _conference(db)
        invitation, _t, _c = make_invitation(db, conference, name="A", email="a@example.net",
                                             preferred_language="ln")
        notify.request_changed(invitation)

    in_db(app, build)
    # No Lingala words: English, and the row says so.
    assert _rows(app)[0][4] == "en"
    monkeypatch.setattr(notify.i18n, "is_offered", lambda code: code in {"en", "ln"})
    used = []
    real_force_locale = notify.force_locale

    def spy(code):
        used.append(code)
        return real_force_locale(code)

    monkeypatch.setattr(notify, "force_locale", spy)
    in_db(app, lambda db: notify.request_changed(
        db.scalar(select(notify.Invitation).where(notify.Invitation.name == "A"))))
    assert _rows(app)[1][4] == "ln" and used == ["ln"]


def test_reminders_are_queued_once_for_conferences_three_days_away(app):
    today = date(2026, 3, 26)

    def build(db):
        soon = _conference(db, starts_on=today + timedelta(days=3), place="soon")
        later = _conference(db, starts_on=today + timedelta(days=4), place="later")
        past = _conference(db, starts_on=today, place="today")
        for conference, name in [(soon, "a"), (soon, "b"), (later, "c"), (past, "d")]:
            make_invitation(db, conference, name=name, email=f"{name}@example.net")
        return soon.id

    soon_id = in_db(app, build)
    with app.app_context():
        assert notify.queue_reminders(today) == 2
        notify.session().commit()
        assert notify.queue_reminders(today) == 0
        assert notify.queue_reminders(today + timedelta(days=1)) == 1  # "later" is now 3 days away
        notify.session().commit()
    rows = _rows(app)
    assert sorted(to for _e, _c, to, *_r in rows) == ["a@example.net", "b@example.net",
                                                      "c@example.net"]
    assert all(event == "reminder" and key.startswith("reminder:") for event, *_x, key in rows)

    # The conference moves: a new reminder for the new date, once.
    def move(db):
        conference = db.get(notify.Conference, soon_id)
        conference.starts_on = today + timedelta(days=2)

    in_db(app, move)
    with app.app_context():
        assert notify.queue_reminders(today) == 2
        notify.session().commit()
        assert notify.queue_reminders(today) == 0


def test_development_sender_writes_to_the_log(app, caplog):
    in_db(app, lambda db: notify.queue("reminder", email="dana@example.net", db=db))
    with caplog.at_level(logging.INFO, logger="portal.notify"):
        result = app.test_cli_runner().invoke(args=["portal", "send-messages"])
    assert result.exit_code == 0, result.output
    assert "Sent: 1." in result.output
    assert "Your conference is in a few days" in caplog.text
    assert _rows(app)[0][3] == MessageStatus.SENT


def test_production_without_a_mail_server_keeps_messages_queued(app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    in_db(app, lambda db: notify.queue("reminder", email="dana@example.net", db=db))
    result = app.test_cli_runner().invoke(args=["portal", "send-messages"])
    assert result.exit_code == 1
    assert "MAIL_SERVER is not set" in result.output
    assert _rows(app)[0][3] == MessageStatus.QUEUED


def test_a_broken_transport_fails_nothing_else(app):
    in_db(app, lambda db: [notify.queue("reminder", email=f"{n}@example.net", db=db)
                           for n in "abc"])

    class Flaky:
        def __init__(self):
            self.calls = 0

        def send(self, message):
            self.calls += 1
            if self.calls == 2:
                raise ValueError("something unexpected")

    with app.app_context():
        counts = notify.deliver_due(transport=Flaky())
    assert counts == {"sent": 2, "retry": 1}
    assert [s for _e, _c, _t, s, _l, _k in _rows(app)] == [
        MessageStatus.SENT, MessageStatus.QUEUED, MessageStatus.SENT]


def test_a_sender_that_died_mid_message_is_retried_later(app):
    from portal.models._types import utcnow

    in_db(app, lambda db: notify.queue("reminder", email="a@example.net", db=db))

    def claim(db):
        message = db.scalar(select(OutboxMessage))
        message.status = MessageStatus.SENDING
        message.next_attempt_at = utcnow() - timedelta(hours=1)

    in_db(app, claim)

    class Keep:
        sent = []

        def send(self, message):
            self.sent.append(message.id)

    with app.app_context():
        assert notify.deliver_due(transport=Keep())["sent"] == 1


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 30), (2, 60), (3, 120), (20, 21600)])
def test_backoff_doubles_up_to_a_cap(attempts, seconds):
    assert notify.backoff(attempts, 30, 6 * 3600) == timedelta(seconds=seconds)


def test_development_sender_thread_starts_with_the_first_request(app, database_url):
    import time

    from portal import create_app

    dev = create_app({
        "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
        "PORTAL_DEV_SENDER": True, "PORTAL_DEV_SENDER_SECONDS": 0.1, "SERVER_NAME": None,
    })
    try:
        in_db(app, lambda db: notify.queue("reminder", email="dana@example.net", db=db))
        assert "dev_sender" not in dev.extensions  # not started by creating the app
        dev.test_client().get("/")
        thread, _stop = dev.extensions["dev_sender"]
        assert thread.is_alive()
        for _ in range(100):
            if _rows(app)[0][3] == MessageStatus.SENT:
                break
            time.sleep(0.05)
        assert _rows(app)[0][3] == MessageStatus.SENT
    finally:
        if "dev_sender" in dev.extensions:
            thread, stop = dev.extensions["dev_sender"]
            stop.set()
            thread.join(timeout=5)
        dev.extensions["db_engine"].dispose()
