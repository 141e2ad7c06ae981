"""The record of who on the staff side read a family's content, and when; and of every
change to a staff account (created, role changed, deactivated or reactivated, password
reset, second factor set up), shown to managers and administrators.

Every staff view that shows family content (answers, comments, requests, the
letter, the review and the print view) calls record_view once per page shown;
portal/staff_accounts.py calls record_account_change for every change it makes.
"""

from sqlalchemy import select

from portal.db import session
from portal.models import AuditEvent, Conference, Invitation, StaffUser


def record_view(
    staff: StaffUser,
    action: str,
    conference: Conference | None = None,
    invitation: Invitation | None = None,
) -> AuditEvent:
    """Record that `staff`, in their current role, did `action` (e.g. "viewed_conference",
    "viewed_views", "printed_views") on this conference and, if one parent's content,
    that invitation."""
    if conference is None and invitation is not None:
        conference = invitation.conference
    event = AuditEvent(
        staff_id=staff.id,
        role=staff.role.value,
        action=action[:64],
        conference_id=conference.id if conference is not None else None,
        invitation_id=invitation.id if invitation is not None else None,
    )
    session().add(event)
    return event


def events_for_invitation(invitation: Invitation) -> list[AuditEvent]:
    """Views of this parent's own content, newest first (for "Who has read your views")."""
    return list(
        session().scalars(
            select(AuditEvent)
            .where(AuditEvent.invitation_id == invitation.id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
    )


# What each account change is called on the page that lists them.
ACCOUNT_CHANGES = (
    "account_created",
    "role_changed",
    "account_deactivated",
    "account_reactivated",
    "password_reset",
    "second_factor_set_up",
)


def record_account_change(
    actor: StaffUser, action: str, subject: StaffUser, detail: str = ""
) -> AuditEvent:
    """Record that `actor` (the account itself for a password reset) changed `subject`."""
    if action not in ACCOUNT_CHANGES:
        raise ValueError(f"not an account change: {action}")
    event = AuditEvent(
        staff_id=actor.id,
        role=actor.role.value,
        action=action,
        subject_staff_id=subject.id,
        detail=detail[:200],
    )
    session().add(event)
    return event


def account_changes(council_id: int, limit: int = 500) -> list[AuditEvent]:
    """Changes to this council's staff accounts, newest first."""
    return list(
        session().scalars(
            select(AuditEvent)
            .join(StaffUser, AuditEvent.subject_staff_id == StaffUser.id)
            .where(StaffUser.council_id == council_id, AuditEvent.action.in_(ACCOUNT_CHANGES))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )
