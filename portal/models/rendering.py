"""An interpreter's English rendering of a parent's words, kept per sent version."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import EncryptedText
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Rendering(Base):
    """The English of one answer (a row of a sent version, by its key) in one version.

    `source_hash` is the SHA-256 of the parent's words as the interpreter read them,
    so a later version with the same words can show this rendering as still true, and
    one with changed words shows it as out of date (portal.renderings)."""

    __tablename__ = "rendering"
    __table_args__ = (UniqueConstraint("submission_id", "row_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    row_key: Mapped[str] = mapped_column(String(120))  # e.g. "answers:risks.report"
    source_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(EncryptedText)  # encrypted at rest, like the parent's words
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Raised on every save, so a form opened before someone else's save is noticed.
    revision: Mapped[int] = mapped_column(default=1)

    staff: Mapped["StaffUser"] = relationship()  # noqa: F821
    submission: Mapped["Submission"] = relationship()  # noqa: F821
