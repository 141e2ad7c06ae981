"""How long the portal keeps things, and `flask portal purge`, which applies it.

The council's profile sets the periods ([retention] in its TOML file). When they
have passed:

- a conference's family content goes: every answer, comment, request detail,
  social worker's note, sent version's words, interpreter's English, the report's
  text, the parents' and children's names and contact details, and the messages sent
  to the parents. The rows themselves stay, empty, with their kinds, states and
  dates, so the anonymous counts (how many parents were invited, signed in and sent
  their views, what they asked for and what was arranged, whether the report was
  shared in time) remain. The parents' sign-in links and codes stop working;
- sign-in attempts go;
- messages that are finished (sent, failed, or undeliverable) go;
- secrets held for a member of staff (a new letter's code, a second-factor set-up)
  that nobody took go once expired (15 minutes).

Running it again changes nothing more: a conference is emptied once, and marked.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import String, cast, delete, func, literal, select, update

from portal.db import session
from portal.models import (
    Answer,
    Child,
    Conference,
    HeldSecret,
    Invitation,
    OutboxMessage,
    Rendering,
    ReportComment,
    ReportReading,
    ReportSection,
    ReportVersion,
    SignInAttempt,
    Submission,
    SupportRequest,
    TaskProgress,
)
from portal.models._types import utcnow
from portal.models.outbox import MessageStatus
from portal.models.report import Report
from portal.profiles import Retention
from portal.timescales import add_months

FINISHED = (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.UNAVAILABLE)
BATCH = 500


@dataclass
class Purged:
    """What one run removed (numbers of rows)."""

    cutoff: date | None = None  # conferences on or before this day were due
    conferences: int = 0
    invitations: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    sign_in_attempts: int = 0
    messages: int = 0
    held_secrets: int = 0

    def add(self, what: str, count: int) -> None:
        self.rows[what] = self.rows.get(what, 0) + count


def content_cutoff(rules: Retention, today: date) -> date:
    """Conferences on or before this day have passed the family content period."""
    return add_months(today, -rules.family_content_months)


def conferences_due(rules: Retention, today: date) -> list[int]:
    return list(
        session().scalars(
            select(Conference.id)
            .where(
                Conference.starts_on <= content_cutoff(rules, today),
                Conference.family_content_removed_at.is_(None),
            )
            .order_by(Conference.id)
        )
    )


def purge(rules: Retention, today: date | None = None, now: datetime | None = None) -> Purged:
    now = now or utcnow()
    today = today or now.date()
    done = Purged(cutoff=content_cutoff(rules, today))
    due = conferences_due(rules, today)
    for start in range(0, len(due), BATCH):
        _empty_conferences(due[start : start + BATCH], now, done)
    done.sign_in_attempts = _delete(
        delete(SignInAttempt).where(
            SignInAttempt.at < now - timedelta(days=rules.sign_in_attempts_days)
        )
    )
    done.messages = _delete(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_(FINISHED),
            func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at)
            < now - timedelta(days=rules.delivered_messages_days),
        )
    )
    done.held_secrets = _delete(delete(HeldSecret).where(HeldSecret.expires_at < now))
    session().flush()
    return done


def _delete(statement) -> int:
    return session().execute(statement, execution_options={"synchronize_session": False}).rowcount


def _update(statement) -> int:
    return session().execute(statement, execution_options={"synchronize_session": False}).rowcount


def _empty_conferences(conference_ids: list[int], now: datetime, done: Purged) -> None:
    invitation_ids = list(
        session().scalars(select(Invitation.id).where(Invitation.conference_id.in_(conference_ids)))
    )
    report_ids = select(Report.id).where(Report.conference_id.in_(conference_ids))
    of_invitations = {
        model: model.invitation_id.in_(invitation_ids)
        for model in (Answer, TaskProgress, ReportReading, ReportComment, SupportRequest,
                      Submission, OutboxMessage, SignInAttempt)
    }
    for model in (Answer, TaskProgress, ReportReading, OutboxMessage, SignInAttempt):
        done.add(model.__tablename__, _delete(delete(model).where(of_invitations[model])))
    done.add("report_comment", _update(
        update(ReportComment).where(of_invitations[ReportComment]).values(text="")
    ))
    done.add("support_request", _update(
        update(SupportRequest).where(of_invitations[SupportRequest]).values(
            details={}, staff_note=""
        )
    ))
    done.add("submission", _update(
        update(Submission).where(of_invitations[Submission]).values(content={})
    ))
    versions = select(Submission.id).where(of_invitations[Submission])
    done.add("rendering", _update(
        update(Rendering).where(Rendering.submission_id.in_(versions)).values(
            text="", source_hash=""
        )
    ))
    done.add("report_section", _update(
        update(ReportSection).where(ReportSection.report_id.in_(report_ids)).values(body="")
    ))
    done.add("report_version", _update(
        update(ReportVersion).where(ReportVersion.report_id.in_(report_ids)).values(
            content={"sections": []}
        )
    ))
    done.add("child", _update(
        update(Child).where(Child.conference_id.in_(conference_ids)).values(first_name="")
    ))
    # The link's hash can never equal "removed-<id>" (hashes are 64 hex digits), and no
    # code or passphrase matches an empty hash: the way in is closed for good.
    done.invitations += _update(
        update(Invitation)
        .where(Invitation.id.in_(invitation_ids))
        .values(
            name="", email="", mobile="",
            token_hash=literal("removed-", String) + cast(Invitation.id, String),
            code_hash="", passphrase_hash=None,
            session_epoch=Invitation.session_epoch + 1,
        )
    )
    done.conferences += _update(
        update(Conference).where(Conference.id.in_(conference_ids)).values(
            family_content_removed_at=now
        )
    )

