"""Sending: a snapshot of everything the parent wants the conference to see.

Each sent version is a Submission row, kept unchanged: its `content` is a JSON
object with one entry per *part*. Sending the same content again makes no new version.

What a sent version is made of is written out in PARTS below, in the order the Check
page, the sent pages and the staff review show them. Each part lives in the domain
module that owns its data:

- `collect(invitation)` returns plain JSON values (str, int, list, dict), the same
  for the same saved data, so unchanged content compares the same. An empty value
  (None, {} or []) means the part has nothing to send and is left out.
- `rows(value)` turns a collected (or stored) value into rows for the summary_list
  macro: [{"key", "question", "answer", "change_href"}]; "key" names a row across
  versions (what changed, and its English rendering: portal.renderings). It also
  shows old versions, so it must accept whatever it stored before. On the pages of
  sent versions `change_href` is dropped.

A new part: write its two functions in its domain module and add a line to PARTS.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal import answers, canonical, report_comments, requests_data
from portal.db import insert_unless_taken, session
from portal.models import Invitation, Submission
from portal.models._types import utcnow


@dataclass(frozen=True)
class Part:
    key: str  # the key in Submission.content
    title: str  # the heading on Check, the sent pages and the staff review
    collect: Callable[[Invitation], Any]
    rows: Callable[[Any], list[dict]]


PARTS: tuple[Part, ...] = (
    Part(
        "report",
        _l("Your comments on the report"),
        collect=report_comments.snapshot,
        rows=report_comments.sent_rows,
    ),
    Part("answers", _l("Your views"), collect=answers.snapshot, rows=answers.sent_rows),
    Part(
        "requests",
        _l("What you need for the conference"),
        collect=requests_data.snapshot,
        rows=requests_data.sent_rows,
    ),
)


# ---- snapshots and versions ----------------------------------------------------------


def snapshot(invitation: Invitation) -> dict:
    content = {}
    for part in PARTS:
        value = part.collect(invitation)
        if value not in (None, {}, [], ""):
            content[part.key] = value
    return content


def sections(content: dict, with_changes: bool = True) -> list[dict]:
    """Headings and rows for the Check page (with change links) or a sent version."""
    result = []
    for part in PARTS:
        rows = part.rows(content.get(part.key))
        if not with_changes:
            rows = [{**row, "change_href": None} for row in rows]
        result.append({"key": part.key, "title": part.title, "rows": rows})
    return result


def versions(invitation: Invitation) -> list[Submission]:
    """Every sent version, newest first."""
    return list(
        session().scalars(
            select(Submission)
            .where(Submission.invitation_id == invitation.id)
            .order_by(Submission.number.desc())
        )
    )


def latest(invitation: Invitation) -> Submission | None:
    return session().scalar(
        select(Submission)
        .where(Submission.invitation_id == invitation.id)
        .order_by(Submission.number.desc())
        .limit(1)
    )


def by_reference(invitation: Invitation, reference: str) -> Submission | None:
    """A version of this invitation only: another family's reference finds nothing."""
    return session().scalar(
        select(Submission).where(
            Submission.invitation_id == invitation.id, Submission.reference == reference
        )
    )


_REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread


def new_reference() -> str:
    chars = "".join(secrets.choice(_REFERENCE_LETTERS) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def _numbered(invitation: Invitation, number: int) -> Submission | None:
    return session().scalar(
        select(Submission).where(
            Submission.invitation_id == invitation.id, Submission.number == number
        )
    )


def _next_number(invitation: Invitation) -> int:
    highest = session().scalar(
        select(func.max(Submission.number)).where(Submission.invitation_id == invitation.id)
    )
    return (highest or 0) + 1


_LOOK_UP: Any = object()


def is_unsent_change(
    invitation: Invitation, content: dict | None = None, last: Submission | None = _LOOK_UP
) -> bool:
    """Whether what is saved now differs from the latest version sent (`content` and
    `last`, the latest version or None, when the caller has them already)."""
    content = snapshot(invitation) if content is None else content
    last = latest(invitation) if last is _LOOK_UP else last
    return bool(content) and (last is None or not canonical.same(last.content, content))


def send(invitation: Invitation) -> tuple[Submission | None, bool]:
    """Send what is saved now. Returns (the version, whether it is new).

    The same content as the latest version makes no new version. Two sends at once
    (a double click) meet the unique (invitation, number) constraint: the second
    insert does nothing (ON CONFLICT DO NOTHING), and its sender gets the version that
    won. Nothing else of the request is rolled back.
    """
    content = snapshot(invitation)
    if not content:
        return None, False
    # The latest version is found from the same read as the next number: read apart, a
    # send committed in between (a double tap) could be missed by the first and counted
    # by the second, making a second, identical version.
    number = _next_number(invitation)
    last = _numbered(invitation, number - 1)
    if last is not None and canonical.same(last.content, content):
        return last, False
    added = insert_unless_taken(
        Submission,
        {
            "invitation_id": invitation.id,
            "number": number,
            "reference": new_reference(),
            "sent_at": utcnow(),
            "content": content,
        },
        unique=["invitation_id", "number"],
    )
    if not added:
        return latest(invitation), False
    return _numbered(invitation, number), True
