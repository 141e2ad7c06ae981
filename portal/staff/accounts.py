"""Administrator pages: staff accounts and the council profile. No family content."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import audit, staff_accounts
from portal.access import current_staff, rule
from portal.forms import rerender_when_stale
from portal.models.staff import Role
from portal.profiles import listing
from portal.sanitize import sentence
from portal.staff import bp
from portal.staff.forms import ROLE_LABELS, AccountForm, RoleForm, add_error


@bp.get("/accounts")
@rule(Role.ADMIN)
def accounts():
    users = staff_accounts.list_accounts(current_staff().council_id)
    return render_template("staff/accounts.html", users=users, role_labels=ROLE_LABELS)


@bp.route("/accounts/new", methods=["GET", "POST"])
@rule(Role.ADMIN)
@rerender_when_stale
def new_account():
    form = AccountForm()
    if form.validate_on_submit():
        if staff_accounts.by_email(form.email.data) is not None:
            add_error(form.email, _("There is already an account with this email address"))
        elif staff_accounts.for_themselves(current_staff(), form.name.data, form.email.data):
            add_error(
                form.name,
                _("You cannot make an account for yourself. Ask another administrator."),
            )
        else:
            problem = staff_accounts.password_problem(form.password.data, form.email.data)
            if problem:
                add_error(form.password, problem)
            else:
                user = staff_accounts.create_account(
                    current_staff().council_id,
                    form.email.data,
                    form.name.data,
                    Role(form.role.data),
                    form.password.data,
                    form.phone.data or "",
                    by=current_staff(),
                )
                flash(
                    sentence(
                        _(
                            "Account created for %(name)s. "
                            "Give them their first password in person or by phone."
                        ),
                        name=user.name,
                    ),
                    "success",
                )
                return redirect(url_for("staff.accounts"))
    return render_template("staff/account_form.html", form=form)


def _account_or_404(staff_id: int):
    user = staff_accounts.by_id(staff_id)
    if user is None or user.council_id != current_staff().council_id:
        abort(404)
    return user


@bp.post("/accounts/<int:staff_id>/deactivate")
@rule(Role.ADMIN)
def deactivate_account(staff_id: int):
    user = _account_or_404(staff_id)
    if user.id == current_staff().id:
        flash(_("You cannot deactivate your own account. Ask another administrator."), "error")
    else:
        staff_accounts.set_active(user, False, by=current_staff())
        flash(
            sentence(
                _("%(name)s can no longer sign in. Anyone signed in as them has been signed out."),
                name=user.name,
            ),
            "success",
        )
    return redirect(url_for("staff.accounts"))


@bp.post("/accounts/<int:staff_id>/reactivate")
@rule(Role.ADMIN)
def reactivate_account(staff_id: int):
    user = _account_or_404(staff_id)
    staff_accounts.set_active(user, True, by=current_staff())
    flash(sentence(_("%(name)s can sign in again."), name=user.name), "success")
    return redirect(url_for("staff.accounts"))


@bp.route("/accounts/<int:staff_id>/role", methods=["GET", "POST"])
@rule(Role.ADMIN)
@rerender_when_stale
def change_role(staff_id: int):
    user = _account_or_404(staff_id)
    if user.id == current_staff().id:
        flash(_("You cannot change your own role. Ask another administrator."), "error")
        return redirect(url_for("staff.accounts"))
    form = RoleForm()
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        staff_accounts.change_role(user, Role(form.role.data), by=current_staff())
        role = str(ROLE_LABELS[user.role])
        flash(sentence(_("%(name)s is now: %(role)s."), name=user.name, role=role), "success")
        return redirect(url_for("staff.accounts"))
    return render_template("staff/account_role.html", form=form, user=user)


@bp.get("/accounts/changes")
@rule(Role.ADMIN, Role.MANAGER)
def account_changes():
    """Every change to a staff account, for managers and administrators to check."""
    events = audit.account_changes(current_staff().council_id)
    return render_template(
        "staff/account_changes.html", events=events, role_labels=ROLE_LABELS
    )


@bp.get("/council")
@rule(Role.ADMIN)
def council_profile():
    council = current_app.extensions["profile"]
    return render_template(
        "staff/council_profile.html",
        council=council,
        facts=listing.facts(council),
        not_given=listing.not_given(council),
    )
