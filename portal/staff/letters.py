"""Inviting a parent or carer, the printable invitation letter, and re-issuing a code.

The link and the access code exist only between creating (or re-issuing) them and
showing the letter: held server-side, encrypted, for one redirect (held_secrets),
never in the cookie, and the letter page takes them as it shows them.
"""

import segno
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from portal import conferences as data
from portal import held_secrets
from portal.access import CASEWORK, current_staff, invitation_or_404, rule
from portal.audit import record_view
from portal.forms import rerender_when_stale
from portal.i18n import BY_CODE, babel_locale, recipient_language
from portal.invitations import format_code, link_path, reissue, withdraw
from portal.sanitize import sentence
from portal.staff import bp
from portal.staff.conference_forms import InviteForm

LETTER = "letter"  # held_secrets purpose


def _show_once(invitation, token: str, code: str):
    held_secrets.hold(
        LETTER, current_staff(), {"invitation_id": invitation.id, "token": token, "code": code}
    )
    return redirect(
        url_for("staff.letter", conference_id=invitation.conference_id, invitation_id=invitation.id)
    )


@bp.route("/conferences/<int:conference_id>/invite", methods=["GET", "POST"])
@rule(*CASEWORK, conference=True)
@rerender_when_stale
def invite(conference_id: int):
    conference = g.conference
    form = InviteForm()
    if request.method == "GET":
        form.preferred_language.data = "en"
    if form.validate_on_submit():
        invitation, token, code = data.invite_parent(
            conference,
            form.name.data,
            preferred_language=form.preferred_language.data,
            email=form.email.data or "",
            mobile=form.mobile.data or "",
        )
        return _show_once(invitation, token, code)
    return render_template("staff/invite_form.html", form=form, conference=conference)


@bp.get("/conferences/<int:conference_id>/invitations/<int:invitation_id>/letter")
@rule(*CASEWORK, conference=True)
def letter(conference_id: int, invitation_id: int):
    invitation = invitation_or_404(invitation_id)
    once = held_secrets.take(LETTER, current_staff())
    if not once or once.get("invitation_id") != invitation.id:
        return render_template(
            "staff/letter_gone.html", conference=g.conference, invitation=invitation
        )
    # Recorded against the conference, not the parent: the letter is not the parent's
    # views, and the parent's "Who has read your views" lists that parent's events.
    record_view(current_staff(), "printed_letter", g.conference)
    link = current_app.config["SITE_URL"].rstrip("/") + link_path(once["token"])
    qr_svg = segno.make(link, error="m").svg_inline(scale=3, title=_("QR code for the link"))
    language = recipient_language(invitation.preferred_language)
    with force_locale(babel_locale(language)):
        body = render_template(
            "staff/_letter_body.html",
            conference=g.conference,
            invitation=invitation,
            link=link,
            code=format_code(once["code"]),
            qr_svg=qr_svg,
        )
    return render_template(
        # The body is our own template's output, already escaped.
        "staff/letter.html",
        conference=g.conference,
        invitation=invitation,
        body=Markup(body),  # noqa: S704
        letter_language=BY_CODE[language],
    )


@bp.route(
    "/conferences/<int:conference_id>/invitations/<int:invitation_id>/reissue",
    methods=["GET", "POST"],
)
@rule(*CASEWORK, conference=True)
def reissue_code(conference_id: int, invitation_id: int):
    invitation = invitation_or_404(invitation_id)
    if request.method == "POST":
        token, code = reissue(invitation)
        flash(_("New link and access code made. The old ones no longer work."), "success")
        return _show_once(invitation, token, code)
    return render_template("staff/reissue.html", conference=g.conference, invitation=invitation)


@bp.route(
    "/conferences/<int:conference_id>/invitations/<int:invitation_id>/withdraw",
    methods=["GET", "POST"],
)
@rule(*CASEWORK, conference=True)
def withdraw_invitation(conference_id: int, invitation_id: int):
    """End an invitation: the parent can no longer sign in, and is told so plainly on
    their next visit; nothing they wrote is deleted. Issuing a new code undoes it."""
    invitation = invitation_or_404(invitation_id)
    if request.method == "POST":
        if invitation.withdrawn_at is None:
            withdraw(invitation)
        flash(
            sentence(
                _("The invitation for %(name)s has ended. What they wrote is kept."),
                name=invitation.name,
            ),
            "success",
        )
        return redirect(url_for("staff.conference", conference_id=conference_id))
    return render_template("staff/withdraw.html", conference=g.conference, invitation=invitation)
