"""Flask-Login for staff: a session names the account and its session epoch, so
raising StaffUser.session_epoch (password change, deactivation) ends every session."""

from flask_login import LoginManager

from portal.db import session
from portal.models import StaffUser

login_manager = LoginManager()
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    try:
        staff_id, epoch = (int(part) for part in user_id.split(":"))
    except (ValueError, AttributeError):
        return None
    user = session().get(StaffUser, staff_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user
