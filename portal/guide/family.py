"""The signed-in parent's conference, for the few public pages that can say more to them.

The guide is public; when a parent is signed in, the contacts page shows their social
worker and the complaint pages show their own deadline. This reads the parent's
session through portal.parent_session (a core module, not the parent views).
"""

from dataclasses import dataclass
from datetime import date

from portal.parent_session import current_invitation


@dataclass(frozen=True)
class Family:
    social_worker_name: str | None
    social_worker_phone: str | None
    minutes_sent_on: date | None
    conference_kind: str
    conference_on: date


def parent_signed_in() -> bool:
    return current_invitation() is not None


def signed_in_family() -> Family | None:
    invitation = current_invitation()
    if invitation is None:
        return None
    conference = invitation.conference
    worker = conference.social_worker
    return Family(
        social_worker_name=worker.name if worker else None,
        social_worker_phone=(worker.phone or None) if worker else None,
        minutes_sent_on=conference.minutes_sent_on,
        conference_kind=str(conference.kind.value),
        conference_on=conference.starts_on,
    )
