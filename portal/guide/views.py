"""Public pages. No sign-in; nothing here is about any one family, except that a
signed-in parent sees their own social worker and complaint deadline (and those
pages are then never cached)."""

from datetime import date

from flask import abort, current_app, redirect, render_template, request, url_for

from portal import i18n
from portal.catalogs import TRANSLATIONS
from portal.guide import bp, complaints
from portal.guide.family import parent_signed_in, signed_in_family
from portal.guide.pages import BY_SLUG, PAGES, neighbours


def _profile():
    return current_app.extensions["profile"]


@bp.after_request
def _never_store_a_signed_in_page(response):
    """Public pages may be cached, but not when a parent is signed in: then they carry
    the parent's navigation and, on some pages, their social worker and deadline."""
    response.vary.add("Cookie")
    if parent_signed_in():
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


@bp.get("/")
def start():
    return render_template("guide/start.html", pages=PAGES)


@bp.get("/guide")
def contents():
    return render_template("guide/contents.html", pages=PAGES)


@bp.get("/guide/<slug>")
def page(slug: str):
    current = BY_SLUG.get(slug)
    if current is None:
        abort(404)
    before, after = neighbours(slug)
    return render_template(
        f"guide/pages/{slug}.html", page=current, pages=PAGES, before=before, after=after
    )


@bp.get("/complaints")
def complaints_start():
    form = complaints.AboutForm(formdata=request.args or None, meta={"csrf": False})
    if "about" in request.args or request.args.get("asked"):
        if form.validate():
            return redirect(url_for("guide.complaint_route", about=form.about.data))
    return render_template("guide/complaints.html", form=form)


@bp.get("/complaints/<about>")
def complaint_route(about: str):
    if about not in complaints.ROUTE_LABELS:
        abort(404)
    profile = _profile()
    family = signed_in_family()
    return render_template(
        "guide/complaint_route.html",
        about=about,
        title=complaints.ROUTE_LABELS[about],
        steps=complaints.steps(profile, about),
        deadline=complaints.deadline(profile, family.minutes_sent_on if family else None),
        family=family,
        ico_phone=complaints.ICO_PHONE,
        ico_website=complaints.ICO_WEBSITE,
    )


@bp.get("/contacts")
def contacts():
    family = signed_in_family()
    return render_template("guide/contacts.html", family=family)


# When the accessibility statement was last reviewed against the tests it describes.
ACCESSIBILITY_PREPARED = date(2026, 11, 24)


@bp.get("/accessibility")
def accessibility():
    reviews = [(language, i18n.review_state(language.code, TRANSLATIONS))
               for language in i18n.offered()]
    return render_template("guide/accessibility.html", prepared_on=ACCESSIBILITY_PREPARED,
                           reviews=reviews)


@bp.get("/privacy")
def privacy():
    return render_template("guide/privacy.html", ico_phone=complaints.ICO_PHONE)
