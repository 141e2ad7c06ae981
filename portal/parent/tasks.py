"""The task list: which tasks there are and each one's status, computed from what is saved.

Two tasks belong to other areas and show "Cannot start yet" until their module
provides them. From that module (imported in portal/parent/__init__.py)::

    from portal.parent import tasks

    tasks.provide("report", endpoint="parent.report", status=report_status)
    tasks.provide("requests", endpoint="parent.requests", status=requests_status,
                  hint=requests_hint)   # hint: optional (invitation) -> str | None

`status(invitation)` returns one of the Status values below. Save pages with
portal.answers.mark_page_saved(invitation, "<page>") so "Check your answers"
knows something changed, and add what is sent with portal.sending.register().
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal import answers, questions, sending
from portal.models import Invitation


@dataclass(frozen=True)
class Status:
    key: str
    label: str


NOT_STARTED = Status("not_started", _l("Not started"))
IN_PROGRESS = Status("in_progress", _l("In progress"))
COMPLETED = Status("completed", _l("Completed"))
CANNOT_START = Status("cannot_start", _l("Cannot start yet"))


@dataclass
class Slot:
    title: str
    endpoint: str | None = None
    status: Callable[[Invitation], Status] = lambda invitation: CANNOT_START
    hint: Callable[[Invitation], str | None] = lambda invitation: None


SLOTS: dict[str, Slot] = {
    "report": Slot(_l("Read the social worker's report")),
    "requests": Slot(_l("What you need for the conference")),
}


def provide(
    key: str,
    endpoint: str,
    status: Callable[[Invitation], Status],
    hint: Callable[[Invitation], str | None] | None = None,
) -> None:
    slot = SLOTS[key]
    slot.endpoint, slot.status = endpoint, status
    if hint is not None:
        slot.hint = hint


def _slot_task(key: str, invitation: Invitation) -> dict:
    slot = SLOTS[key]
    status = slot.status(invitation)
    href = url_for(slot.endpoint) if slot.endpoint and status != CANNOT_START else None
    return {"title": slot.title, "href": href, "status": status, "hint": slot.hint(invitation)}


def page_status(page: questions.Page, saved: dict[str, str]) -> Status:
    written = [q for q in page.questions if saved.get(q.key)]
    return COMPLETED if written else NOT_STARTED


def sections(invitation: Invitation) -> list[dict]:
    """The task list in sections: [{"title", "tasks": [{title, href, status, hint}]}]."""
    saved = answers.answers_for(invitation)
    pages = answers.saved_pages(invitation)
    content = sending.snapshot(invitation)
    unsent = sending.is_unsent_change(invitation, content)
    last_change = answers.last_change(invitation)

    if not content:
        check = send = CANNOT_START
    else:
        checked = pages.get("check")
        check = (
            COMPLETED
            if checked and (last_change is None or checked >= last_change)
            else NOT_STARTED
        )
        if not unsent:
            check = COMPLETED
        send = (
            IN_PROGRESS
            if unsent and sending.latest(invitation)
            else (NOT_STARTED if unsent else COMPLETED)
        )
    send_hint = (
        _l("You changed your answers after you sent them. Send them again.")
        if (send == IN_PROGRESS)
        else None
    )

    def href(status: Status, endpoint: str, **kw) -> str | None:
        return None if status == CANNOT_START else url_for(endpoint, **kw)

    return [
        {
            "title": _l("Get ready"),
            "tasks": [
                {
                    "title": _l("About your conference"),
                    "href": url_for("parent.about"),
                    "status": COMPLETED if "about" in pages else NOT_STARTED,
                },
                _slot_task("report", invitation),
            ],
        },
        {
            "title": _l("Your views"),
            "tasks": [
                {
                    "title": page.title,
                    "href": url_for("parent.views_page", slug=page.slug),
                    "status": page_status(page, saved),
                }
                for page in questions.PAGES
            ],
        },
        {"title": _l("Taking part"), "tasks": [_slot_task("requests", invitation)]},
        {
            "title": _l("Send"),
            "tasks": [
                {
                    "title": _l("Check your answers"),
                    "href": href(check, "parent.check"),
                    "status": check,
                },
                {
                    "title": _l("Send your answers"),
                    "href": href(send, "parent.send"),
                    "status": send,
                    "hint": send_hint,
                },
            ],
        },
    ]
