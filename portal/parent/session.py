"""Who is signed in as a parent, and what happens when a session or form has gone stale."""

from flask import render_template


def stale_form_response():
    return render_template("errors/stale_form.html"), 400
