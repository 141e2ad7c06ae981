"""The parent's task list: its sections and rows, written out in `sections()` below,
each row's status computed from what is saved.

Each row's state comes from the domain module that owns it: answers (About, the four
views pages), report_comments (the report), requests_data (what they need), sending
(Check and Send). A new row: a function in its domain module and a line here.
"""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import answers, questions, report_comments, requests_data, sending
from portal.models import Invitation, Submission
from portal.models.requests import RequestState
from portal.sanitize import sentence


@dataclass(frozen=True)
class Status:
    key: str
    label: str


NOT_STARTED = Status("not_started", _l("Not started"))
IN_PROGRESS = Status("in_progress", _l("In progress"))
COMPLETED = Status("completed", _l("Completed"))
CANNOT_START = Status("cannot_start", _l("Cannot start yet"))

BY_KEY = {s.key: s for s in (NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START)}


def _task(title: str, endpoint: str, status: Status, hint=None, **args) -> dict:
    """A row: its link only when it can be started."""
    href = None if status == CANNOT_START else url_for(endpoint, **args)
    return {"title": title, "href": href, "status": status, "hint": hint}


def report_task(invitation: Invitation) -> dict:
    progress = report_comments.progress(invitation)
    if progress.state == "cannot_start":
        hint = _l("The social worker has not shared the report with you yet.")
    elif progress.changed:
        hint = _l("The social worker changed the report. Read it again.")
    else:
        hint = None
    return _task(
        _l("Read the social worker's report"), "parent.report", BY_KEY[progress.state], hint
    )


def requests_task(invitation: Invitation) -> dict:
    """Each request's state, and the social worker's note, under the task's name."""
    shown = [
        r for r in requests_data.for_invitation(invitation) if r.state != RequestState.WITHDRAWN
    ]
    hint = None
    if shown:
        items = Markup("").join(
            Markup("<li>{}{}</li>").format(
                _(
                    "%(what)s: %(state)s",
                    what=requests_data.title(r.kind),
                    state=requests_data.PARENT_STATES[r.state],
                ),
                Markup("<br>{}").format(sentence(_("Note: %(note)s"), note=r.staff_note))
                if r.staff_note
                else "",
            )
            for r in shown
        )
        hint = Markup('<ul class="request-states">{}</ul>').format(items)
    return _task(
        _l("What you need for the conference"),
        "parent.requests",
        BY_KEY[requests_data.task_state(invitation)],
        hint,
    )


def page_status(page: questions.Page, saved: dict[str, str]) -> Status:
    written = [q for q in page.questions if saved.get(q.key)]
    return COMPLETED if written else NOT_STARTED


def sections(invitation: Invitation, last: Submission | None) -> list[dict]:
    """The task list in sections: [{"title", "tasks": [{title, href, status, hint}]}].
    `last`: the latest version sent (None: nothing sent yet), which the page shows too."""
    saved = answers.answers_for(invitation)
    pages = answers.saved_pages(invitation)
    content = sending.snapshot(invitation)
    unsent = sending.is_unsent_change(invitation, content, last)
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
            if unsent and last
            else (NOT_STARTED if unsent else COMPLETED)
        )
    send_hint = (
        _l("You changed your answers after you sent them. Send them again.")
        if (send == IN_PROGRESS)
        else None
    )

    return [
        {
            "title": _l("Get ready"),
            "tasks": [
                _task(
                    _l("About your conference"),
                    "parent.about",
                    COMPLETED if "about" in pages else NOT_STARTED,
                ),
                report_task(invitation),
            ],
        },
        {
            "title": _l("Your views"),
            "tasks": [
                _task(page.title, "parent.views_page", page_status(page, saved), slug=page.slug)
                for page in questions.PAGES
            ],
        },
        {"title": _l("Taking part"), "tasks": [requests_task(invitation)]},
        {
            "title": _l("Send"),
            "tasks": [
                _task(_l("Check your answers"), "parent.check", check),
                _task(_l("Send your answers"), "parent.send", send, send_hint),
            ],
        },
    ]
