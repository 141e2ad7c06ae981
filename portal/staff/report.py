"""The social worker's report: write it section by section, share it, and keep every
shared version. Once shared, each saved edit reaches the family as a new version."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import ValidationError

from portal import report_comments, reports, sanitize
from portal.access import CASEWORK, current_staff, rule
from portal.forms import Form, PlainText, rerender_when_stale
from portal.staff import bp
from portal.staff.forms import add_error, text


class SectionForm(Form):
    heading = text(_l("Heading"), reports.HEADING_LIMIT, _l("Enter a heading for this section"))
    body = TextAreaField(_l("Text"), validators=[PlainText(reports.BODY_LIMIT)])
    revision = HiddenField()

    def validate_body(self, field):
        problems = sanitize.label_problems(field.data or "")
        if problems:
            line, typed = problems[0]
            raise ValidationError(
                _l(
                    "Line %(line)s starts with %(typed)s, which is not a label. Use fact, "
                    "observation, allegation or opinion, and second-hand with its source, "
                    "like [allegation, second-hand: school]",
                    line=line,
                    typed=typed,
                )
            )


class ActionForm(Form):
    """Only a CSRF token: start, share, remove."""


def _report_or_404():
    report = reports.report_for(g.conference)
    if report is None:
        abort(404)
    return report


def _section_or_404(report, section_id: int):
    section = reports.section(report, section_id)
    if section is None:
        abort(404)
    return section


def _back(anchor: str | None = None):
    return redirect(url_for("staff.report", conference_id=g.conference.id, _anchor=anchor))


def _saved_message(shared) -> None:
    if shared is not None:
        flash(
            _(
                "Saved. The family has been given version %(number)s of the report "
                "and told it changed.",
                number=shared.number,
            ),
            "success",
        )
    else:
        flash(_("Saved."), "success")


@bp.get("/conferences/<int:conference_id>/report")
@rule(*CASEWORK, conference=True)
def report(conference_id: int):
    conference = g.conference
    report = reports.report_for(conference)
    sections = []
    if report is not None:
        sections = [(s, sanitize.blocks(s.body)) for s in report.sections]
    return render_template(
        "staff/report.html",
        conference=conference,
        report=report,
        sections=sections,
        status=reports.report_status(conference),
        versions=reports.versions(report) if report else [],
        unshared=report is not None and reports.has_unshared_changes(report),
        invitations=conference.invitations,
        form=ActionForm(),
    )


@bp.post("/conferences/<int:conference_id>/report/start")
@rule(*CASEWORK, conference=True)
def start_report(conference_id: int):
    form = ActionForm()
    if form.validate_on_submit():
        reports.get_or_create_report(g.conference)
    return _back()


@bp.post("/conferences/<int:conference_id>/report/share")
@rule(*CASEWORK, conference=True)
def share_report(conference_id: int):
    report = _report_or_404()
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("This page was open too long, so the report was not shared. Try again."), "error")
        return _back()
    if not any(s.body.strip() for s in report.sections):
        flash(_("Write at least one section before you share the report."), "error")
        return _back()
    shared, new = reports.share(report, current_staff())
    if new:
        flash(
            _("The report is shared with the family (version %(number)s).", number=shared.number),
            "success",
        )
    else:
        flash(_("The family already has this version of the report."), "success")
    return _back()


def _render_section_form(form, section=None, status=200, conflict=None):
    report = reports.report_for(g.conference)
    return (
        render_template(
            "staff/report_section.html",
            conference=g.conference,
            form=form,
            section=section,
            shared=reports.latest_version(report) is not None,
            conflict=conflict,
        ),
        status,
    )


@bp.route(
    "/conferences/<int:conference_id>/report/sections/<int:section_id>", methods=["GET", "POST"]
)
@rule(*CASEWORK, conference=True)
@rerender_when_stale
def report_section(conference_id: int, section_id: int):
    report = _report_or_404()
    section = _section_or_404(report, section_id)
    if request.method == "GET":
        form = SectionForm(
            data={
                "heading": section.heading,
                "body": section.body,
                "revision": str(section.revision),
            }
        )
        return _render_section_form(form, section)
    form = SectionForm()
    if form.validate_on_submit():
        if form.revision.data != str(section.revision):
            # Someone saved this section after this form was opened: keep both texts.
            add_error(
                form.body,
                _l(
                    "Someone else saved this section after you opened it. Their text is shown "
                    "below yours. Copy what you need, then save again to replace theirs."
                ),
            )
            conflict = section.body
            form.revision.data = str(section.revision)
            return _render_section_form(form, section, conflict=conflict)
        reports.save_section(report, section, form.heading.data, form.body.data or "")
        _saved_message(reports.after_edit(report, current_staff()))
        return _back(f"section-{section.id}")
    return _render_section_form(form, section)


@bp.route("/conferences/<int:conference_id>/report/sections/new", methods=["GET", "POST"])
@rule(*CASEWORK, conference=True)
@rerender_when_stale
def new_report_section(conference_id: int):
    report = _report_or_404()
    form = SectionForm()
    if form.validate_on_submit():
        if len(report.sections) >= reports.SECTION_LIMIT:
            add_error(
                form.heading,
                _l("A report can have up to %(limit)s sections.", limit=reports.SECTION_LIMIT),
            )
            return _render_section_form(form)
        section = reports.add_section(report, form.heading.data, form.body.data or "")
        _saved_message(reports.after_edit(report, current_staff()))
        return _back(f"section-{section.id}")
    return _render_section_form(form)


@bp.post("/conferences/<int:conference_id>/report/sections/<int:section_id>/remove")
@rule(*CASEWORK, conference=True)
def remove_report_section(conference_id: int, section_id: int):
    report = _report_or_404()
    section = _section_or_404(report, section_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("This page was open too long, so the section was not removed. Try again."), "error")
        return _back()
    heading = section.heading
    reports.remove_section(report, section)
    shared = reports.after_edit(report, current_staff())
    if shared is not None:
        flash(
            _(
                "Section “%(heading)s” removed. The family has been given version %(number)s.",
                heading=heading,
                number=shared.number,
            ),
            "success",
        )
    else:
        flash(_("Section “%(heading)s” removed.", heading=heading), "success")
    return _back()


@bp.get("/conferences/<int:conference_id>/report/versions/<int:number>")
@rule(*CASEWORK, conference=True)
def report_version(conference_id: int, number: int):
    report = _report_or_404()
    shared = reports.version(report, number)
    if shared is None:
        abort(404)
    return render_template(
        "staff/report_version.html",
        conference=g.conference,
        shared=shared,
        latest=reports.latest_version(report),
        sections=[
            (s, sanitize.blocks(s["body"])) for s in report_comments.version_sections(shared)
        ],
    )
