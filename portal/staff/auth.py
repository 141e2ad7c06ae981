"""Staff sign-in (password, then a second factor when set up or required), sign-out,
and password reset by a single-use link."""

from datetime import datetime

import segno
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal import held_secrets, staff_accounts, throttle
from portal.access import current_staff, rule, safe_next_url, start_session
from portal.forms import rerender_when_stale
from portal.staff import bp
from portal.staff.forms import (
    ROLE_LABELS,
    CodeForm,
    NewPasswordForm,
    ResetRequestForm,
    SignInForm,
    add_error,
)
from portal.staff.timeout import timed_out

PENDING = "staff_pending"  # "id:epoch" of an account that gave its password, awaiting a code
ENROL_SECRET = "totp_enrol"  # noqa: S105 - a held_secrets purpose, not a secret
NEXT = "staff_next"


def _throttled_message(until: datetime) -> str:
    return _(
        "Too many tries. For your account's safety, wait until %(time)s and try again.",
        time=format_time(until, "HH:mm"),
    )


def _code_try(user) -> throttle.Try:
    """A second-factor code try, counted with the account's password tries."""
    return throttle.start_try(
        "staff",
        throttle.client_address(),
        staff_id=user.id,
        subject=throttle.subject_for(user.email),
    )


def _finish_sign_in(user):
    """Rotate the session: nothing from before sign-in survives into it."""
    next_url = session.get(NEXT)
    lang = session.get("lang")
    session.clear()
    g.pop("csrf_token", None)  # a new session gets a new CSRF token
    if lang:
        session["lang"] = lang
    login_user(user)
    start_session()
    staff_accounts.signed_in(user)
    return redirect(safe_next_url(next_url) or url_for("staff.dashboard"))


