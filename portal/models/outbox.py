"""Messages waiting to be delivered, written in the same transaction as the change
that causes them, and delivered afterwards by portal.notify's sender."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import EncryptedText
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class MessageStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting, or waiting to be retried
    SENDING = "sending"  # claimed by one sender run
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt
    UNAVAILABLE = "unavailable"  # no way to deliver it (no SMS provider); recorded, never sent


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What caused it, e.g. "invitation_created", "request_changed", "reminder".
    event: Mapped[str] = mapped_column(String(40))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, 8))
    to_address: Mapped[str] = mapped_column(String(254))  # an email address or a mobile number
    language: Mapped[str] = mapped_column(String(16), default="en")
    # The words carry no personal information: only that something changed and where to sign in.
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # A secret link (a password reset), encrypted; the body holds notify.LINK_HELD in its
    # place. Put into the email only as it is sent, and forgotten once delivery ends.
    secret_link: Mapped[str | None] = mapped_column(EncryptedText)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # Set for messages that must be queued once only (e.g. the reminder before a conference).
    once_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    status: Mapped[MessageStatus] = mapped_column(
        _enum(MessageStatus, 16), default=MessageStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
