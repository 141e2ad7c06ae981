"""The conference's parents, each one's sent words, and the English of each answer.

The parent's words are shown exactly as written (escaped, white space kept). Every
page that shows a parent's content is recorded in the audit trail, so the parent sees
it in "Who has read your views".
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import languages_list, renderings, sending
from portal.access import current_staff, invitation_or_404, rule
from portal.audit import record_view
from portal.forms import add_error, rerender_when_stale
from portal.interpreter import bp
from portal.interpreter.forms import RenderingForm
from portal.models.staff import Role

SOMEONE_ELSE = _l(
    "Someone else saved English for this answer while this page was open, so yours was not "
    "saved. Theirs is shown under the box; yours is still in the box. Change it if you need "
    "to, then save again to replace theirs."
)


@bp.get("/conferences/<int:conference_id>")
@rule(Role.INTERPRETER, conference=True)
def conference(conference_id: int):
    conference = g.conference
    return render_template(
        "interpreter/conference.html",
        conference=conference,
        parents=renderings.progress(conference),
        language_label=languages_list.label,
    )


@bp.get("/conferences/<int:conference_id>/parents/<int:invitation_id>")
@rule(Role.INTERPRETER, conference=True)
def parent(conference_id: int, invitation_id: int):
    invitation = invitation_or_404(invitation_id)
    latest = sending.latest(invitation)
    parts, totals = [], None
    if latest is not None:
        record_view(current_staff(), "viewed_views", g.conference, invitation)
        rows = renderings.rows(latest.content)
        totals = renderings.counts(renderings.shown_for(latest, rows))
        parts = renderings.annotate(sending.sections(latest.content, with_changes=False), latest)
    return render_template(
        "interpreter/parent.html",
        conference=g.conference,
        invitation=invitation,
        shown=latest,
        parts=parts,
        totals=totals,
    )


@bp.route(
    "/conferences/<int:conference_id>/parents/<int:invitation_id>/english/<key>",
    methods=["GET", "POST"],
)
@rule(Role.INTERPRETER, conference=True)
@rerender_when_stale
def english(conference_id: int, invitation_id: int, key: str):
    """One answer: the parent's words, and beside them the box for the English."""
    invitation = invitation_or_404(invitation_id)
    latest = sending.latest(invitation)
    rows = renderings.rows(latest.content) if latest is not None else []
    row = next((r for r in rows if r["key"] == key), None)
    if row is None:
        abort(404)
    shown = renderings.shown_for(latest, rows)

    if request.method == "GET":
        form = RenderingForm(
            data={
                "english": shown[key].rendering.text if shown[key].rendering else "",
                "version": str(latest.number),
                "revision": str(_this_version_revision(shown[key], latest)),
            }
        )
        return _english_page(invitation, latest, row, shown[key], form)

    form = RenderingForm()
    if not form.validate_on_submit():
        return _english_page(invitation, latest, row, shown[key], form)
    version, revision = form.numbers() or (0, -1)
    try:
        renderings.save(
            latest, version, key, row["answer"], form.english.data, current_staff(), revision
        )
    except renderings.Stale as stale:
        add_error(form.english, _stale_message(stale, version, latest, invitation))
        # The next save is made knowingly against what is there now.
        form.version.data = str(latest.number)
        form.revision.data = str(_this_version_revision(shown[key], latest))
        return _english_page(invitation, latest, row, shown[key], form, conflict=stale.saved)
    record_view(current_staff(), "rendered_views", g.conference, invitation)
    flash(_("English saved."), "success")
    shown = renderings.shown_for(latest, rows)
    following = renderings.next_to_render(rows, shown, after=key)
    if following is None:
        return redirect(
            url_for("interpreter.parent", conference_id=conference_id, invitation_id=invitation.id)
        )
    return redirect(
        url_for(
            "interpreter.english",
            conference_id=conference_id,
            invitation_id=invitation.id,
            key=following,
        )
    )


def _stale_message(stale: renderings.Stale, version: int, latest, invitation) -> str:
    if stale.reason == "new_version" and 0 < version < latest.number:
        return _(
            "%(name)s sent a new version while this page was open, so your English was not "
            "saved. Their words are shown again: check your English against them and save "
            "again.",
            name=invitation.name,
        )
    if stale.reason == "changed" and stale.saved is not None:
        return str(SOMEONE_ELSE)
    return _("This page was out of date, so your English was not saved. Check it and save again.")


def _this_version_revision(shown: renderings.Shown, latest) -> int:
    """The revision a save for `latest` starts from: 0 unless this very version has English."""
    if shown.rendering is not None and shown.version == latest.number:
        return shown.revision
    return 0


def _english_page(invitation, latest, row, shown, form, conflict=None):
    record_view(current_staff(), "viewed_views", g.conference, invitation)
    return render_template(
        "interpreter/english.html",
        conference=g.conference,
        invitation=invitation,
        shown=latest,
        row=row,
        english=shown,
        form=form,
        conflict=conflict,
    )
