"""The social worker's report: its editable sections, every shared version (kept
unchanged), and each parent's comments on it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import EncryptedJSON, EncryptedText
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Report(Base):
    """One per conference: the working copy the social worker edits."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sections: Mapped[list["ReportSection"]] = relationship(
        back_populates="report", order_by="ReportSection.position, ReportSection.id",
        cascade="all, delete-orphan",
    )
    versions: Mapped[list["ReportVersion"]] = relationship(
        back_populates="report", order_by="ReportVersion.number"
    )


class ReportSection(Base):
    """A heading and its text (the small Markdown subset of portal.sanitize).

    Its id is the section's identity across versions, so a parent's comment follows
    the section even when its heading or text changes."""

    __tablename__ = "report_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    heading: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(EncryptedText, default="")
    # Raised on every save, so a form opened before someone else's save is noticed.
    revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    report: Mapped[Report] = relationship(back_populates="sections")


class ReportVersion(Base):
    """What the family was given: a snapshot, never updated.

    content: {"sections": [{"id": int, "heading": str, "body": str}, ...]}"""

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    number: Mapped[int]
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    content: Mapped[dict] = mapped_column(EncryptedJSON)

    report: Mapped[Report] = relationship(back_populates="versions")
    shared_by: Mapped["StaffUser | None"] = relationship()  # noqa: F821


class ReportComment(Base):
    """A parent's response to one section ("general" for the whole report)."""

    __tablename__ = "report_comment"
    __table_args__ = (UniqueConstraint("invitation_id", "section_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    section_key: Mapped[str] = mapped_column(String(32))  # a ReportSection id, or "general"
    agreement: Mapped[str] = mapped_column(String(16), default="")  # agree, partly, disagree
    text: Mapped[str] = mapped_column(EncryptedText, default="")
    # The version the parent was reading when they saved, to tell them what changed since.
    version_number: Mapped[int] = mapped_column(default=0)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportReading(Base):
    """The latest version a parent has opened, so they can be told what changed since."""

    __tablename__ = "report_reading"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), unique=True)
    version_number: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
