"""The staff dashboard: one page of the conferences a user may see, filtered, with each
row's columns, in the same few queries however many conferences the council has.

The views: upcoming (from today, the default), this week (Monday to Sunday), late
reports (upcoming conferences whose report is overdue or was shared late, see
portal.timeliness), open requests (upcoming, with a request waiting for an answer) and
past conferences (latest first); a manager may also narrow any view to one social
worker.

The dashboard's columns, one row per conference (templates/staff/dashboard.html shows
them in this order): the conference, its report (reports.report_statuses), who has
signed in, what parents sent, and open requests (requests_data.open_counts). Each
column is counted for the whole page in one query, never once per row.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import selectinload

from portal import clock, reports, requests_data, timeliness
from portal.conferences import visible_select
from portal.db import session
from portal.models import Conference, Invitation, StaffUser, Submission

PER_PAGE = 50
VIEWS = ("upcoming", "week", "late", "requests", "past")


@dataclass(frozen=True)
class Filter:
    view: str = "upcoming"
    worker_id: int | None = None  # one social worker's conferences (managers)
    page: int = 1


@dataclass
class DashboardRow:
    conference: Conference
    report: reports.ReportStatus
    invited: int
    opened: int  # invitations whose parent has signed in at least once
    parents_sent: int  # invitations with at least one sent version
    versions_sent: int
    latest_sent_at: datetime | None
    requests: requests_data.OpenCount


@dataclass
class DashboardPage:
    rows: list[DashboardRow]
    total: int  # conferences in this view, on every page
    page: int
    pages: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def filtered(user: StaffUser, chosen: Filter, today: date | None = None) -> Select:
    """The user's conferences in the chosen view."""
    today = today or clock.today()
    query = visible_select(user)
    if chosen.worker_id is not None:
        query = query.where(Conference.social_worker_id == chosen.worker_id)
    if chosen.view == "week":
        monday = today - timedelta(days=today.weekday())
        return query.where(Conference.starts_on.between(monday, monday + timedelta(days=6)))
    if chosen.view == "past":
        return query.where(Conference.starts_on < today)
    query = query.where(Conference.starts_on >= today)
    if chosen.view == "late":
        return timeliness.only_late(query, today)
    if chosen.view == "requests":
        return query.where(requests_data.open_filter())
    return query


def dashboard_page(user: StaffUser, chosen: Filter, today: date | None = None) -> DashboardPage:
    today = today or clock.today()
    query = filtered(user, chosen, today)
    total = session().scalar(query.with_only_columns(func.count()).order_by(None))
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(1, chosen.page), pages)
    order = [Conference.starts_on, Conference.starts_at, Conference.id]
    if chosen.view == "past":
        order = [column.desc() for column in order]
    conferences = list(
        session().scalars(
            query.options(selectinload(Conference.children))
            .order_by(*order)
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return DashboardPage(_rows(conferences, today), total, page, pages)


def _rows(conferences: list[Conference], today: date) -> list[DashboardRow]:
    if not conferences:
        return []
    ids = [c.id for c in conferences]
    invited = {
        conference_id: (count, opened)
        for conference_id, count, opened in session().execute(
            select(
                Invitation.conference_id,
                func.count(Invitation.id),
                func.count(case((Invitation.first_signed_in_at.is_not(None), 1))),
            )
            .where(Invitation.conference_id.in_(ids))
            .group_by(Invitation.conference_id)
        )
    }
    sent = {
        conference_id: (parents, versions, latest)
        for conference_id, parents, versions, latest in session().execute(
            select(
                Invitation.conference_id,
                func.count(func.distinct(Submission.invitation_id)),
                func.count(Submission.id),
                func.max(Submission.sent_at),
            )
            .join(Invitation, Invitation.id == Submission.invitation_id)
            .where(Invitation.conference_id.in_(ids))
            .group_by(Invitation.conference_id)
        )
    }
    statuses = reports.report_statuses(conferences, today)
    requests = requests_data.open_counts(conferences, today)
    rows = []
    for conference in conferences:
        count, opened = invited.get(conference.id, (0, 0))
        parents, versions, latest = sent.get(conference.id, (0, 0, None))
        rows.append(
            DashboardRow(
                conference=conference,
                report=statuses[conference.id],
                invited=count,
                opened=opened,
                parents_sent=parents,
                versions_sent=versions,
                latest_sent_at=latest,
                requests=requests[conference.id],
            )
        )
    return rows
