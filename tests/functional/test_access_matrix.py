"""Every route x every kind of person: allowed exactly as tests/access.py says.

Generated from `app.url_map`: a route with no entry in ACCESS fails. For each person
(signed in through the real sign-in pages) every route is asked for with each of its
methods (a POST with a valid form token and nothing else); those the entry allows
must get the page, everyone else must be refused, nobody gets a 5xx, and no page
shown to someone outside a family's audience carries that family's words.
"""

from urllib.parse import urlsplit

import pytest

from tests import access

SIGN_IN_PATHS = ("/staff/sign-in", "/sign-in", "/signed-out", "/staff/signed-out")
NOT_SAVED = "We could not save this"


def test_every_route_has_an_entry_in_the_access_matrix(app):
    missing = access.unlisted(app)
    assert not missing, "add these endpoints to ACCESS in tests/access.py: " + ", ".join(missing)


def test_a_new_route_without_an_entry_is_caught(app):
    """The check above bites: a route added to a copy of the app is reported."""
    from portal import create_app

    fresh = create_app(dict(app.config))
    fresh.add_url_rule("/staff/new-thing", endpoint="staff.new_thing", view_func=lambda: "")
    try:
        assert access.unlisted(fresh) == ["staff.new_thing"]
    finally:
        fresh.extensions["db_engine"].dispose()


def refused(response, entry: access.Access) -> bool:
    """Sent to sign in, shown "We could not save this", or not found."""
    if response.status_code == 404:
        return True
    if response.status_code in (301, 302, 303):
        path = urlsplit(response.headers["Location"]).path
        return path in SIGN_IN_PATHS and path != entry.lands
    if response.status_code == 400:
        return NOT_SAVED in response.get_data(as_text=True)
    return False


@pytest.mark.parametrize("actor", access.ACTORS)
def test_access_matrix(app, actor):
    world = access.make_world(app)
    ids = world["ids"]
    client, token = access.signed_in(app, world, actor)
    markers = {**access.MARKERS, "place_a": access.PLACE_A}
    wrong = []
    for endpoint, method, url, entry in access.requests(app, ids):
        if entry.ends_session:
            client, token = access.signed_in(app, world, actor)
        form = {"csrf_token": token}
        if method == "GET":
            response = client.get(url)
        else:
            response = client.open(url, method=method, data=form)
        allowed = entry.allows(actor, method)
        where = f"{method} {url} ({endpoint}) as {actor}: {response.status_code}"
        if response.status_code >= 500:
            wrong.append(f"{where}: server error")
        elif allowed and refused(response, entry):
            wrong.append(f"{where}: refused, but the matrix allows it")
        elif not allowed and not refused(response, entry):
            wrong.append(f"{where}: allowed, but the matrix refuses it")
        body = response.get_data(as_text=True)
        for name, text in markers.items():
            if actor not in access.AUDIENCE[name] and text in body:
                wrong.append(f"{where}: shows {name}")
    assert not wrong, "\n".join(wrong)
