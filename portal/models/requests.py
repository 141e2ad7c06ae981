"""What a parent asks for so they can take part (an interpreter, childcare, …),
and what the social worker did about it."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import EncryptedJSON, EncryptedText
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class RequestKind(enum.StrEnum):
    INTERPRETER = "interpreter"
    CHILDCARE = "childcare"
    SUPPORTER = "supporter"
    TRAVEL = "travel"
    ACCESS = "access"
    FORMAT = "format"
    CANNOT_ATTEND = "cannot_attend"
    OTHER = "other"


class RequestState(enum.StrEnum):
    DRAFT = "draft"  # saved by the parent, not sent yet
    OPEN = "open"  # sent; waiting for the social worker
    ARRANGED = "arranged"
    DECLINED = "declined"  # the reason is in staff_note, shown to the parent
    CONVERSATION = "conversation"  # the social worker needs to talk it through
    WITHDRAWN = "withdrawn"  # by the parent


def _enum(kind: type[enum.Enum], length: int) -> Enum:
    return Enum(
        kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class SupportRequest(Base):
    __tablename__ = "support_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    kind: Mapped[RequestKind] = mapped_column(_enum(RequestKind, 24))
    # The parent's answers for this kind, e.g. {"language": "ti", "translate_documents": "yes"}.
    details: Mapped[dict] = mapped_column(EncryptedJSON)
    state: Mapped[RequestState] = mapped_column(_enum(RequestState, 16), default=RequestState.DRAFT)
    # For the parent: what was arranged, why it was declined, or what to talk about.
    staff_note: Mapped[str] = mapped_column(EncryptedText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    invitation: Mapped["Invitation"] = relationship(back_populates="requests")  # noqa: F821
    decided_by: Mapped["StaffUser | None"] = relationship()  # noqa: F821
