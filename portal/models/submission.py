"""Every version a parent sends, kept unchanged."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import EncryptedJSON
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Submission(Base):
    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("invitation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    number: Mapped[int]  # 1, 2, 3… for this invitation; the highest is the latest
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A snapshot of everything sent: {"answers": {key: text}, ...}. Never updated.
    content: Mapped[dict] = mapped_column(EncryptedJSON)

    invitation: Mapped["Invitation"] = relationship(back_populates="submissions")  # noqa: F821
