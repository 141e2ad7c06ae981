"""The parent's side of the report: what they can read, what they agree with and
wrote, and what changed since they last read or commented.

Views call these functions; they never query report tables themselves.
"""

from dataclasses import dataclass

from flask import has_request_context, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.db import session
from portal.models import Invitation, ReportComment, ReportReading, ReportVersion
from portal.models._types import utcnow
from portal.reports import latest_version, report_for

GENERAL = "general"
GENERAL_LABEL = _l("Is there anything else you want to say about the report?")

AGREEMENTS = {
    "agree": _l("I agree"),
    "partly": _l("I partly agree"),
    "disagree": _l("I disagree"),
}


def shared_report(invitation: Invitation) -> ReportVersion | None:
    """The latest version shared with this parent's conference, if any. Looked up once
    per request (the task list and Check ask for it more than once); a parent's request
    never shares a report, so it cannot change meanwhile."""
    memo = request.__dict__.setdefault("shared_reports", {}) if has_request_context() else {}
    if invitation.conference_id not in memo:
        memo[invitation.conference_id] = latest_version(report_for(invitation.conference))
    return memo[invitation.conference_id]


def version_sections(shared: ReportVersion) -> list[dict]:
    return list(shared.content.get("sections", []))


def find_section(shared: ReportVersion, section_id: int) -> dict | None:
    return next((s for s in version_sections(shared) if s.get("id") == section_id), None)


def mark_opened(invitation: Invitation) -> None:
    if invitation.report_first_opened_at is None:
        invitation.report_first_opened_at = utcnow()


def comments_for(invitation: Invitation) -> dict[str, ReportComment]:
    """This parent's comments by section key (a section id as text, or "general")."""
    return {row.section_key: row for row in invitation.comments}


def save_comment(
    invitation: Invitation, key: str, agreement: str, text: str, version_number: int
) -> ReportComment:
    """Save what the parent chose and wrote for one section (saved even when empty, so the
    section counts as read)."""
    if agreement not in AGREEMENTS and agreement != "":
        raise ValueError(f"unknown agreement {agreement!r}")
    row = comments_for(invitation).get(key)
    if row is None:
        row = ReportComment(section_key=key)
        invitation.comments.append(row)
    row.agreement, row.text, row.version_number = agreement, text, version_number
    row.saved_at = utcnow()
    session().flush()
    return row


def _versions_by_number(report_id: int, numbers: set[int]) -> dict[int, ReportVersion]:
    if not numbers:
        return {}
    rows = session().scalars(
        select(ReportVersion).where(
            ReportVersion.report_id == report_id, ReportVersion.number.in_(numbers)
        )
    )
    return {row.number: row for row in rows}


def changed_since_comment(invitation: Invitation, shared: ReportVersion) -> set[int]:
    """Ids of sections whose heading or text changed after this parent commented on them."""
    comments = [
        c for c in comments_for(invitation).values()
        if c.section_key != GENERAL and c.version_number < shared.number
    ]
    old = _versions_by_number(shared.report_id, {c.version_number for c in comments})
    changed = set()
    for comment in comments:
        section_id = int(comment.section_key)
        now = find_section(shared, section_id)
        before = old.get(comment.version_number)
        then = find_section(before, section_id) if before is not None else None
        if now is None:
            continue
        if then is None or (then["heading"], then["body"]) != (now["heading"], now["body"]):
            changed.add(section_id)
    return changed


def seen_version(invitation: Invitation) -> int:
    """The latest version this parent has opened (0: none yet)."""
    return session().scalar(
        select(ReportReading.version_number).where(ReportReading.invitation_id == invitation.id)
    ) or 0


def mark_seen(invitation: Invitation, shared: ReportVersion) -> None:
    reading = session().scalar(
        select(ReportReading).where(ReportReading.invitation_id == invitation.id)
    )
    if reading is None:
        session().add(ReportReading(invitation_id=invitation.id, version_number=shared.number))
    elif reading.version_number != shared.number:
        reading.version_number, reading.read_at = shared.number, utcnow()
    session().flush()


def changed_since_seen(invitation: Invitation, shared: ReportVersion) -> list[int]:
    """Ids of sections that are new or different since the version the parent last opened
    (none when they have not opened any, or have opened this one)."""
    seen = seen_version(invitation)
    if seen == 0 or seen >= shared.number:
        return []
    before = _versions_by_number(shared.report_id, {seen}).get(seen)
    old = {s["id"]: (s["heading"], s["body"]) for s in version_sections(before)} if before else {}
    return [
        s["id"] for s in version_sections(shared) if old.get(s["id"]) != (s["heading"], s["body"])
    ]


def snapshot(invitation: Invitation) -> dict | None:
    """What the parent sends about the report: each section they responded to, with the
    heading as they read it, and their general comment. Deterministic, for hashing."""
    shared = shared_report(invitation)
    if shared is None:
        return None
    comments = comments_for(invitation)
    read = _versions_by_number(
        shared.report_id,
        {c.version_number for k, c in comments.items() if k != GENERAL},
    )
    sections = []
    for item in version_sections(shared):
        comment = comments.get(str(item["id"]))
        if comment is None or not (comment.agreement or comment.text):
            continue
        as_read = read.get(comment.version_number)
        heading = (find_section(as_read, item["id"]) if as_read else None) or item
        sections.append({
            "id": item["id"],
            "heading": heading["heading"],
            "agreement": comment.agreement,
            "comment": comment.text,
            "read_version": comment.version_number,
        })
    general = comments.get(GENERAL)
    general_text = general.text if general else ""
    if not sections and not general_text:
        return None
    return {"sections": sections, "general": general_text}


# ---- the task list's row (portal.tasks) and what is sent (portal.sending.PARTS) --------


@dataclass(frozen=True)
class Progress:
    state: str  # "cannot_start" (not shared yet), "not_started", "in_progress", "completed"
    changed: bool  # the report changed since the parent last read or commented on it


def progress(invitation: Invitation) -> Progress:
    shared = shared_report(invitation)
    if shared is None:
        return Progress("cannot_start", False)
    comments = comments_for(invitation)
    ids = [s["id"] for s in version_sections(shared)]
    done = {i for i in ids if str(i) in comments}
    changed_comment = changed_since_comment(invitation, shared)
    changed = bool(changed_comment) or bool(changed_since_seen(invitation, shared))
    if not comments:
        state = "not_started"
    elif len(done) == len(ids) and GENERAL in comments and not changed_comment:
        state = "completed"
    else:
        state = "in_progress"
    return Progress(state, changed)


def sent_rows(value: dict | None) -> list[dict]:
    """Each section's agreement and comment, for Check your answers and a sent version."""
    if not value:
        return []
    rows = [
        {
            "key": f"report.{item['id']}",
            "question": item["heading"],
            "answer": "\n\n".join(
                part
                for part in (
                    str(AGREEMENTS.get(item.get("agreement"), "")),
                    item.get("comment", ""),
                )
                if part
            ),
            "change_href": url_for(
                "parent.report_section", section_id=item["id"], **{"return": "check"}
            ),
        }
        for item in value.get("sections", [])
    ]
    if value.get("general"):
        rows.append(
            {
                "key": "report.general",
                "question": GENERAL_LABEL,
                "answer": value["general"],
                "change_href": url_for("parent.report_general", **{"return": "check"}),
            }
        )
    return rows
