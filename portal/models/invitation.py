"""One invitation per parent or carer: their own way in, and their own answers."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Invitation(Base):
    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")
    email: Mapped[str] = mapped_column(String(254), default="")
    mobile: Mapped[str] = mapped_column(String(40), default="")
    # Only hashes are kept: the link's token (SHA-256, it is long and random) and the
    # access code and passphrase (argon2id, they are short enough to guess offline).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    passphrase_hash: Mapped[str | None] = mapped_column(String(200))
    failed_codes: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Raised to end every session of this invitation (code re-issued, signed out).
    session_epoch: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    first_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Staff ended this invitation: no sign-in, nothing deleted. A new code restores it.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    conference: Mapped["Conference"] = relationship(back_populates="invitations")  # noqa: F821
    answers: Mapped[list["Answer"]] = relationship(  # noqa: F821
        back_populates="invitation", cascade="all, delete-orphan"
    )
    # Read by a parent's pages once per request (portal.answers, portal.requests_data),
    # and written through, so a page reads what the same request saved.
    progress: Mapped[list["TaskProgress"]] = relationship()  # noqa: F821
    comments: Mapped[list["ReportComment"]] = relationship()  # noqa: F821
    requests: Mapped[list["SupportRequest"]] = relationship(  # noqa: F821
        back_populates="invitation", order_by="SupportRequest.id"
    )
    submissions: Mapped[list["Submission"]] = relationship(  # noqa: F821
        back_populates="invitation", order_by="Submission.number"
    )
