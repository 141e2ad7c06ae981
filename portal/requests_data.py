"""What a parent needs to take part: reading and changing their requests.

Views never query requests themselves; they call these functions. A request is
saved as a draft, then sent on its own at once (`send_now`) or with everything else
(`sent_with_views`); the social worker then sets it to arranged, declined (with the
reason) or needs a conversation (`decide`). The parent may withdraw it at any time.
Every change that someone should hear about queues its message (portal.notify) in
the same transaction.
"""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import force_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from portal import answers, clock, languages_list, notify
from portal.db import session
from portal.i18n import babel_locale
from portal.models import Conference, Invitation, StaffUser, SupportRequest
from portal.models._types import utcnow
from portal.models.requests import RequestKind, RequestState
from portal.timescales import add_working_days

Kind = RequestKind
State = RequestState

# The order the parent sees them in, each with a short explanation.
KINDS: dict[RequestKind, tuple[object, object]] = {
    Kind.INTERPRETER: (
        _l("An interpreter"),
        _l("Someone who speaks your language, or a British Sign Language interpreter."),
    ),
    Kind.CHILDCARE: (
        _l("Childcare"),
        _l("Someone to look after your children while you are at the conference."),
    ),
    Kind.SUPPORTER: (
        _l("Someone to come with you"),
        _l("A family member, friend, advocate or solicitor."),
    ),
    Kind.TRAVEL: (
        _l("Help getting there"),
        _l("Money for travel, directions, or someone to meet you."),
    ),
    Kind.ACCESS: (
        _l("Help with access"),
        _l("For example a step-free room, a hearing loop or breaks."),
    ),
    Kind.FORMAT: (
        _l("Papers in another format"),
        _l("Large print, audio, easy read, or the report in your language."),
    ),
    Kind.CANNOT_ATTEND: (
        _l("If you cannot come"),
        _l("For example if you are in hospital or in custody."),
    ),
    Kind.OTHER: (
        _l("Something else"),
        _l("Anything else that would help you take part."),
    ),
}

# What the parent sees.
PARENT_STATES = {
    State.DRAFT: _l("Not sent yet"),
    State.OPEN: _l("Sent – waiting for a reply"),
    State.ARRANGED: _l("Arranged"),
    State.DECLINED: _l("Not possible"),
    State.CONVERSATION: _l("Your social worker will talk to you about this"),
    State.WITHDRAWN: _l("Withdrawn"),
}
# What staff see.
STAFF_STATES = {
    State.DRAFT: _l("Not sent"),
    State.OPEN: lazy_pgettext("state of a request", "Open"),
    State.ARRANGED: _l("Arranged"),
    State.DECLINED: _l("Declined"),
    State.CONVERSATION: _l("Needs a conversation"),
    State.WITHDRAWN: _l("Withdrawn by the parent"),
}
DECISIONS = (State.ARRANGED, State.DECLINED, State.CONVERSATION)
# Still wanted: a new request of the same kind would be a duplicate.
ACTIVE = (State.DRAFT, State.OPEN, State.ARRANGED, State.CONVERSATION)
# Waiting on the social worker.
OPEN = (State.OPEN,)
URGENT_WORKING_DAYS = 3

# Choices, stored by key, shown in words.
YES_NO = {"yes": _l("Yes"), "no": _l("No")}
RELATIONSHIPS = {
    "family": _l("A family member"),
    "friend": _l("A friend"),
    "advocate": _l("An advocate"),
    "solicitor": _l("A solicitor"),
    "other": _l("Someone else"),
}
TRAVEL_NEEDS = {
    "costs": _l("Money for travel costs"),
    "directions": _l("Directions to the place"),
    "meet": _l("Someone to meet me there"),
}
ACCESS_NEEDS = {
    "step_free": _l("A step-free room"),
    "hearing_loop": _l("A hearing loop"),
    "signing": _l("Signing"),
    "breaks": _l("Breaks during the meeting"),
    "other": _l("Something else"),
}
FORMATS = {
    "large_print": _l("Large print"),
    "audio": _l("Audio"),
    "easy_read": _l("Easy read"),
    "translated": _l("The report translated into my language"),
}
CANNOT_ATTEND = {
    "representative": _l("Send someone to speak for me"),
    "views_another_way": _l("Give my views another way, for example by phone, video or in writing"),
    "move_date": _l("Ask to move the date"),
}

# Labels for each stored detail, in the order they are shown.
DETAIL_LABELS = {
    "language": _l("Language"),
    "language_notes": _l("Dialect or notes"),
    "translate_documents": _l("Translate papers too"),
    "children": _l("Number of children"),
    "ages": _l("Their ages"),
    "name": _l("Name"),
    "relationship": _l("Who they are"),
    "needs": _l("What is needed"),
    "formats": _l("Formats"),
    "choice": _l("What you would like"),
    "notes": _l("More details"),
}
CHOICES = {
    "translate_documents": YES_NO,
    "relationship": RELATIONSHIPS,
    "choice": CANNOT_ATTEND,
}
MULTI_CHOICES = {
    Kind.TRAVEL: TRAVEL_NEEDS,
    Kind.ACCESS: ACCESS_NEEDS,
    Kind.FORMAT: FORMATS,
}


