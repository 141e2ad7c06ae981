"""Secrets for one member of staff, kept server-side (encrypted) and never in the
cookie, which holds only the row's id: a new invitation's link and code until the
letter shows them once, and an authenticator set-up secret until the first code
confirms it. See portal/held_secrets.py."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import EncryptedJSON
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class HeldSecret(Base):
    __tablename__ = "held_secret"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # "letter" or "totp_enrol"
    value: Mapped[Any] = mapped_column(EncryptedJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