def _pending_user():
    value = session.get(PENDING, "")
    try:
        staff_id, epoch = (int(part) for part in value.split(":"))
    except ValueError:
        return None
    user = staff_accounts.by_id(staff_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user


@bp.route("/sign-in", methods=["GET", "POST"])
@rule(public=True)
@rerender_when_stale
def sign_in():
    form = SignInForm()
    problem, status = None, 200
    if request.method == "GET" and safe_next_url(request.args.get("next")):
        session[NEXT] = request.args["next"]
    if form.validate_on_submit():
        # The same answers, in the same time, whether or not the address has an account:
        # tries are counted by the typed address (throttle.subject_for), and a refused
        # try checks a password all the same.
        user = staff_accounts.by_email(form.email.data)
        attempt = throttle.start_try(
            "staff", throttle.client_address(), staff_id=user.id if user else None,
            subject=throttle.subject_for(form.email.data),
        )
        if attempt.blocked_until:
            problem, status = _throttled_message(attempt.blocked_until), 429
        else:
            checked = staff_accounts.check_password(form.email.data, form.password.data)
            if attempt.silent:
                checked = None  # locked from addresses it was never used at: not said
            throttle.finish_try(attempt, checked is not None)
            if checked is None:
                problem, status = (
                    _("The email address or password is not right. Check them and try again."),
                    400,
                )
            elif staff_accounts.second_factor_required(checked):
                session[PENDING] = checked.get_id()
                if checked.totp_secret:
                    return redirect(url_for("staff.second_factor"))
                return redirect(url_for("staff.enrol_second_factor"))
            else:
                return _finish_sign_in(checked)
    if problem:
        add_error(form.email, problem)
    return render_template("staff/sign_in.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@rule(public=True)
def second_factor():
    user = _pending_user()
    if user is None or not user.totp_secret:
        return redirect(url_for("staff.sign_in"))
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        attempt = _code_try(user)
        if attempt.blocked_until:
            problem = _throttled_message(attempt.blocked_until)
        else:
            ok = staff_accounts.check_totp(user.totp_secret, form.code.data, user)
            throttle.finish_try(attempt, ok)
            if ok:
                return _finish_sign_in(user)
            problem = _("That code is not right. Enter the code your app shows now.")
    if problem:
        add_error(form.code, problem)
    return render_template("staff/second_factor.html", form=form), (400 if problem else 200)


@bp.route("/sign-in/set-up-code", methods=["GET", "POST"])
@rule(public=True)
def enrol_second_factor():
    user = _pending_user()
    if user is None:
        return redirect(url_for("staff.sign_in"))
    if user.totp_secret:
        return redirect(url_for("staff.second_factor"))
    secret = _enrol_secret(user)
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        attempt = _code_try(user)
        if attempt.blocked_until:
            problem = _throttled_message(attempt.blocked_until)
        elif staff_accounts.check_totp(secret, form.code.data, user):
            throttle.finish_try(attempt, True)
            held_secrets.take(ENROL_SECRET, user)
            staff_accounts.enrol_totp(user, secret)
            return _finish_sign_in(user)
        else:
            problem = _("That code is not right. Enter the code your app shows now.")
    return _enrol_page(user, secret, form, problem, url_for("staff.enrol_second_factor"))


def _enrol_secret(user) -> str:
    """The authenticator secret being set up: held server-side until the first code
    confirms it (held_secrets), never in the cookie."""
    secret = held_secrets.peek(ENROL_SECRET, user)
    if not secret:
        secret = staff_accounts.new_totp_secret()
        held_secrets.hold(ENROL_SECRET, user, secret)
    return secret


def _enrol_page(user, secret: str, form, problem: str | None, action: str):
    uri = staff_accounts.provisioning_uri(user, secret)
    qr_svg = segno.make(uri, error="m").svg_inline(
        scale=4, title=_("QR code for your authenticator app")
    )
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    if problem:
        add_error(form.code, problem)
    return render_template(
        "staff/enrol_second_factor.html", form=form, secret=grouped, qr_svg=qr_svg, action=action
    ), (400 if problem else 200)


@bp.route("/account/security-code", methods=["GET", "POST"])
@rule()
@rerender_when_stale
def set_up_security_code():
    """A signed-in user sets up a second factor of their own accord."""
    user = current_staff()
    if user.totp_secret:
        return redirect(url_for("staff.account"))
    secret = _enrol_secret(user)
    form = CodeForm()
    problem = None
    if form.validate_on_submit():
        if staff_accounts.check_totp(secret, form.code.data, user):
            held_secrets.take(ENROL_SECRET, user)
            staff_accounts.enrol_totp(user, secret)
            login_user(user)  # other sessions end; this one goes on with the new epoch
            flash(_("Security code set up. You will need it each time you sign in."), "success")
            return redirect(url_for("staff.account"))
        problem = _("That code is not right. Enter the code your app shows now.")
    return _enrol_page(user, secret, form, problem, url_for("staff.set_up_security_code"))


@bp.post("/sign-out")
@rule()
@rerender_when_stale
def sign_out():
    if request.form.get("reason") == "timeout":
        return timed_out(safe_next_url(request.form.get("next")))
    if current_user.is_authenticated:
        staff_accounts.end_sessions(current_staff())  # a cookie saved earlier opens nothing
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("staff.sign_in"))


@bp.route("/reset-password", methods=["GET", "POST"])
@rule(public=True)
@rerender_when_stale
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = staff_accounts.by_email(form.email.data)
        account = user.id if user is not None and user.active else None
        if throttle.reset_allowed(throttle.client_address(), account) and account is not None:
            token = staff_accounts.start_reset(user)
            link = current_app.config["SITE_URL"].rstrip("/") + url_for(
                "staff.reset_password", token=token
            )
            staff_accounts.send_password_reset(user, link)
        # The same answer whether or not the account exists.
        return render_template("staff/reset_sent.html")
    return render_template("staff/reset_request.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@rule(public=True)
def reset_password(token: str):
    reset = staff_accounts.reset_for(token[:100])
    if reset is None:
        return render_template("staff/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        staff_accounts.finish_reset(reset, form.password.data)
        logout_user()
        session.clear()
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("staff.sign_in"))
    return render_template("staff/reset_password.html", form=form, user=reset.staff)


@bp.get("/account")
@rule()
def account():
    user = current_staff()
    return render_template("staff/account.html", user=user, role_label=ROLE_LABELS[user.role])
