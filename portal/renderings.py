"""Interpreters' English renderings of what a parent sent, kept per sent version.

Every row of a sent version with words in it (an answer, a comment on the report, a
request) can have an English rendering. A rendering is saved against the version the
interpreter read and the exact words they read (their SHA-256). Reading a version:

- a rendering saved for this version is "current";
- one saved for an earlier version is carried over as "current" when the parent's
  words are the same (the same words have the same English: nothing to redo);
- one whose words have changed since is shown as "out of date", with the old English
  kept beside it, until an interpreter renders the new words.

Staff pages, the print view and the interpreter's pages read renderings only through
`annotate()`; the interpreter saves with `save()`.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import sending
from portal.db import session
from portal.models import Conference, Rendering, StaffUser, Submission
from portal.models._types import utcnow

CURRENT = "current"
OUT_OF_DATE = "out_of_date"
MISSING = "missing"


class Stale(Exception):
    """The form was opened on an older version, or before someone else's save."""

    def __init__(self, reason: str, saved: Rendering | None = None):
        super().__init__(reason)
        self.reason, self.saved = reason, saved


@dataclass(frozen=True)
class Shown:
    """A row's English as shown beside the parent's words."""

    state: str  # CURRENT, OUT_OF_DATE or MISSING
    rendering: Rendering | None = None
    version: int | None = None  # the version the rendering was written for

    @property
    def revision(self) -> int:
        return self.rendering.revision if self.rendering is not None else 0


def row_key(part_key: str, row: dict) -> str:
    """A row's identity across versions: its part, then its own key (or its question)."""
    return f"{part_key}:{row.get('key') or row['question']}"


def words_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rows(content: dict) -> list[dict]:
    """The rows of a sent version that hold words, in page order, each with its "key"
    (row_key), "part" (its part's title) and "answer" (the words as sent)."""
    return [
        {**row, "key": row_key(part["key"], row), "part": part["title"]}
        for part in sending.sections(content, with_changes=False)
        if part["key"] in content  # a part not sent may still show a placeholder row
        for row in part["rows"]
        if row.get("answer")
    ]


def find_row(content: dict, key: str) -> dict | None:
    return next((row for row in rows(content) if row["key"] == key), None)


def _known(submission: Submission) -> dict[str, tuple[Rendering, int]]:
    """For each row key, the newest rendering saved for this version or an earlier one
    of the same parent, with the number of the version it was written for. One query."""
    found = session().execute(
        select(Rendering, Submission.number)
        .join(Submission, Submission.id == Rendering.submission_id)
        .options(joinedload(Rendering.staff))
        .where(
            Submission.invitation_id == submission.invitation_id,
            Submission.number <= submission.number,
        )
        .order_by(Submission.number, Rendering.saved_at, Rendering.id)
    )
    return {rendering.row_key: (rendering, number) for rendering, number in found}


def saved_for(invitation_id: int) -> list[tuple[Rendering, int]]:
    """Every rendering of this parent's versions, with the version's number, oldest first
    (for the subject access export)."""
    return list(
        session().execute(
            select(Rendering, Submission.number)
            .join(Submission, Submission.id == Rendering.submission_id)
            .options(joinedload(Rendering.staff))
            .where(Submission.invitation_id == invitation_id)
            .order_by(Submission.number, Rendering.row_key, Rendering.id)
        )
    )


def shown_for(submission: Submission, content_rows: list[dict]) -> dict[str, Shown]:
    """Each row's English as of this version (see the module's docstring)."""
    return _shown(content_rows, _known(submission))


def _shown(content_rows: list[dict], known: dict[str, tuple[Rendering, int]]) -> dict[str, Shown]:
    result = {}
    for row in content_rows:
        found = known.get(row["key"])
        if found is None:
            result[row["key"]] = Shown(MISSING)
            continue
        rendering, number = found
        same = rendering.source_hash == words_hash(row["answer"])
        result[row["key"]] = Shown(CURRENT if same else OUT_OF_DATE, rendering, number)
    return result


