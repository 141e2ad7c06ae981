"""The record of who on the staff side read a family's content, and when.

Every staff view that shows family content (answers, comments, requests, the
letter, the review and the print view) calls record_view once per page shown.
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


def events_for_conference(conference: Conference) -> list[AuditEvent]:
    return list(
        session().scalars(
            select(AuditEvent)
            .where(AuditEvent.conference_id == conference.id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
    )
