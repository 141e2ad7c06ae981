"""Notifications: the outbox writer and the sender. The only module that talks SMTP.

Writing: the functions below add OutboxMessage rows to the current session, so a
message is committed with the change that causes it, or not at all. The words are
fixed at that moment in the recipient's language, and say only that something
changed and where to sign in: no names, no dates, no places, no links with tokens.
The one exception is a staff password reset, whose single-use link must reach the
person: it is stored encrypted beside the message (`secret_link`), put into the email
only as it is sent, and forgotten as soon as delivery ends.

Sending: `deliver_due()` claims each due message, hands it to a transport (SMTP
when MAIL_SERVER is set; the log in development), and marks it sent, or queued
again with exponential backoff, or failed after MAIL_MAX_ATTEMPTS. It runs from
`flask --app app portal send-messages` and, in development with
PORTAL_DEV_SENDER=1, from a background thread.

There is no SMS provider: for a parent with a mobile number and no email address
a row is recorded with status "unavailable", and nothing is sent.
"""

import logging
import re
import smtplib
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import clock, i18n
from portal.db import session
from portal.i18n import babel_locale
from portal.models import Conference, Invitation, OutboxMessage, StaffUser
from portal.models._types import utcnow
from portal.models.outbox import Channel, MessageStatus

log = logging.getLogger("portal.notify")

PARENT_SIGN_IN = "/sign-in"
STAFF_SIGN_IN = "/staff/sign-in"
REMINDER_DAYS = 3
# A message claimed by a run that then died is offered again after this long.
CLAIM_TIMEOUT = timedelta(minutes=15)
SMS_UNAVAILABLE = "No SMS provider is configured, so this text message was recorded but not sent."

# event -> (subject, the first paragraph). Each is a whole sentence, translated whole.
PARENT_EVENTS = {
    "invitation_created": (
        _l("You can now prepare for your conference"),
        _l("You have been invited to prepare for your conference online. Use the link and "
           "access code in the letter from your social worker, or sign in here:"),
    ),
    "report_shared": (
        _l("There is something new for you to read"),
        _l("A report has been shared with you. Sign in to read it:"),
    ),
    "report_changed": (
        _l("Something you can read has changed"),
        _l("A report shared with you has been updated. Sign in to see what has changed:"),
    ),
    "request_changed": (
        _l("There is an update on something you asked for"),
        _l("There is an update on something you asked for. Sign in to see it:"),
    ),
    "reminder": (
        _l("Your conference is in a few days"),
        _l("Your conference is in a few days. Sign in to check the date, time and place, "
           "and to finish getting ready:"),
    ),
}
STAFF_EVENTS = {
    "views_sent": (
        _l("A family has sent their views"),
        _l("A parent or carer has sent their views for a conference you are allocated to. "
           "Sign in to read them:"),
    ),
    "request_made": (
        _l("A family has asked for something"),
        _l("A parent or carer has asked for something they need to take part in a "
           "conference. Sign in to see it:"),
    ),
    "request_withdrawn": (
        _l("A family has withdrawn a request"),
        _l("A parent or carer has withdrawn something they asked for. Sign in to see it:"),
    ),
}
# Messages that carry a secret link: the link is kept only until delivery ends.
SECRET_EVENTS = {
    "password_reset": (
        _l("Reset your password"),
        _l("Someone asked to reset the password for your account. If it was you, use this "
           "link within one hour. It works once:"),
    ),
}
LINK_REMOVED = "[link removed after sending]"
LINK_HELD = "[link]"  # where a secret link goes in the stored body
PRIVACY = _l("For your privacy, this message does not say what it is about.")
NO_REPLY = _l("Please do not reply to this email.")


# ---- writing -------------------------------------------------------------------------------


def recipient_language(code: str | None) -> str:
    """The recipient's preferred language if we have its words, otherwise English."""
    return i18n.recipient_language(code)


def _words(event: str, language: str, link: str) -> tuple[str, str]:
    subject, lead = PARENT_EVENTS.get(event) or STAFF_EVENTS.get(event) or SECRET_EVENTS[event]
    with force_locale(babel_locale(language)):
        paragraphs = [f"{lead}\n{link}", str(PRIVACY), str(NO_REPLY)]
        return str(subject), "\n\n".join(paragraphs) + "\n"


def _site(path: str) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + path


def queue(
    event: str,
    *,
    email: str = "",
    mobile: str = "",
    language: str | None = None,
    invitation_id: int | None = None,
    staff_id: int | None = None,
    once_key: str | None = None,
    link: str | None = None,
    db: Session | None = None,
) -> OutboxMessage | None:
    """Add one message for one person to the outbox, in `db` (the request's session).

    Email when there is an address. With only a mobile number, an "unavailable" row
    records that the person could not be told (there is no SMS provider). With
    neither, nothing is written and None is returned."""
    db = db or session()
    link = link or _site(STAFF_SIGN_IN if event in STAFF_EVENTS else PARENT_SIGN_IN)
    language = recipient_language(language)
    secret = link if event in SECRET_EVENTS else None
    subject, body = _words(event, language, LINK_HELD if secret else link)
    common = {
        "event": event, "language": language, "subject": subject, "body": body,
        "invitation_id": invitation_id, "staff_id": staff_id, "once_key": once_key,
        "secret_link": secret,
    }
    if email:
        message = OutboxMessage(channel=Channel.EMAIL, to_address=email.strip(), **common)
    elif mobile:
        message = OutboxMessage(
            channel=Channel.SMS, to_address=mobile.strip(), status=MessageStatus.UNAVAILABLE,
            last_error=SMS_UNAVAILABLE, **common,
        )
    else:
        return None
    db.add(message)
    return message


def to_parent(invitation: Invitation, event: str, once_key: str | None = None,
              db: Session | None = None) -> OutboxMessage | None:
    return queue(
        event, email=invitation.email, mobile=invitation.mobile,
        language=invitation.preferred_language, invitation_id=invitation.id,
        once_key=once_key, db=db,
    )


def to_staff(user: StaffUser | None, event: str) -> OutboxMessage | None:
    if user is None or not user.active:
        return None
    return queue(event, email=user.email, staff_id=user.id)


def password_reset(user: StaffUser, link: str) -> OutboxMessage | None:
    """The single-use reset link, to the account's own address only."""
    if not user.active:
        return None
    return queue("password_reset", email=user.email, staff_id=user.id, link=link)


def invitation_created(invitation: Invitation) -> OutboxMessage | None:
    """Call after creating an invitation (and after re-issuing its code)."""
    session().flush()  # so the message can refer to the invitation's id
    return to_parent(invitation, "invitation_created")


def report_shared(conference: Conference, changed: bool = False) -> list[OutboxMessage]:
    """Call when the report is first shared (changed=False) or a shared report is changed."""
    event = "report_changed" if changed else "report_shared"
    return [m for inv in conference.invitations if (m := to_parent(inv, event))]


def request_changed(invitation: Invitation) -> OutboxMessage | None:
    """Call when staff set a parent's request to arranged, declined or needs a conversation."""
    return to_parent(invitation, "request_changed")


def views_sent(invitation: Invitation) -> OutboxMessage | None:
    """Call when a parent sends their views: tells the conference's social worker."""
    return to_staff(invitation.conference.social_worker, "views_sent")


def request_made(invitation: Invitation) -> OutboxMessage | None:
    """Call when a parent sends a request on its own: tells the social worker."""
    return to_staff(invitation.conference.social_worker, "request_made")


def request_withdrawn(invitation: Invitation) -> OutboxMessage | None:
    return to_staff(invitation.conference.social_worker, "request_withdrawn")


def queue_reminders(today: date | None = None, db: Session | None = None) -> int:
    """Queue the reminder for every invitation whose conference is 1 to 3 days away.

    Once only per invitation and conference date (a moved conference gets a new
    one): safe to run as often as you like. Returns how many were queued."""
    db = db or session()
    today = today or clock.today()
    rows = db.scalars(
        select(Invitation)
        .join(Conference)
        .where(Conference.starts_on > today)
        .where(Conference.starts_on <= today + timedelta(days=REMINDER_DAYS))
        .order_by(Invitation.id)
    ).all()
    queued = 0
    for invitation in rows:
        key = f"reminder:{invitation.id}:{invitation.conference.starts_on.isoformat()}"
        if db.scalar(select(exists().where(OutboxMessage.once_key == key))):
            continue
        try:
            with db.begin_nested():
                if to_parent(invitation, "reminder", once_key=key, db=db) is not None:
                    queued += 1
        except IntegrityError:  # another run queued it a moment ago
            continue
    return queued


# ---- sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    """One message as it leaves: the stored row's words, with any secret link put back."""

    id: int
    event: str
    to_address: str
    language: str
    subject: str
    body: str


def outgoing(message: OutboxMessage) -> Outgoing:
    body = message.body
    if message.secret_link:
        body = body.replace(LINK_HELD, message.secret_link)
    return Outgoing(
        message.id, message.event, message.to_address, message.language, message.subject, body
    )


class Transport(Protocol):
    def send(self, message: Outgoing) -> None:
        """Deliver, or raise."""


def as_email(message: Outgoing, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email["Content-Language"] = message.language
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body)
    return email


class SMTPTransport:
    def __init__(self, host: str, port: int = 25, sender: str = "portal@localhost",
                 username: str = "", password: str = "", starttls: bool = False,
                 timeout: float = 10.0):
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls
        self.timeout = timeout

    def send(self, message: Outgoing) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(as_email(message, self.sender))


