"""Typed tables, a file per idea. Import them all here so Alembic sees every table."""

from portal.db import Base
from portal.models.answers import Answer, TaskProgress
from portal.models.audit import AuditEvent
from portal.models.conference import Child, Conference, ConferenceInterpreter, Council
from portal.models.held_secret import HeldSecret
from portal.models.invitation import Invitation
from portal.models.outbox import OutboxMessage
from portal.models.password_reset import PasswordReset
from portal.models.rendering import Rendering
from portal.models.report import (
    Report,
    ReportComment,
    ReportReading,
    ReportSection,
    ReportVersion,
)
from portal.models.requests import SupportRequest
from portal.models.signin import SignInAttempt
from portal.models.staff import StaffUser
from portal.models.submission import Submission

__all__ = [
    "Answer",
    "AuditEvent",
    "Base",
    "Child",
    "Conference",
    "ConferenceInterpreter",
    "Council",
    "HeldSecret",
    "Invitation",
    "OutboxMessage",
    "PasswordReset",
    "Rendering",
    "Report",
    "ReportComment",
    "ReportReading",
    "ReportSection",
    "ReportVersion",
    "SignInAttempt",
    "StaffUser",
    "Submission",
    "SupportRequest",
    "TaskProgress",
]
