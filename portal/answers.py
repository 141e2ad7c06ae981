"""Reading and saving a parent's answers and which pages they have saved.

Views never query answers themselves; they call these functions. Staff, print and
interpreter pages read answers through `answers_for` too.
"""

from datetime import datetime

from flask import url_for

from portal import questions
from portal.db import session
from portal.models import Answer, Invitation, TaskProgress
from portal.models._types import utcnow

# Pages whose saving is not a change to what the parent sends.
NOT_CONTENT_PAGES = frozenset({"about", "check"})


def answers_for(invitation: Invitation) -> dict[str, str]:
    """Every saved answer of this invitation, by question key."""
    return {answer.key: answer.text for answer in invitation.answers}


def save_answers(invitation: Invitation, texts: dict[str, str]) -> bool:
    """Save these answers as typed; an empty answer removes the saved one.
    Returns whether anything changed."""
    existing = {a.key: a for a in invitation.answers if a.key in texts}
    changed = False
    for key, text in texts.items():
        text = text or ""
        answer = existing.get(key)
        if not text:
            if answer is not None:
                invitation.answers.remove(answer)  # deleted at the flush (delete-orphan)
                changed = True
        elif answer is None:
            invitation.answers.append(Answer(key=key, text=text))
            changed = True
        elif answer.text != text:
            answer.text = text
            changed = True
    session().flush()
    return changed


def mark_page_saved(invitation: Invitation, page: str) -> None:
    """Record that the parent pressed Continue on `page` (for statuses and "Check")."""
    progress = next((p for p in invitation.progress if p.page == page), None)
    if progress is None:
        invitation.progress.append(TaskProgress(page=page, saved_at=utcnow()))
    else:
        progress.saved_at = utcnow()
    session().flush()


def saved_pages(invitation: Invitation) -> dict[str, datetime]:
    return {p.page: p.saved_at for p in invitation.progress}


def last_change(invitation: Invitation) -> datetime | None:
    """When the parent last saved a page that changes what they send."""
    return max(
        (p.saved_at for p in invitation.progress if p.page not in NOT_CONTENT_PAGES),
        default=None,
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