def title(kind: RequestKind | str) -> str:
    return str(KINDS[RequestKind(kind)][0])


def describe(kind: RequestKind | str, details: dict) -> list[tuple[str, str]]:
    """(label, value) pairs in the current language, for pages and snapshots."""
    kind = RequestKind(kind)
    rows = []
    for key, label in DETAIL_LABELS.items():
        value = details.get(key)
        if value in (None, "", []):
            continue
        if key == "language":
            text = languages_list.label(value)
        elif key in ("needs", "formats"):
            options = MULTI_CHOICES.get(kind, {})
            text = ", ".join(str(options.get(v, v)) for v in value)
        elif key in CHOICES:
            text = str(CHOICES[key].get(value, value))
        else:
            text = str(value)
        rows.append((str(label), text))
    return rows


# ---- reading -------------------------------------------------------------------------------


def for_invitation(invitation: Invitation) -> list[SupportRequest]:
    """Every request of this parent, oldest first, withdrawn ones included."""
    return list(invitation.requests)


def get_for_invitation(invitation: Invitation, request_id: int) -> SupportRequest | None:
    """One of this parent's requests; another family's id finds nothing."""
    return session().scalar(
        select(SupportRequest).where(
            SupportRequest.id == request_id, SupportRequest.invitation_id == invitation.id
        )
    )


def active_of_kind(invitation: Invitation, kind: RequestKind) -> SupportRequest | None:
    return session().scalar(
        select(SupportRequest)
        .where(
            SupportRequest.invitation_id == invitation.id,
            SupportRequest.kind == kind,
            SupportRequest.state.in_(ACTIVE),
        )
        .order_by(SupportRequest.id.desc())
        .limit(1)
    )


def for_conference(conference: Conference) -> list[SupportRequest]:
    """Every request sent for this conference (drafts are the parent's own), oldest first."""
    return list(
        session().scalars(
            select(SupportRequest)
            .join(Invitation, Invitation.id == SupportRequest.invitation_id)
            .where(Invitation.conference_id == conference.id)
            .where(SupportRequest.sent_at.is_not(None))
            .order_by(SupportRequest.sent_at, SupportRequest.id)
        )
    )


def get_for_conference(conference: Conference, request_id: int) -> SupportRequest | None:
    """One sent request of this conference; any other id finds nothing."""
    return session().scalar(
        select(SupportRequest)
        .join(Invitation, Invitation.id == SupportRequest.invitation_id)
        .where(SupportRequest.id == request_id)
        .where(Invitation.conference_id == conference.id)
        .where(SupportRequest.sent_at.is_not(None))
    )


def is_urgent(conference: Conference, today: date | None = None) -> bool:
    """Within URGENT_WORKING_DAYS working days of the conference (or past it)."""
    today = today or clock.today()
    return today >= add_working_days(conference.starts_on, -URGENT_WORKING_DAYS)


@dataclass(frozen=True)
class OpenCount:
    open: int
    urgent: int  # open and the conference is within 3 working days


def open_count(conference: Conference, today: date | None = None) -> OpenCount:
    return open_counts([conference], today)[conference.id]


def open_counts(conferences: list[Conference], today: date | None = None) -> dict[int, OpenCount]:
    """open_count for many conferences in one query (a page of the dashboard)."""
    waiting = dict(
        session().execute(
            select(Invitation.conference_id, func.count(SupportRequest.id))
            .join(Invitation, Invitation.id == SupportRequest.invitation_id)
            .where(Invitation.conference_id.in_([c.id for c in conferences]))
            .where(SupportRequest.sent_at.is_not(None), SupportRequest.state.in_(OPEN))
            .group_by(Invitation.conference_id)
        ).all()
    )
    counts = {}
    for conference in conferences:
        number = waiting.get(conference.id, 0)
        urgent = number if number and is_urgent(conference, today) else 0
        counts[conference.id] = OpenCount(number, urgent)
    return counts


def open_filter():
    """A condition on Conference: it has a request sent and waiting for an answer."""
    return exists().where(
        SupportRequest.invitation_id == Invitation.id,
        Invitation.conference_id == Conference.id,
        SupportRequest.sent_at.is_not(None),
        SupportRequest.state.in_(OPEN),
    )


# ---- the parent's changes ------------------------------------------------------------------


class NotAllowed(ValueError):
    """The request cannot change that way now (e.g. it was already sent or withdrawn)."""


