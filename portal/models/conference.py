"""The council, its conferences, the children a conference is about, assigned interpreters."""

import enum
from datetime import date, datetime, time

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Council(Base):
    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)  # the profile file's name
    name: Mapped[str] = mapped_column(String(200))

    conferences: Mapped[list["Conference"]] = relationship(back_populates="council")


class ConferenceKind(enum.StrEnum):
    INITIAL = "initial"
    REVIEW = "review"


class Conference(Base):
    __tablename__ = "conference"
    # The dashboard's lists: a council's (managers) or one social worker's conferences
    # in date order, read from the index without sorting.
    __table_args__ = (
        Index("ix_conference_council_date", "council_id", "starts_on", "starts_at", "id"),
        Index("ix_conference_worker_date", "social_worker_id", "starts_on", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    kind: Mapped[ConferenceKind] = mapped_column(
        Enum(
            ConferenceKind,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    # Local date and time in England (Europe/London), as written on the letter.
    starts_on: Mapped[date]
    starts_at: Mapped[time]
    place: Mapped[str] = mapped_column(String(500))
    chair_name: Mapped[str] = mapped_column(String(200))
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    minutes_sent_on: Mapped[date | None]
    # Set by `flask portal purge` when the family content was removed (portal/retention.py).
    family_content_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    council: Mapped[Council] = relationship(back_populates="conferences")
    social_worker: Mapped["StaffUser | None"] = relationship()  # noqa: F821
    children: Mapped[list["Child"]] = relationship(
        back_populates="conference", order_by="Child.id", cascade="all, delete-orphan"
    )
    invitations: Mapped[list["Invitation"]] = relationship(  # noqa: F821
        back_populates="conference", order_by="Invitation.id"
    )
    interpreters: Mapped[list["ConferenceInterpreter"]] = relationship(
        back_populates="conference", cascade="all, delete-orphan"
    )


class Child(Base):
    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    age: Mapped[int]

    conference: Mapped[Conference] = relationship(back_populates="children")


class ConferenceInterpreter(Base):
    """An interpreter may see one conference only while this row exists."""

    __tablename__ = "conference_interpreter"
    __table_args__ = (UniqueConstraint("conference_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    conference: Mapped[Conference] = relationship(back_populates="interpreters")
    staff: Mapped["StaffUser"] = relationship()  # noqa: F821
