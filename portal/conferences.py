"""Conferences as staff see them: which ones a user may see, and changing them.

Views call these; they never build queries themselves.
"""

from datetime import date, time

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from portal import notify
from portal.db import session
from portal.invitations import create_invitation
from portal.models import (
    Child,
    Conference,
    ConferenceInterpreter,
    Invitation,
    StaffUser,
)
from portal.models.conference import ConferenceKind
from portal.models.staff import Role


def visible_select(user: StaffUser) -> Select:
    """Conferences this user may see: the one rule every staff page relies on (other
    areas narrow or count this query)."""
    query = select(Conference).where(Conference.council_id == user.council_id)
    if not user.active:
        return query.where(False)
    if user.role == Role.MANAGER:
        return query
    if user.role == Role.SOCIAL_WORKER:
        return query.where(Conference.social_worker_id == user.id)
    if user.role == Role.INTERPRETER:
        return query.where(
            exists().where(
                ConferenceInterpreter.conference_id == Conference.id,
                ConferenceInterpreter.staff_id == user.id,
            )
        )
    # Administrators see accounts and the council profile, no family content.
    return query.where(False)


def visible_conferences(user: StaffUser) -> list[Conference]:
    """The user's conferences, soonest first."""
    query = visible_select(user).order_by(Conference.starts_on, Conference.starts_at, Conference.id)
    return list(session().scalars(query))


def visible_conference(user: StaffUser, conference_id: int) -> Conference | None:
    """The conference if this user may see it, else None (the page answers 404)."""
    return session().scalar(visible_select(user).where(Conference.id == conference_id))


def can_see(user: StaffUser, conference: Conference) -> bool:
    return visible_conference(user, conference.id) is not None


def social_workers(council_id: int) -> list[StaffUser]:
    return list(
        session().scalars(
            select(StaffUser)
            .where(
                StaffUser.council_id == council_id,
                StaffUser.role == Role.SOCIAL_WORKER,
                StaffUser.active.is_(True),
            )
            .order_by(StaffUser.name)
        )
    )


def interpreters(council_id: int) -> list[StaffUser]:
    return list(
        session().scalars(
            select(StaffUser)
            .where(
                StaffUser.council_id == council_id,
                StaffUser.role == Role.INTERPRETER,
                StaffUser.active.is_(True),
            )
            .order_by(StaffUser.name)
        )
    )


def create_conference(
    council_id: int,
    kind: ConferenceKind,
    starts_on: date,
    starts_at: time,
    place: str,
    chair_name: str,
    social_worker_id: int | None,
) -> Conference:
    conference = Conference(
        council_id=council_id,
        kind=kind,
        starts_on=starts_on,
        starts_at=starts_at,
        place=place,
        chair_name=chair_name,
        social_worker_id=social_worker_id,
    )
    session().add(conference)
    session().flush()
    return conference


def update_conference(conference: Conference, **values) -> None:
    allowed = {"kind", "starts_on", "starts_at", "place", "chair_name", "social_worker_id"}
    for name, value in values.items():
        if name not in allowed:
            raise ValueError(f"cannot change {name}")
        setattr(conference, name, value)


def record_minutes_sent(conference: Conference, sent_on: date) -> None:
    """Record (or correct) the date the minutes and plan were sent to the family; the
    last day to complain in writing is counted from it (portal.keydates)."""
    if sent_on < conference.starts_on:
        raise ValueError("the minutes cannot be sent before the conference")
    conference.minutes_sent_on = sent_on
    session().flush()


def add_child(conference: Conference, first_name: str, age: int) -> Child:
    child = Child(first_name=first_name, age=age)
    conference.children.append(child)
    session().flush()
    return child


def remove_child(conference: Conference, child_id: int) -> bool:
    for child in conference.children:
        if child.id == child_id:
            conference.children.remove(child)
            return True
    return False


def load_for_page(conference: Conference) -> Conference:
    """Load what the conference page shows (its children, invitations and interpreters)
    in one query each, before the template: templates never query."""
    session().execute(
        select(Conference)
        .where(Conference.id == conference.id)
        .options(
            selectinload(Conference.children),
            selectinload(Conference.invitations),
            selectinload(Conference.interpreters).joinedload(ConferenceInterpreter.staff),
        )
    ).all()
    return conference


def assigned_interpreters(conference: Conference) -> list[StaffUser]:
    return [row.staff for row in conference.interpreters]


def assign_interpreter(conference: Conference, interpreter: StaffUser) -> bool:
    """Give an interpreter access to this conference. False if they already had it."""
    if interpreter.role != Role.INTERPRETER or interpreter.council_id != conference.council_id:
        raise ValueError("not an interpreter of this council")
    if any(row.staff_id == interpreter.id for row in conference.interpreters):
        return False
    conference.interpreters.append(ConferenceInterpreter(staff_id=interpreter.id))
    session().flush()
    return True


def unassign_interpreter(conference: Conference, staff_id: int) -> bool:
    """End an interpreter's access to this conference at once."""
    for row in conference.interpreters:
        if row.staff_id == staff_id:
            conference.interpreters.remove(row)
            session().flush()
            return True
    return False


def conference_invitation(conference: Conference, invitation_id: int) -> Invitation | None:
    """One invitation of this conference (someone else's id gives None)."""
    return session().scalar(
        select(Invitation).where(
            Invitation.id == invitation_id, Invitation.conference_id == conference.id
        )
    )


def invite_parent(
    conference: Conference, name: str, preferred_language: str, email: str = "", mobile: str = ""
) -> tuple[Invitation, str, str]:
    """A new invitation for this conference, with its link token and access code
    (to be shown once, never stored)."""
    invitation, token, code = create_invitation(
        conference, name, preferred_language=preferred_language, email=email, mobile=mobile
    )
    session().flush()
    notify.invitation_created(invitation)  # queued in this transaction; no token in it
    return invitation, token, code