def annotate(parts: list[dict], submission: Submission | None) -> list[dict]:
    """Add "english" (a Shown) to every row of these parts (from sending.sections, or
    staff.review's compare/grouped) that has words, for the version `submission`."""
    if submission is None:
        return parts
    keyed = [
        {**row, "key": row_key(part["key"], row)}
        for part in parts
        if part["key"] in submission.content
        for row in part["rows"]
        if row.get("answer")
    ]
    shown = shown_for(submission, keyed)

    def mark(part_key: str, row: dict) -> dict:
        if not row.get("answer") or part_key not in submission.content:
            return row
        key = row_key(part_key, row)
        return {**row, "english": shown[key], "english_key": key}

    result = []
    for part in parts:
        copy = {**part, "rows": [mark(part["key"], row) for row in part["rows"]]}
        if "groups" in part:
            copy["groups"] = [
                {**group, "rows": [mark(part["key"], row) for row in group["rows"]]}
                for group in part["groups"]
            ]
        result.append(copy)
    return result


def progress(conference: Conference) -> list[dict]:
    """Each invitation of the conference with its latest version and how many of its rows
    have current English, out-of-date English or none: three queries, however many."""
    invitations = list(conference.invitations)
    ids = [invitation.id for invitation in invitations]
    latest: dict[int, Submission] = {}
    known: dict[int, dict[str, tuple[Rendering, int]]] = {i: {} for i in ids}
    if ids:
        for submission in session().scalars(
            select(Submission)
            .where(Submission.invitation_id.in_(ids))
            .order_by(Submission.number)
        ):
            latest[submission.invitation_id] = submission
        found = session().execute(
            select(Rendering, Submission.number, Submission.invitation_id)
            .join(Submission, Submission.id == Rendering.submission_id)
            .where(Submission.invitation_id.in_(ids))
            .order_by(Submission.number, Rendering.saved_at, Rendering.id)
        )
        for rendering, number, invitation_id in found:
            known[invitation_id][rendering.row_key] = (rendering, number)
    result = []
    for invitation in invitations:
        submission = latest.get(invitation.id)
        totals = None
        if submission is not None:
            content_rows = rows(submission.content)
            totals = counts(_shown(content_rows, known[invitation.id]))
        result.append({"invitation": invitation, "latest": submission, "totals": totals})
    return result


def counts(shown: dict[str, Shown]) -> dict[str, int]:
    """How many rows are current, out of date and not rendered yet."""
    totals = {CURRENT: 0, OUT_OF_DATE: 0, MISSING: 0}
    for item in shown.values():
        totals[item.state] += 1
    return totals


def save(
    submission: Submission,
    form_version: int,
    key: str,
    words: str,
    text: str,
    staff: StaffUser,
    base_revision: int,
) -> Rendering:
    """Save `staff`'s English for the row `key` of `submission`, the parent's latest version.

    `form_version` is the version the interpreter's form was opened on, `words` the
    parent's words they read, `base_revision` the revision of this version's English when
    the form opened (0: none). Raises Stale when a newer version was sent since, or someone
    else saved since, unless what is saved is this same English (a form sent twice)."""
    if submission.number != form_version:
        raise Stale("new_version")
    existing = session().scalar(
        select(Rendering).where(
            Rendering.submission_id == submission.id, Rendering.row_key == key
        )
    )
    source = words_hash(words)
    if existing is not None and existing.text == text and existing.source_hash == source:
        return existing  # the same English again: nothing to do
    current = existing.revision if existing is not None else 0
    if current != base_revision:
        raise Stale("changed", existing)
    if existing is None:
        existing = Rendering(submission_id=submission.id, row_key=key, revision=0)
        session().add(existing)
    existing.text, existing.source_hash, existing.staff_id = text, source, staff.id
    existing.saved_at = utcnow()
    existing.revision += 1
    session().flush()
    return existing


def next_to_render(content_rows: list[dict], shown: dict[str, Shown], after: str) -> str | None:
    """The first row after `after` (then from the top) whose English is missing or out
    of date, or None when every row has current English."""
    keys = [row["key"] for row in content_rows]
    start = keys.index(after) + 1 if after in keys else 0
    for key in keys[start:] + keys[:start]:
        if key != after and shown[key].state != CURRENT:
            return key
    return None
