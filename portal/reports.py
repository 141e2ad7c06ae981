"""The social worker's report: writing it and sharing it on time.

What a parent does with it (reading, agreeing, commenting) is in portal.report_comments.

Views call these functions; they never query report tables themselves.

For other areas:
    report_status(conference) -> ReportStatus  draft, shared_on_time, shared_late, overdue,
                                               or shared (the council gives no timescale),
                                               with the deadline and share times
    report_deadline(conference) -> date | None the last day to share it on time, if any

A new shared version queues the family's message through notify.report_shared().
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app, has_request_context
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal import canonical, clock, notify
from portal.db import insert_unless_taken, session
from portal.keydates import report_due
from portal.models import (
    Conference,
    Report,
    ReportSection,
    ReportVersion,
    StaffUser,
)
from portal.models._types import utcnow
from portal.models.conference import ConferenceKind

HEADING_LIMIT = 200
BODY_LIMIT = 20_000
SECTION_LIMIT = 30



def N_(text: str) -> str:
    """Marks a string for the catalog; it is translated where it is used."""
    return text


# A new report's headings, written in the language of the person who starts it.
DEFAULT_HEADINGS = (
    N_("About the family"),
    N_("What we are worried about"),
    N_("What is going well"),
    N_("What needs to happen"),
    N_("The social worker's recommendation"),
)



# ---- the deadline and the report's state ---------------------------------------------


def share_deadline(kind: ConferenceKind, starts_on: date, timescales) -> date | None:
    """The last day the report may reach the parents (keydates.report_due, the one rule),
    or None when the council's profile gives no timescale for it."""
    return report_due(kind.value, starts_on, timescales)


def report_deadline(conference: Conference) -> date | None:
    profile = current_app.extensions["profile"]
    return share_deadline(conference.kind, conference.starts_on, profile.timescales)


STATE_LABELS = {
    "draft": _l("Draft"),
    "shared_on_time": _l("Shared on time"),
    "shared_late": _l("Shared late"),
    "overdue": _l("Not shared and overdue"),
    # When the council gives no timescale for reports, nothing is on time or late.
    "shared": _l("Shared"),
}


@dataclass(frozen=True)
class ReportStatus:
    key: str
    label: str
    deadline: date | None
    first_shared_at: datetime | None
    last_shared_at: datetime | None
    versions: int


def report_status(conference: Conference, today: date | None = None) -> ReportStatus:
    """Shared on time when its first version reached the family by the end of the
    deadline day (in England); later versions do not change that."""
    return report_statuses([conference], today)[conference.id]


def report_statuses(
    conferences: list[Conference], today: date | None = None
) -> dict[int, ReportStatus]:
    """report_status for many conferences in one query (a page of the dashboard)."""
    today = today or clock.today()
    shared = {
        conference_id: (first, last, count)
        for conference_id, first, last, count in session().execute(
            select(
                Report.conference_id,
                func.min(ReportVersion.shared_at),
                func.max(ReportVersion.shared_at),
                func.count(ReportVersion.id),
            )
            .join(Report, Report.id == ReportVersion.report_id)
            .where(Report.conference_id.in_([c.id for c in conferences]))
            .group_by(Report.conference_id)
        )
    }
    return {c.id: _status(c, *shared.get(c.id, (None, None, 0)), today) for c in conferences}


def _status(conference: Conference, first, last, count: int, today: date) -> ReportStatus:
    deadline = report_deadline(conference)
    if first is not None:
        first, last = _aware(first), _aware(last)
        if deadline is None:
            key = "shared"
        else:
            key = "shared_on_time" if clock.local_date(first) <= deadline else "shared_late"
    else:
        key = "overdue" if deadline is not None and today > deadline else "draft"
    return ReportStatus(key, STATE_LABELS[key], deadline, first, last, count)


def _aware(moment: datetime) -> datetime:
    # Aggregates skip the column type, so SQLite hands back a naive UTC time (or a string).
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ---- writing it --------------------------------------------------------------------------


def report_for(conference: Conference) -> Report | None:
    return session().scalar(select(Report).where(Report.conference_id == conference.id))


def get_or_create_report(conference: Conference) -> Report:
    """The conference's report; a new one starts with the usual headings, empty."""
    report = report_for(conference)
    if report is None:
        report = Report(conference_id=conference.id)
        report.sections = [
            ReportSection(position=i, heading=_translated(heading), body="")
            for i, heading in enumerate(DEFAULT_HEADINGS)
        ]
        session().add(report)
        session().flush()
    return report


def _translated(text: str) -> str:
    return gettext(text) if has_request_context() else text