def _show_log() -> None:
    """Make sure this module's messages are seen on the console under `flask run`."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


class LogTransport:
    """Development without a mail server: each message is written to the log."""

    def __init__(self):
        _show_log()

    def send(self, message: Outgoing) -> None:
        log.info("Message %s to %s: %s\n%s", message.id, message.to_address, message.subject,
                 message.body)


class NotConfigured(RuntimeError):
    pass


def default_transport(app: Flask | None = None) -> Transport:
    config = (app or current_app).config
    if config.get("MAIL_SERVER"):
        return SMTPTransport(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)),
            sender=config.get("MAIL_FROM", "portal@localhost"),
            username=config.get("MAIL_USERNAME", ""), password=config.get("MAIL_PASSWORD", ""),
            starttls=bool(config.get("MAIL_USE_STARTTLS")),
            timeout=float(config.get("MAIL_TIMEOUT", 10)),
        )
    if config.get("PORTAL_ENV") == "production":
        raise NotConfigured("MAIL_SERVER is not set, so messages cannot be sent. They stay queued.")
    return LogTransport()


def backoff(attempts: int, base: float, cap: float) -> timedelta:
    """How long to wait after the `attempts`-th failure: base, 2 x base, 4 x base… up to cap."""
    return timedelta(seconds=min(cap, base * 2 ** max(attempts - 1, 0)))


def deliver_due(now: datetime | None = None, transport: Transport | None = None,
                limit: int = 200) -> Counter:
    """Deliver every message that is due. Returns counts by outcome ("sent", "retry", "failed").

    Each message is claimed (queued -> sending) in its own transaction first, so two
    senders running at once never deliver the same message twice, and its outcome is
    committed straight after, so a failure later in the run loses nothing."""
    app = current_app._get_current_object()
    config = app.config
    transport = transport or default_transport(app)
    max_attempts = int(config.get("MAIL_MAX_ATTEMPTS", 10))
    base = float(config.get("MAIL_RETRY_SECONDS", 30))
    cap = float(config.get("MAIL_RETRY_MAX_SECONDS", 6 * 3600))
    now = now or utcnow()
    counts: Counter = Counter()
    with app.extensions["db_sessionmaker"]() as db:
        db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == MessageStatus.SENDING)
            .where(OutboxMessage.next_attempt_at < now - CLAIM_TIMEOUT)
            .values(status=MessageStatus.QUEUED)
        )
        db.commit()
        due = db.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == MessageStatus.QUEUED)
            .where(OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
        for message_id in due:
            claimed = db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .where(OutboxMessage.status == MessageStatus.QUEUED)
                .values(status=MessageStatus.SENDING, next_attempt_at=now)
            )
            db.commit()
            if claimed.rowcount != 1:
                continue
            message = db.get(OutboxMessage, message_id)
            counts[_deliver_one(db, message, transport, now, max_attempts, base, cap)] += 1
            db.commit()
    return counts


def _deliver_one(db: Session, message: OutboxMessage, transport: Transport, now: datetime,
                 max_attempts: int, base: float, cap: float) -> str:
    message.attempts += 1
    try:
        transport.send(outgoing(message))
    except Exception as error:  # noqa: BLE001  any failure: keep the message and try again
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        if message.attempts >= max_attempts:
            message.status = MessageStatus.FAILED
            _forget_secret(message)
            log.error("Message %s failed after %s attempts: %s", message.id, message.attempts,
                      message.last_error)
            return "failed"
        message.status = MessageStatus.QUEUED
        message.next_attempt_at = now + backoff(message.attempts, base, cap)
        log.warning("Message %s not delivered (attempt %s), will retry: %s", message.id,
                    message.attempts, message.last_error)
        return "retry"
    message.status = MessageStatus.SENT
    message.sent_at = now
    message.last_error = ""
    _forget_secret(message)
    return "sent"


def _forget_secret(message: OutboxMessage) -> None:
    """Once delivery has ended, a secret link has no reason to stay in the database."""
    if message.event in SECRET_EVENTS:
        message.secret_link = None
        message.body = re.sub(r"https?://\S+", LINK_REMOVED, message.body.replace(
            LINK_HELD, LINK_REMOVED))


def run_once(today: date | None = None, transport: Transport | None = None) -> Counter:
    """One pass of the sender: queue due reminders (committed), then deliver."""
    queued = queue_reminders(today)
    session().commit()
    counts = deliver_due(transport=transport)
    counts["reminders_queued"] = queued
    return counts


# ---- the development sender ---------------------------------------------------------------


def _dev_loop(app: Flask, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            with app.app_context():
                run_once()
        except Exception:  # noqa: BLE001  a development helper must never take the server down
            log.exception("Development sender run failed; trying again shortly")
        stop.wait(interval)


def init_app(app: Flask) -> None:
    """With PORTAL_DEV_SENDER=1 (`make run` sets it), a background thread delivers the
    outbox while the server runs. It starts with the first request, so `flask portal …`
    commands never start one."""
    if not app.config.get("PORTAL_DEV_SENDER") or app.config.get("TESTING"):
        return
    interval = float(app.config.get("PORTAL_DEV_SENDER_SECONDS", 10))
    lock = threading.Lock()

    @app.before_request
    def _start_dev_sender():
        if "dev_sender" in app.extensions:
            return
        with lock:
            if "dev_sender" in app.extensions:
                return
            stop = threading.Event()
            thread = threading.Thread(target=_dev_loop, args=(app, interval, stop),
                                      daemon=True, name="portal-dev-sender")
            app.extensions["dev_sender"] = (thread, stop)
            thread.start()
            _show_log()
            log.info("Development sender started: it delivers the outbox every %s seconds",
                     interval)
