"""Public pages. No sign-in; nothing here is about any one family."""

from flask import render_template

from portal.guide import bp


@bp.get("/")
def start():
    return render_template("guide/start.html")