def save(invitation: Invitation, kind: RequestKind, details: dict,
         existing: SupportRequest | None = None) -> SupportRequest:
    """Save the parent's answers as a draft: a new one, or changes to their draft."""
    if existing is not None:
        if existing.invitation_id != invitation.id or existing.state != State.DRAFT:
            raise NotAllowed("only a draft can be changed")
        existing.details = dict(details)
        request = existing
    else:
        request = SupportRequest(kind=kind, details=dict(details), state=State.DRAFT,
                                 staff_note="")
        invitation.requests.append(request)
    session().flush()
    answers.mark_page_saved(invitation, f"request-{request.id}")
    return request


def send_now(request: SupportRequest) -> bool:
    """Send one draft at once; the social worker is told. False if it was already sent."""
    if request.state != State.DRAFT:
        return False
    request.state = State.OPEN
    request.sent_at = utcnow()
    notify.request_made(request.invitation)
    return True


def sent_with_views(invitation: Invitation) -> int:
    """The parent sent everything: their drafts go to the social worker too."""
    drafts = [r for r in for_invitation(invitation) if r.state == State.DRAFT]
    now = utcnow()
    for request in drafts:
        request.state = State.OPEN
        request.sent_at = now
    return len(drafts)


def withdraw(request: SupportRequest) -> bool:
    """The parent no longer needs it. False if it was already withdrawn."""
    if request.state == State.WITHDRAWN:
        return False
    was_sent = request.sent_at is not None
    request.state = State.WITHDRAWN
    request.withdrawn_at = utcnow()
    answers.mark_page_saved(request.invitation, f"request-{request.id}")
    if was_sent:
        notify.request_withdrawn(request.invitation)
    return True


def mark_done(invitation: Invitation) -> None:
    """The parent says they have asked for everything they need (perhaps nothing)."""
    answers.mark_page_saved(invitation, "requests")


# ---- the social worker's follow-through ----------------------------------------------------


def decide(request: SupportRequest, staff: StaffUser, state: RequestState, note: str) -> None:
    """Arranged, declined (the note is the reason) or needs a conversation; the parent is told."""
    if state not in DECISIONS:
        raise NotAllowed("not a decision")
    if request.sent_at is None or request.state == State.WITHDRAWN:
        raise NotAllowed("a draft or withdrawn request cannot be decided")
    if state == State.DECLINED and not note.strip():
        raise NotAllowed("a decline needs a reason")
    changed = (request.state, request.staff_note) != (state, note)
    request.state = state
    request.staff_note = note
    request.decided_at = utcnow()
    request.decided_by_id = staff.id
    if changed:
        notify.request_changed(request.invitation)


# ---- task list and what is sent --------------------------------------------------------------


def task_state(invitation: Invitation) -> str:
    """"not_started", "in_progress" or "completed" for the task list."""
    requests = [r for r in for_invitation(invitation) if r.state != State.WITHDRAWN]
    if "requests" in answers.saved_pages(invitation):
        return "completed"
    return "in_progress" if requests else "not_started"


def snapshot(invitation: Invitation) -> list[dict]:
    """What the parent asked for, as sent: only their own words and choices (not what
    staff did, so a decision never looks like a change the parent must send again).
    The words are kept in English too, so a sent version reads the same later."""
    result = []
    for request in for_invitation(invitation):
        if request.state == State.WITHDRAWN:
            continue
        with force_locale(babel_locale("en")):
            words = [[label, value] for label, value in describe(request.kind, request.details)]
            what = title(request.kind)
        result.append(
            {"id": request.id, "kind": request.kind.value, "title": what,
             "details": request.details, "words": words}
        )
    return result


def load_demo(invitation: Invitation) -> SupportRequest:
    """For the demo: this parent has asked for an interpreter, and is waiting for a reply."""
    session().flush()
    request = save(invitation, Kind.INTERPRETER,
                   {"language": "ti", "language_notes": "Eritrean", "translate_documents": "yes"})
    send_now(request)
    return request


def sent_rows(value: list[dict] | None) -> list[dict]:
    """What was asked for, for Check your answers and a sent version."""
    if not value:
        return [
            {
                "question": _("What you asked for"),
                "answer": _("Nothing"),
                "change_href": url_for("parent.requests"),
            }
        ]
    rows = []
    for item in value:
        try:
            words = describe(item["kind"], item.get("details") or {})
            what = title(item["kind"])
        except (KeyError, ValueError):  # a kind no longer offered: show what was stored
            words, what = item.get("words") or [], item.get("title", "")
        rows.append(
            {
                "key": f"request.{item['id']}",
                "question": what,
                "answer": "\n".join(
                    _("%(label)s: %(value)s", label=label, value=text) for label, text in words
                ),
                "change_href": url_for("parent.request_detail", request_id=item["id"]),
            }
        )
    return rows