def section(report: Report, section_id: int) -> ReportSection | None:
    """A section of this report only: another report's section id finds nothing."""
    return next((s for s in report.sections if s.id == section_id), None)


def save_section(report: Report, sec: ReportSection, heading: str, body: str) -> bool:
    """Save a section's heading and text. Returns whether anything changed."""
    if sec.heading == heading and sec.body == body:
        return False
    sec.heading, sec.body = heading, body
    sec.revision += 1
    sec.updated_at = report.updated_at = utcnow()
    session().flush()
    return True


def add_section(report: Report, heading: str, body: str) -> ReportSection:
    position = max((s.position for s in report.sections), default=-1) + 1
    sec = ReportSection(position=position, heading=heading, body=body)
    report.sections.append(sec)
    report.updated_at = utcnow()
    session().flush()
    return sec


def remove_section(report: Report, sec: ReportSection) -> None:
    report.sections.remove(sec)
    report.updated_at = utcnow()
    session().flush()


def content(report: Report) -> dict:
    return {
        "sections": [
            {"id": s.id, "heading": s.heading, "body": s.body} for s in report.sections
        ]
    }


# ---- sharing it ------------------------------------------------------------------------------


def versions(report: Report) -> list[ReportVersion]:
    """Every shared version, newest first."""
    return list(
        session().scalars(
            select(ReportVersion)
            .where(ReportVersion.report_id == report.id)
            .order_by(ReportVersion.number.desc())
        )
    )


def latest_version(report: Report | None) -> ReportVersion | None:
    if report is None:
        return None
    return session().scalar(
        select(ReportVersion)
        .where(ReportVersion.report_id == report.id)
        .order_by(ReportVersion.number.desc())
        .limit(1)
    )


def version(report: Report, number: int) -> ReportVersion | None:
    return session().scalar(
        select(ReportVersion).where(
            ReportVersion.report_id == report.id, ReportVersion.number == number
        )
    )


def has_unshared_changes(report: Report) -> bool:
    last = latest_version(report)
    return last is None or not canonical.same(last.content, content(report))


def share(report: Report, staff: StaffUser | None) -> tuple[ReportVersion | None, bool]:
    """Give the family the report as it stands. Returns (the version, whether it is new):
    unchanged content makes no new version. Two shares at once meet the unique
    (report, number) constraint: the second adds nothing and gets the version that won."""
    value = content(report)
    last = latest_version(report)
    if last is not None and canonical.same(last.content, value):
        return last, False
    number = (last.number if last else 0) + 1
    added = insert_unless_taken(
        ReportVersion,
        {
            "report_id": report.id,
            "number": number,
            "shared_at": utcnow(),
            "shared_by_id": staff.id if staff else None,
            "content": value,
        },
        unique=["report_id", "number"],
    )
    if not added:
        return latest_version(report), False
    shared = version(report, number)
    # Each parent is told (by the outbox, in this transaction) that there is something to read.
    notify.report_shared(session().get(Conference, report.conference_id), changed=last is not None)
    return shared, True


def after_edit(report: Report, staff: StaffUser) -> ReportVersion | None:
    """Once the family has the report, every saved edit reaches them as a new version."""
    if latest_version(report) is None:
        return None
    shared, new = share(report, staff)
    return shared if new else None


# ---- the demo ---------------------------------------------------------------------------------

_DEMO_TEXTS = (
    "[fact] Amani (7) and Leo (13) live with their mother, Dana, in a two-bedroom flat.\n"
    "[fact] Their father, Tesfay, lives nearby and sees them at weekends.",
    "[allegation, second-hand: school] A neighbour told the school there is often shouting "
    "late at night.\n\n"
    "[observation] On two visits the kitchen had little food, and Leo had missed 9 days of "
    "school this term.",
    "- [observation] Amani is warm and chatty and clearly close to her mother.\n"
    "- [fact] Dana has kept every appointment with the health visitor.\n"
    "- [second-hand: Leo] Leo says his dad helps him with homework.",
    "1. Dana and Tesfay to meet the family support worker every week.\n"
    "2. Leo's school to tell the social worker about any missed day.\n"
    "3. Help with money and food through the local [food bank](https://www.trusselltrust.org/).",
    "[opinion] I recommend a child protection plan under the category of **neglect**, "
    "reviewed in three months.",
)


def load_demo(conference: Conference, author: StaffUser) -> ReportVersion:
    """The first demo conference's report, written and shared."""
    report = get_or_create_report(conference)
    for sec, body in zip(report.sections, _DEMO_TEXTS, strict=True):
        save_section(report, sec, sec.heading, body)
    shared, _new = share(report, author)
    return shared
