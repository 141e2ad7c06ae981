"""Sending: a snapshot of everything the parent wants the conference to see.

Each sent version is a Submission row, kept unchanged: its `content` is a JSON
object with one entry per *part*, and `content_hash` is the SHA-256 of that JSON.
Sending the same content again makes no new version.

How another area adds its part (e.g. report comments, requests)
----------------------------------------------------------------
Register a Part once, at import time of your module::

    from portal import sending

    sending.register(sending.Part(
        key="report",                      # the key in Submission.content
        title=_l("Your comments on the report"),  # heading on Check and sent pages
        collect=report_snapshot,           # (invitation) -> JSON-able value, or None/{}/[]
        rows=report_rows,                  # (value) -> [{"question", "answer", "change_href"}]
        order=20,                          # where it shows: answers are 30
    ))

`collect` must return plain JSON values (str, int, list, dict) and be
deterministic, so unchanged content hashes the same. An empty value (None, {}
or []) means the part has nothing to send and is left out of the content.
`rows` turns a collected (or stored) value into rows for the summary_list macro;
it is also used to show old versions, so it must accept what it stored before.
`change_href` may be None; on the pages of sent versions it is dropped.
"""

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from portal import answers, questions
from portal.db import session
from portal.models import Invitation, Submission
from portal.models._types import utcnow


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    collect: Callable[[Invitation], Any]
    rows: Callable[[Any], list[dict]]
    order: int = 50


PARTS: list[Part] = []


def register(part: Part) -> None:
    """Add (or replace, by key) a part of what is sent."""
    PARTS[:] = [p for p in PARTS if p.key != part.key] + [part]
    PARTS.sort(key=lambda p: p.order)


# ---- the parent's own views (this module's part) -------------------------------


def _collect_answers(invitation: Invitation) -> dict[str, str]:
    saved = answers.answers_for(invitation)
    return {q: saved[q] for q in questions.BY_KEY if saved.get(q)}


def _answer_rows(value: dict[str, str]) -> list[dict]:
    rows = []
    for page in questions.PAGES:
        for q in page.questions:
            rows.append(
                {
                    "question": q.label,
                    "answer": (value or {}).get(q.key, ""),
                    "change_href": url_for(
                        "parent.views_page", slug=page.slug, _anchor=q.key, **{"return": "check"}
                    ),
                    "page": page.title,
                }
            )
    return rows


register(
    Part(
        key="answers", title=_l("Your views"), collect=_collect_answers, rows=_answer_rows, order=30
    )
)


# ---- snapshots and versions ----------------------------------------------------------


def snapshot(invitation: Invitation) -> dict:
    content = {}
    for part in PARTS:
        value = part.collect(invitation)
        if value not in (None, {}, [], ""):
            content[part.key] = value
    return content


def hash_content(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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


def _next_number(invitation: Invitation) -> int:
    highest = session().scalar(
        select(func.max(Submission.number)).where(Submission.invitation_id == invitation.id)
    )
    return (highest or 0) + 1


def is_unsent_change(invitation: Invitation, content: dict | None = None) -> bool:
    content = snapshot(invitation) if content is None else content
    last = latest(invitation)
    return bool(content) and (last is None or last.content_hash != hash_content(content))


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
    digest = hash_content(content)
    last = latest(invitation)
    if last is not None and last.content_hash == digest:
        return last, False
    number = _next_number(invitation)
    dialect = session().get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = session().execute(
        insert(Submission)
        .values(
            invitation_id=invitation.id,
            number=number,
            reference=new_reference(),
            sent_at=utcnow(),
            content=content,
            content_hash=digest,
        )
        .on_conflict_do_nothing(index_elements=["invitation_id", "number"])
    )
    if added.rowcount != 1:
        return latest(invitation), False
    submission = session().scalar(
        select(Submission).where(
            Submission.invitation_id == invitation.id, Submission.number == number
        )
    )
    return submission, True
