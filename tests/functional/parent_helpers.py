"""Helpers for the parent tests: sign in through the real pages, post forms with their token."""

from tests.conftest import check_page, csrf_token


def sign_in(client, token, code):
    client.get(f"/i/{token}")
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)), "secret": code}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/tasks")
    return response


def post_form(client, url, data, follow=False):
    """GET the page, then POST `data` with its CSRF token."""
    page = client.get(url.split("?")[0])
    token = csrf_token(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=follow)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    html = response.get_data(as_text=True)
    check_page(html)
    return html


def make_parents(app, names=("Dana Whitfield",), **conference_kw):
    """One conference with an invitation per name: [(invitation_id, token, code)].

    Made in an app context of its own and closed again: the client's requests must not
    share the test's app context (Flask-WTF keeps each request's form token on g)."""
    from portal.db import session
    from tests.conftest import make_conference, make_invitation

    with app.app_context():
        db = session()
        conference = make_conference(db, **conference_kw)
        made = []
        for name in names:
            invitation, token, code = make_invitation(db, conference, name=name)
            made.append((invitation.id, token, code))
        db.close()
    return made


def in_db(app, fn):
    """Run fn(db) in a fresh app context, committing; returns its result."""
    from portal.db import session

    with app.app_context():
        db = session()
        try:
            result = fn(db)
            db.commit()
            return result
        finally:
            db.close()
