"""Staff accounts: social workers, managers (chairs), interpreters and administrators."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import EncryptedText
from portal.db import Base
from portal.models._types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    SOCIAL_WORKER = "social_worker"
    MANAGER = "manager"
    INTERPRETER = "interpreter"
    ADMIN = "admin"


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    # The time step of the last code accepted, so a code cannot be used twice.
    totp_last_step: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    # Raised to end every session of this account (sign-out everywhere, password change).
    session_epoch: Mapped[int] = mapped_column(default=0)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Flask-Login
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"
