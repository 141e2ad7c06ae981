"""A parent's pages side by side: in the parent's language and in English, read-only.

For talking a parent through their pages on the phone or in person. Each page is the
parent's own template, filled with the parent's saved words, rendered twice with
Flask-Babel's force_locale and shown in two columns. Nothing here signs in as the
parent or uses their session: the interpreter sees the pages, never acts on them.

The pages offered are listed in PAGES, in the order a parent meets them.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale
from flask import abort, g, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import answers, audit, conferences, i18n, questions, sending
from portal.access import current_staff, rule
from portal.audit import record_view
from portal.forms import Form, views_form
from portal.interpreter import bp
from portal.models import Invitation
from portal.models.staff import Role


@dataclass(frozen=True)
class Page:
    title: str  # in English, for the interpreter's list
    template: str  # the parent's own template
    context: Callable[[Invitation], dict]  # what the parent's view would pass it


def _views_page(page: questions.Page) -> Callable[[Invitation], dict]:
    def context(invitation: Invitation) -> dict:
        saved = answers.answers_for(invitation)
        return {
            "page": page,
            "form": views_form(page, data=saved),
            "number": questions.PAGES.index(page) + 1,
            "total": len(questions.PAGES),
            "editable": True,
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
        "editable": True,
    }


def _sent(invitation: Invitation) -> dict:
    latest = sending.latest(invitation)
    if latest is None:
        abort(404)
    return {
        "submission": latest,
        "is_latest": True,
        "sections": sending.sections(latest.content, with_changes=False),
        "unsent": False,
        "editable": True,
    }


def _readers(invitation: Invitation) -> dict:
    return {"events": audit.events_for_invitation(invitation), "form": None}


PAGES: dict[str, Page] = {
    **{
        f"views-{page.slug}": Page(page.title, "parent/views_page.html", _views_page(page))
        for page in questions.PAGES
    },
    "check": Page(_l("Check your answers"), "parent/check.html", _check),
    "sent": Page(_l("Your answers have been sent"), "parent/sent.html", _sent),
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


def _invitation_or_404(invitation_id: int) -> Invitation:
    invitation = conferences.conference_invitation(g.conference, invitation_id)
    if invitation is None:
        abort(404)
    return invitation


@bp.get("/conferences/<int:conference_id>/parents/<int:invitation_id>/pages")
@rule(Role.INTERPRETER, conference=True)
def pages(conference_id: int, invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    language, available = parent_language(invitation)
    return render_template(
        "interpreter/pages.html",
        conference=g.conference,
        invitation=invitation,
        pages=PAGES,
        language=column(language),
        preferred=invitation.preferred_language,
        available=available,
        has_sent=sending.latest(invitation) is not None,
    )


@bp.get("/conferences/<int:conference_id>/parents/<int:invitation_id>/pages/<name>")
@rule(Role.INTERPRETER, conference=True)
def page(conference_id: int, invitation_id: int, name: str):
    invitation = _invitation_or_404(invitation_id)
    found = PAGES.get(name)
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
