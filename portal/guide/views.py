"""Public pages. No sign-in; nothing here is about any one family, except that a
signed-in parent sees their own social worker and complaint deadline (and those
pages are then never cached)."""

from datetime import date

from flask import abort, current_app, redirect, render_template, request, url_for

from portal.guide import bp, complaints
from portal.guide.family import signed_in_family
from portal.guide.pages import BY_SLUG, PAGES, neighbours


def _profile():
    return current_app.extensions["profile"]


def _private(response, family):
    """A page that shows one family's details must never be stored."""
    response = current_app.make_response(response)
    response.vary.add("Cookie")
    if family is not None:
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
    return _private(
        render_template(
            "guide/complaint_route.html",
            about=about,
            title=complaints.ROUTE_LABELS[about],
            steps=complaints.steps(profile, about),
            deadline=complaints.deadline(profile, family.minutes_sent_on if family else None),
            family=family,
            ico_phone=complaints.ICO_PHONE,
            ico_website=complaints.ICO_WEBSITE,
        ),
        family,
    )


@bp.get("/contacts")
def contacts():
    family = signed_in_family()
    return _private(render_template("guide/contacts.html", family=family), family)


# When the accessibility statement was last reviewed against the tests it describes.
ACCESSIBILITY_PREPARED = date(2026, 11, 24)


@bp.get("/accessibility")
def accessibility():
    return render_template("guide/accessibility.html", prepared_on=ACCESSIBILITY_PREPARED)


@bp.get("/privacy")
def privacy():
    return render_template("guide/privacy.html", ico_phone=complaints.ICO_PHONE)
