"""Sign-in attempts, kept to throttle guessing by invitation and by address."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class SignInAttempt(Base):
    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "parent" or "staff"
    address: Mapped[str] = mapped_column(String(64), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # Staff: the SHA-256 of the email address as typed (throttle.subject_for), so an
    # address without an account is counted exactly like one with.
    subject: Mapped[str | None] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
