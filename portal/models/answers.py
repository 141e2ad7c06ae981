"""A parent's saved answers, one row per question, and which task pages they have saved."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import EncryptedText
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("invitation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))  # e.g. "strengths.family"
    text: Mapped[str] = mapped_column(EncryptedText, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    invitation: Mapped["Invitation"] = relationship(back_populates="answers")  # noqa: F821


class TaskProgress(Base):
    """A page the parent has saved with Continue (so its task can show its status)."""

    __tablename__ = "task_progress"
    __table_args__ = (UniqueConstraint("invitation_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    page: Mapped[str] = mapped_column(String(80))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
