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
    languages_list,
    parent_session,
    questions,
    report_comments,
    requests_data,
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
from portal.models.requests import RequestKind, RequestState
from portal.models.staff import Role
from portal.parent_forms import PassphraseForm, SignInForm
from portal.report_forms import GeneralForm, SectionForm
from portal.request_forms import FORMS, DoneForm, WithdrawForm


@dataclass(frozen=True)
class Page:
    title: str  # in English, for the interpreter's list
    template: str  # the parent's own template
    context: Callable[[Invitation], dict]  # what the parent's view would pass it


def _sign_in(has_passphrase: bool) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        return {
            "form": SignInForm(formdata=None),
            "has_passphrase": has_passphrase,
            "blocked_message": None,
        }

    return context


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


def _requests(invitation: Invitation) -> dict:
    mine = requests_data.for_invitation(invitation)
    active = {r.kind: r for r in mine if r.state in requests_data.ACTIVE}
    return {
        "requests": [r for r in mine if r.state != RequestState.WITHDRAWN],
        "withdrawn": [r for r in mine if r.state == RequestState.WITHDRAWN],
        "kinds": [
            (kind, title, hint, active.get(kind))
            for kind, (title, hint) in requests_data.KINDS.items()
        ],
        "states": requests_data.PARENT_STATES,
        "describe": requests_data.describe,
        "title": requests_data.title,
        "editable": parent_session.can_change(invitation),
        "form": DoneForm(formdata=None),
    }


def _request_form(kind: RequestKind, form, existing=None) -> dict:
    return {
        "kind": kind,
        "title": requests_data.title(kind),
        "form": form,
        "existing": existing,
        "language_options": [language.label for language in languages_list.LANGUAGES],
    }


def _request_new(kind: RequestKind) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        return _request_form(kind, FORMS[kind](formdata=None))

    return context


def _request_detail(request_id: int) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        found = requests_data.get_for_invitation(invitation, request_id)
        return {
            "item": found,
            "title": requests_data.title(found.kind),
            "state": requests_data.PARENT_STATES[found.state],
            "words": requests_data.describe(found.kind, found.details),
            "editable": parent_session.can_change(invitation),
            "form": WithdrawForm(formdata=None),
        }

    return context


def _request_change(request_id: int) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        found = requests_data.get_for_invitation(invitation, request_id)
        return _request_form(found.kind, FORMS[found.kind].with_details(found.details), found)

    return context


def _request_withdraw(request_id: int) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        found = requests_data.get_for_invitation(invitation, request_id)
        return {
            "item": found,
            "title": requests_data.title(found.kind),
            "words": requests_data.describe(found.kind, found.details),
            "form": WithdrawForm(formdata=None),
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


def _send(invitation: Invitation) -> dict:
    content = sending.snapshot(invitation)
    latest = sending.latest(invitation)
    return {
        "form": Form(),
        "has_content": bool(content),
        "unsent": sending.is_unsent_change(invitation, content, latest),
        "latest": latest,
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


def _sent_versions(invitation: Invitation) -> dict:
    return {"versions": sending.versions(invitation)}


def _earlier(reference: str) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        version = sending.by_reference(invitation, reference)
        return {
            "submission": version,
            "is_latest": False,
            "sections": sending.sections(version.content, with_changes=False),
            "unsent": sending.is_unsent_change(invitation),
            "editable": parent_session.can_change(invitation),
        }

    return context


def _readers(invitation: Invitation) -> dict:
    return {"events": audit.events_for_invitation(invitation), "form": None}


def _passphrase(invitation: Invitation) -> dict:
    return {
        "form": PassphraseForm(formdata=None),
        "has_passphrase": bool(invitation.passphrase_hash),
    }


def _request_pages(invitation: Invitation) -> dict[str, Page]:
    """What you need for the conference, then each request with its change and withdraw
    pages, then the form for each kind they can still ask for: the pages the parent can
    open (Change only while a request is saved and not sent, asking only while they can
    change things, and not for a kind they have already asked for)."""
    mine = requests_data.for_invitation(invitation)
    editable = parent_session.can_change(invitation)
    pages = {
        "requests": Page(_l("What you need for the conference"), "parent/requests.html", _requests)
    }
    for item in mine:
        name, kind = f"request-{item.id}", requests_data.title(item.kind)
        pages[name] = Page(
            _l("%(request)s (their request)", request=kind),
            "parent/request_detail.html",
            _request_detail(item.id),
        )
        if editable and item.state == RequestState.DRAFT:
            pages[f"{name}-change"] = Page(
                _l("%(request)s (changing their request)", request=kind),
                "parent/request_form.html",
                _request_change(item.id),
            )
        if item.state != RequestState.WITHDRAWN:
            pages[f"{name}-withdraw"] = Page(
                _l("%(request)s (withdrawing their request)", request=kind),
                "parent/request_withdraw.html",
                _request_withdraw(item.id),
            )
    active = {item.kind for item in mine if item.state in requests_data.ACTIVE}
    for kind in requests_data.KINDS:
        if editable and kind not in active:
            pages[f"ask-{kind.value}"] = Page(
                _l("%(request)s (asking for it)", request=requests_data.title(kind)),
                "parent/request_form.html",
                _request_new(kind),
            )
    return pages


def pages_for(invitation: Invitation) -> dict[str, Page]:
    """Every page of this parent's that can be shown side by side, in the order they
    meet them: the report's pages once it is shared with them, each request once made,
    what they sent once sent."""
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
    versions = sending.versions(invitation)
    if versions:
        sent["sent"] = Page(_l("Your answers have been sent"), "parent/sent.html", _sent)
        sent["sent-list"] = Page(_l("What you sent"), "parent/sent_list.html", _sent_versions)
        for version in versions[1:]:
            sent[f"sent-{version.number}"] = Page(
                _l("An earlier version you sent (version %(number)s)", number=version.number),
                "parent/sent.html",
                _earlier(version.reference),
            )
    return {
        "sign-in": Page(
            _l("Sign in (with the access code)"),
            "parent/sign_in.html",
            _sign_in(has_passphrase=False),
        ),
        "sign-in-passphrase": Page(
            _l("Sign in (with a passphrase)"), "parent/sign_in.html", _sign_in(has_passphrase=True)
        ),
        "tasks": Page(_l("Your tasks"), "parent/tasks.html", _tasks),
        "about": Page(_l("About your conference"), "parent/about.html", _about),
        **report,
        **views,
        **_request_pages(invitation),
        "check": Page(_l("Check your answers"), "parent/check.html", _check),
        "send": Page(_l("Send your answers"), "parent/send.html", _send),
        **sent,
        "readers": Page(_l("Who has read your views"), "parent/readers.html", _readers),
        "passphrase": Page(_l("Set a passphrase"), "parent/passphrase.html", _passphrase),
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
