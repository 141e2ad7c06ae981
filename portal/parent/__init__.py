"""The parent's or carer's pages: sign-in, task list, views, check and send."""

from flask import Blueprint

bp = Blueprint("parent", __name__)
