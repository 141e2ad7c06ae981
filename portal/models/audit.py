"""Every view of a family's content by staff, and every change to a staff account:
who, in which role, what, to whom, and when."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))  # e.g. "viewed_views", "printed_views"
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    # For a change to a staff account: whose account, and what changed (e.g. the new role).
    subject_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id"), index=True
    )
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    staff: Mapped["StaffUser"] = relationship(foreign_keys=[staff_id])  # noqa: F821
    subject: Mapped["StaffUser | None"] = relationship(  # noqa: F821
        foreign_keys=[subject_staff_id]
    )
