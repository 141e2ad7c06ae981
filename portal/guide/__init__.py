"""The public guide: what a conference is, key facts from the council's profile, complaints."""

from flask import Blueprint

bp = Blueprint("guide", __name__)

from portal.guide import views  # noqa: E402,F401
