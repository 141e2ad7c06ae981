"""Signing in with the link and code (or passphrase), setting a passphrase, signing out."""

from flask import flash, redirect, render_template, request, url_for
from flask import session as cookie
from flask_babel import format_time
from flask_babel import gettext as _
from sqlalchemy import select

from portal import parent_session, throttle
from portal.canonical import token_hash
from portal.db import session as db
from portal.invitations import normalise_code
from portal.models import Invitation
from portal.parent import bp
from portal.parent_forms import EmptyForm, PassphraseForm, SignInForm
from portal.passwords import hash_secret, verify_secret


def _by_link(link_hash: str | None) -> Invitation | None:
    if not link_hash:
        return None
    return db().scalar(select(Invitation).where(Invitation.token_hash == link_hash))


def _blocked_message(until) -> str:
    return _(
        "You have tried too many times. For your safety, please wait 15 minutes. "
        "You can try again after %(time)s.",
        time=format_time(until, "HH:mm"),
    )


def _secret_matches(invitation: Invitation | None, typed: str) -> bool:
    """The code (however it was typed) or the passphrase. Both checks always run, so
    the time taken says nothing about which exists."""
    digits = normalise_code(typed)
    code_ok = verify_secret(invitation.code_hash if invitation else None, digits or typed)
    passphrase_ok = verify_secret(invitation.passphrase_hash if invitation else None, typed)
    return invitation is not None and len(digits) == 8 and code_ok or passphrase_ok


@bp.get("/i/<token>")
def open_link(token: str):
    """The link from the letter: keep only its hash, and take it out of the address bar."""
    parent_session.end()
    cookie[parent_session.LINK_KEY] = token_hash(token)
    return redirect(url_for("parent.sign_in"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if parent_session.current_invitation() is not None:
        return redirect(url_for("parent.task_list"))
    link = cookie.get(parent_session.LINK_KEY)
    if not link:
        return render_template("parent/no_link.html")
    invitation = _by_link(link)
    if invitation is not None and invitation.withdrawn_at is not None:
        return render_template("parent/withdrawn.html")
    form = SignInForm()
    invitation_id = invitation.id if invitation else None
    address = throttle.client_address()
    until = throttle.blocked_until("parent", address, invitation_id=invitation_id)
    if request.method == "POST" and form.validate():
        attempt = throttle.start_try("parent", address, invitation_id=invitation_id)
        until = attempt.blocked_until
        ok = attempt.allowed and _secret_matches(invitation, form.secret.data)
        throttle.finish_try(attempt, ok)
        if ok:
            invitation.failed_codes = 0
            parent_session.start(invitation)
            return redirect(url_for("parent.task_list"))
        if attempt.allowed:
            if invitation is not None:
                invitation.failed_codes += 1
            until = throttle.blocked_until("parent", address, invitation_id=invitation_id)
        if until and invitation is not None:
            invitation.locked_until = until  # shown to staff; the throttle decides
        form.secret.errors = [
            _blocked_message(until)
            if until
            else _("The link or the code is not right. Check your letter or message and try again.")
        ]
    elif until is not None and request.method == "POST":
        form.secret.errors = [_blocked_message(until)]
    has_passphrase = bool(invitation and invitation.passphrase_hash)
    blocked_message = _blocked_message(until) if until and not form.errors else None
    return render_template(
        "parent/sign_in.html",
        form=form,
        has_passphrase=has_passphrase,
        blocked_message=blocked_message,
    )


@bp.post("/sign-out")
def sign_out():
    """Signing out, by the button or by the timeout warning's script (reason=timeout).
    Only ever a POST: a link on another site cannot sign anyone out."""
    EmptyForm()  # the token was checked before we got here
    return parent_session.sign_out_response()


@bp.get("/signed-out")
def signed_out():
    """Says why the parent was signed out; it never signs anyone out itself."""
    if parent_session.current_invitation() is not None:
        return redirect(url_for("parent.task_list"))
    reason = request.args.get("reason", "timeout")
    if reason not in ("you", "timeout", "ended"):
        reason = "timeout"
    can_sign_in = bool(cookie.get(parent_session.LINK_KEY))
    return render_template(
        "parent/signed_out.html",
        reason=reason,
        can_sign_in=can_sign_in,
        minutes=parent_session.timeout_seconds() // 60,
    )


@bp.post("/keep-alive")
def keep_alive():
    """Stay signed in (from the timeout warning). The guard has already renewed the session."""
    return "", 204


@bp.route("/passphrase", methods=["GET", "POST"])
def passphrase():
    invitation = parent_session.current_invitation()
    form = PassphraseForm()
    if form.validate_on_submit():
        typed = form.passphrase.data
        digits = normalise_code(typed)
        if len(digits) == 8 and verify_secret(invitation.code_hash, digits):
            form.passphrase.errors = [
                _(
                    "Do not use your access code as your passphrase. "
                    "Choose some words you will remember."
                )
            ]
        else:
            invitation.passphrase_hash = hash_secret(typed)
            parent_session.renew(invitation)
            flash(
                _(
                    "Your passphrase is saved. Next time, open the link from your letter "
                    "and type your passphrase."
                ),
                "success",
            )
            return redirect(url_for("parent.task_list"))
    return render_template(
        "parent/passphrase.html", form=form, has_passphrase=bool(invitation.passphrase_hash)
    )
