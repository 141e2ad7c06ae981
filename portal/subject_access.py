"""A subject access export: everything the portal holds about one parent or carer.

`export(invitation)` gathers it as plain JSON values: who they are and how to reach
them, their conference, what they have saved now, every version they sent (exactly
as stored), what they asked for and what staff answered, their comments on the
report, every staff view of their content, their sign-ins, the messages sent to them,
and the interpreters' English of their words. The staff page renders it as HTML; the
same dict is the JSON download.
"""

from datetime import date, datetime, time
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from portal import (
    answers,
    audit,
    questions,
    renderings,
    report_comments,
    reports,
    requests_data,
    sending,
)
from portal.db import session
from portal.i18n import babel_locale
from portal.models import Invitation, OutboxMessage, SignInAttempt, StaffUser
from portal.models._types import utcnow

FORMAT = "portal-subject-access/1"


def _when(value: date | time | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export(invitation: Invitation, produced_by: StaffUser) -> dict[str, Any]:
    """Everything held about this parent, as JSON-able values, in English labels."""
    with force_locale(babel_locale("en")):
        return {
            "format": FORMAT,
            "produced_at": _when(utcnow()),
            "produced_by": {"name": produced_by.name, "role": produced_by.role.value},
            "parent": _parent(invitation),
            "conference": _conference(invitation),
            "saved_answers": _answers(invitation),
            "sent_versions": _versions(invitation),
            "english_renderings": _renderings(invitation),
            "requests": _requests(invitation),
            "report_comments": _comments(invitation),
            "read_by": _readers(invitation),
            "sign_ins": _sign_ins(invitation),
            "messages": _messages(invitation),
        }


def _parent(invitation: Invitation) -> dict[str, Any]:
    return {
        "name": invitation.name,
        "email": invitation.email,
        "mobile": invitation.mobile,
        "preferred_language": invitation.preferred_language,
        "invited_at": _when(invitation.created_at),
        "first_signed_in_at": _when(invitation.first_signed_in_at),
        "last_signed_in_at": _when(invitation.last_signed_in_at),
        "report_first_opened_at": _when(invitation.report_first_opened_at),
    }


def _conference(invitation: Invitation) -> dict[str, Any]:
    conference = invitation.conference
    return {
        "kind": conference.kind.value,
        "date": _when(conference.starts_on),
        "time": _when(conference.starts_at),
        "place": conference.place,
        "chair": conference.chair_name,
        "children": [{"first_name": c.first_name, "age": c.age} for c in conference.children],
        "content_removed_at": _when(conference.family_content_removed_at),
    }


def _answers(invitation: Invitation) -> list[dict[str, str]]:
    saved = answers.answers_for(invitation)
    result = [
        {"key": q.key, "question": str(q.label), "text": saved[q.key]}
        for q in questions.BY_KEY.values()
        if saved.get(q.key)
    ]
    known = set(questions.BY_KEY)
    result += [{"key": k, "question": k, "text": t} for k, t in saved.items() if k not in known]
    return result


def _versions(invitation: Invitation) -> list[dict[str, Any]]:
    return [
        {
            "number": version.number,
            "reference": version.reference,
            "sent_at": _when(version.sent_at),
            "content": version.content,
        }
        for version in reversed(sending.versions(invitation))
    ]


def _renderings(invitation: Invitation) -> list[dict[str, Any]]:
    """Interpreters' English of the parent's words, per version and row."""
    return [
        {"version": number, "row": rendering.row_key, "english": rendering.text,
         "by": rendering.staff.name, "saved_at": _when(rendering.saved_at)}
        for rendering, number in renderings.saved_for(invitation.id)
    ]


def _requests(invitation: Invitation) -> list[dict[str, Any]]:
    return [
        {
            "kind": request.kind.value,
            "title": requests_data.title(request.kind),
            "details": request.details,
            "in_words": [
                [label, value] for label, value in requests_data.describe(
                    request.kind, request.details
                )
            ],
            "state": request.state.value,
            "state_in_words": str(requests_data.STAFF_STATES[request.state]),
            "staff_note": request.staff_note,
            "created_at": _when(request.created_at),
            "sent_at": _when(request.sent_at),
            "decided_at": _when(request.decided_at),
            "decided_by": request.decided_by.name if request.decided_by else None,
            "withdrawn_at": _when(request.withdrawn_at),
        }
        for request in requests_data.for_invitation(invitation)
    ]


def _comments(invitation: Invitation) -> list[dict[str, Any]]:
    report = reports.report_for(invitation.conference)
    result = []
    for key, comment in sorted(report_comments.comments_for(invitation).items()):
        heading = None
        if key == report_comments.GENERAL:
            heading = "The whole report"
        elif report is not None:
            as_read = reports.version(report, comment.version_number)
            found = report_comments.find_section(as_read, int(key)) if as_read else None
            heading = found["heading"] if found else None
        result.append({
            "section": heading or f"Section {key}",
            "agreement": comment.agreement,
            "text": comment.text,
            "report_version": comment.version_number,
            "saved_at": _when(comment.saved_at),
        })
    return result


def _readers(invitation: Invitation) -> list[dict[str, Any]]:
    return [
        {"staff": event.staff.name, "role": event.role, "action": event.action,
         "at": _when(event.at)}
        for event in reversed(audit.events_for_invitation(invitation))
    ]


def _sign_ins(invitation: Invitation) -> list[dict[str, Any]]:
    rows = session().scalars(
        select(SignInAttempt)
        .where(SignInAttempt.invitation_id == invitation.id)
        .order_by(SignInAttempt.at, SignInAttempt.id)
    )
    return [
        {"at": _when(row.at), "succeeded": row.succeeded, "address": row.address}
        for row in rows
    ]


def _messages(invitation: Invitation) -> list[dict[str, Any]]:
    rows = session().scalars(
        select(OutboxMessage)
        .where(OutboxMessage.invitation_id == invitation.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [
        {"to": row.to_address, "channel": row.channel.value, "subject": row.subject,
         "body": row.body, "status": row.status.value, "created_at": _when(row.created_at),
         "sent_at": _when(row.sent_at)}
        for row in rows
    ]
