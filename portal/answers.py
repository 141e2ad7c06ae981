"""Reading and saving a parent's answers and which pages they have saved.

Views never query answers themselves; they call these functions. Staff, print and
interpreter pages read answers through `answers_for` too.
"""

from datetime import datetime

from flask import url_for
from sqlalchemy import func, select

from portal import questions
from portal.db import session
from portal.models import Answer, Invitation, TaskProgress
from portal.models._types import utcnow

# Pages whose saving is not a change to what the parent sends.
NOT_CONTENT_PAGES = frozenset({"about", "check"})


def answers_for(invitation: Invitation) -> dict[str, str]:
    """Every saved answer of this invitation, by question key."""
    rows = session().execute(
        select(Answer.key, Answer.text).where(Answer.invitation_id == invitation.id)
    )
    return {key: text for key, text in rows}


def save_answers(invitation: Invitation, texts: dict[str, str]) -> bool:
    """Save these answers as typed; an empty answer removes the saved one.
    Returns whether anything changed."""
    existing = {
        a.key: a
        for a in session().scalars(
            select(Answer).where(Answer.invitation_id == invitation.id, Answer.key.in_(list(texts)))
        )
    }
    changed = False
    for key, text in texts.items():
        text = text or ""
        answer = existing.get(key)
        if not text:
            if answer is not None:
                session().delete(answer)
                changed = True
        elif answer is None:
            session().add(Answer(invitation_id=invitation.id, key=key, text=text))
            changed = True
        elif answer.text != text:
            answer.text = text
            changed = True
    session().flush()
    return changed


def mark_page_saved(invitation: Invitation, page: str) -> None:
    """Record that the parent pressed Continue on `page` (for statuses and "Check")."""
    progress = session().scalar(
        select(TaskProgress).where(
            TaskProgress.invitation_id == invitation.id, TaskProgress.page == page
        )
    )
    if progress is None:
        session().add(TaskProgress(invitation_id=invitation.id, page=page, saved_at=utcnow()))
    else:
        progress.saved_at = utcnow()
    session().flush()


def saved_pages(invitation: Invitation) -> dict[str, datetime]:
    rows = session().execute(
        select(TaskProgress.page, TaskProgress.saved_at).where(
            TaskProgress.invitation_id == invitation.id
        )
    )
    return {page: saved_at for page, saved_at in rows}


def last_change(invitation: Invitation) -> datetime | None:
    """When the parent last saved a page that changes what they send."""
    return session().scalar(
        select(func.max(TaskProgress.saved_at)).where(
            TaskProgress.invitation_id == invitation.id,
            TaskProgress.page.not_in(NOT_CONTENT_PAGES),
        )
    )


# ---- what is sent (a part of portal.sending.PARTS) ------------------------------------


def snapshot(invitation: Invitation) -> dict[str, str]:
    """The written answers, by question key, as they are sent."""
    saved = answers_for(invitation)
    return {q: saved[q] for q in questions.BY_KEY if saved.get(q)}


def sent_rows(value: dict[str, str] | None) -> list[dict]:
    """Every question with its answer, for Check your answers and a sent version."""
    rows = []
    for page in questions.PAGES:
        for q in page.questions:
            rows.append(
                {
                    "key": q.key,
                    "question": q.label,
                    "answer": (value or {}).get(q.key, ""),
                    "change_href": url_for(
                        "parent.views_page", slug=page.slug, _anchor=q.key, **{"return": "check"}
                    ),
                    "page": page.title,
                }
            )
    return rows
