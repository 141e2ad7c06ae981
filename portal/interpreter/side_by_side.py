"""A parent's pages side by side: in the parent's language and in English, read-only.

For talking a parent through their pages on the phone or in person. Each page is the
parent's own template, filled with the parent's saved words, rendered twice with
Flask-Babel's force_locale and shown in two columns. Nothing here signs in as the
parent or uses their session: the interpreter sees the pages, never acts on them.

The pages offered are listed in pages_for(), in the order a parent meets them.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale
from babel.lists import format_list
from flask import abort, current_app, g, render_template, url_for
from flask_babel import force_locale, format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import (
    answers,
    audit,
    i18n,
    parent_session,
    questions,
    report_comments,
    sanitize,
    sending,
    tasks,
)
from portal.access import current_staff, invitation_or_404, rule
from portal.attendees import invited_labels
from portal.audit import record_view
from portal.forms import Form, views_form
from portal.interpreter import bp
from portal.keydates import key_dates
from portal.models import Invitation
from portal.models.staff import Role
from portal.report_forms import GeneralForm, SectionForm


@dataclass(frozen=True)
class Page:
    title: str  # in English, for the interpreter's list
    template: str  # the parent's own template
    context: Callable[[Invitation], dict]  # what the parent's view would pass it


def _tasks(invitation: Invitation) -> dict:
    latest = sending.latest(invitation)
    return {
        "invitation": invitation,
        "sections": tasks.sections(invitation, latest),
        "latest": latest,
        "editable": parent_session.can_change(invitation),
        "form": None,
    }


def _about(invitation: Invitation) -> dict:
    conference = invitation.conference
    return {
        "conference": conference,
        "date": format_date(conference.starts_on, "full"),
        "time": format_time(conference.starts_at, "short", rebase=False),
        "children": format_list(
            [child.first_name for child in conference.children], locale=str(get_locale())
        ),
        "invited": invited_labels(conference),
        "key_dates": key_dates(
            conference.kind.value,
            conference.starts_on,
            conference.minutes_sent_on,
            current_app.extensions["profile"].timescales,
        ),
        "form": Form(),
    }


def _report(invitation: Invitation) -> dict:
    """The report's contents page as the parent sees it now; nothing marked as read."""
    shared = report_comments.shared_report(invitation)
    comments = report_comments.comments_for(invitation)
    sections = report_comments.version_sections(shared)
    ids = [item["id"] for item in sections]
    done = {i for i in ids if str(i) in comments}
    changed = report_comments.changed_since_comment(invitation, shared)
    new_to_them = set(report_comments.changed_since_seen(invitation, shared))
    first_to_do = next((i for i in ids if i not in done or i in changed), None)
    return {
        "shared": shared,
        "sections": sections,
        "done": done,
        "changed": changed,
        "changed_headings": [s["heading"] for s in sections if s["id"] in changed | new_to_them],
        "general_done": report_comments.GENERAL in comments,
        "start": url_for("parent.report_section", section_id=first_to_do)
        if first_to_do is not None
        else url_for("parent.report_general"),
        "editable": parent_session.can_change(invitation),
        "form": None,
    }


def _report_section(section_id: int) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        shared = report_comments.shared_report(invitation)
        sections = report_comments.version_sections(shared)
        index = next(i for i, item in enumerate(sections) if item["id"] == section_id)
        item = sections[index]
        saved = report_comments.comments_for(invitation).get(str(section_id))
        data = {"agreement": saved.agreement or None, "comment": saved.text} if saved else {}
        return {
            "item": item,
            "blocks": sanitize.blocks(item["body"]),
            "number": index + 1,
            "total": len(sections),
            "form": SectionForm(formdata=None, data=data),
            "saved": saved,
            "changed": section_id in report_comments.changed_since_comment(invitation, shared),
            "editable": parent_session.can_change(invitation),
            "back_to_check": False,
            "agreements": report_comments.AGREEMENTS,
        }

    return context


def _report_general(invitation: Invitation) -> dict:
    saved = report_comments.comments_for(invitation).get(report_comments.GENERAL)
    return {
        "form": GeneralForm(formdata=None, data={"comment": saved.text if saved else ""}),
        "saved": saved,
        "editable": parent_session.can_change(invitation),
        "back_to_check": False,
    }


def _views_page(page: questions.Page) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        saved = answers.answers_for(invitation)
        return {
            "page": page,
            "form": views_form(page, data=saved),
            "number": questions.PAGES.index(page) + 1,
            "total": len(questions.PAGES),
            "editable": parent_session.can_change(invitation),
            "saved": saved,
            "back_to_check": False,
            "notice": None,
        }

    return context


def _check(invitation: Invitation) -> dict:
    content = sending.snapshot(invitation)
    return {
        "sections": sending.sections(content, with_changes=False),
        "has_content": bool(content),
        "form": Form(),
        "editable": parent_session.can_change(invitation),
    }


def _sent(invitation: Invitation) -> dict:
    latest = sending.latest(invitation)
    return {
        "submission": latest,
        "is_latest": True,
        "sections": sending.sections(latest.content, with_changes=False),
        "unsent": sending.is_unsent_change(invitation, last=latest),
        "editable": parent_session.can_change(invitation),
    }


def _readers(invitation: Invitation) -> dict:
    return {"events": audit.events_for_invitation(invitation), "form": None}


def pages_for(invitation: Invitation) -> dict[str, Page]:
    """Every page of this parent's that can be shown side by side, in the order they
    meet them: the report's pages once it is shared with them, what they sent once sent."""
    shared = report_comments.shared_report(invitation)
    report: dict[str, Page] = {}
    if shared is not None:
        report["report"] = Page(_l("Read the social worker's report"), "parent/report.html",
                                _report)
        for item in report_comments.version_sections(shared):
            report[f"report-{item['id']}"] = Page(
                item["heading"], "parent/report_section.html", _report_section(item["id"])
            )
        report["report-general"] = Page(
            report_comments.GENERAL_LABEL, "parent/report_general.html", _report_general
        )
    views = {
        f"views-{page.slug}": Page(page.title, "parent/views_page.html", _views_page(page))
        for page in questions.PAGES
    }
    sent = {}
    if sending.latest(invitation) is not None:
        sent["sent"] = Page(_l("Your answers have been sent"), "parent/sent.html", _sent)
    return {
        "tasks": Page(_l("Your tasks"), "parent/tasks.html", _tasks),
        "about": Page(_l("About your conference"), "parent/about.html", _about),
        **report,
        **views,
        "check": Page(_l("Check your answers"), "parent/check.html", _check),
        **sent,
        "readers": Page(_l("Who has read your views"), "parent/readers.html", _readers),
    }


# ---- rendering one page in one language ---------------------------------------------------

_ID_ATTRIBUTES = re.compile(r'\s(id|for|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"')
_FRAGMENT = re.compile(r'\shref="#([^"]+)"')
_HEADING = re.compile(r"<(/?)h([1-4])\b")


def embed(html: str, prefix: str) -> Markup:
    """A page's content made fit to sit inside another page: its ids (and what points at
    them) prefixed, so two copies never clash, and its headings two levels down, under
    this page's <h1> and its column's <h2>. The HTML is our own templates' output, in
    which every quote a person typed is escaped, so these patterns only meet markup."""
    html = _ID_ATTRIBUTES.sub(
        lambda m: f' {m[1]}="{" ".join(prefix + part for part in m[2].split())}"', html
    )
    html = _FRAGMENT.sub(lambda m: f' href="#{prefix}{m[1]}"', html)
    html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 2}", html)
    return Markup(html)  # noqa: S704 (our own templates' escaped output)


def render_page(page: Page, invitation: Invitation, language: str, prefix: str) -> Markup:
    """The content of the parent's page, as the parent would see it in `language`."""
    with force_locale(i18n.babel_locale(language)):
        html = render_template(page.template, embedded=True, **page.context(invitation))
    return embed(html, prefix)


def column(code: str) -> dict:
    """The language a column is in: its code, its lang= and direction, its English name."""
    locale = Locale.parse(i18n.babel_locale(code))
    return {
        "code": code,
        "lang": i18n.html_lang(locale),
        "dir": locale.text_direction,
        "name": Locale.parse(code).get_display_name("en"),
    }


def parent_language(invitation: Invitation) -> tuple[str, bool]:
    """The language the parent's pages are in (their preferred language if the portal
    offers it, else English), and whether that is their preferred language."""
    language = i18n.recipient_language(invitation.preferred_language)
    return language, language == invitation.preferred_language


# ---- the pages --------------------------------------------------------------------------


@bp.get("/conferences/<int:conference_id>/parents/<int:invitation_id>/pages")
@rule(Role.INTERPRETER, conference=True)
def pages(conference_id: int, invitation_id: int):
    invitation = invitation_or_404(invitation_id)
    language, available = parent_language(invitation)
    return render_template(
        "interpreter/pages.html",
        conference=g.conference,
        invitation=invitation,
        pages=pages_for(invitation),
        language=column(language),
        preferred=invitation.preferred_language,
        available=available,
    )


@bp.get("/conferences/<int:conference_id>/parents/<int:invitation_id>/pages/<name>")
@rule(Role.INTERPRETER, conference=True)
def page(conference_id: int, invitation_id: int, name: str):
    invitation = invitation_or_404(invitation_id)
    found = pages_for(invitation).get(name)
    if found is None:
        abort(404)
    record_view(current_staff(), "viewed_side_by_side", g.conference, invitation)
    language, available = parent_language(invitation)
    columns = [
        {**column(language), "html": render_page(found, invitation, language, "theirs-")},
        {**column(i18n.DEFAULT), "html": render_page(found, invitation, i18n.DEFAULT, "en-")},
    ]
    return render_template(
        "interpreter/page.html",
        conference=g.conference,
        invitation=invitation,
        title=found.title,
        columns=columns,
        preferred=invitation.preferred_language,
        available=available,
    )
