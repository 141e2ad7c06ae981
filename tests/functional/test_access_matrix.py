"""Every route x every kind of person: allowed exactly as tests/access.py says.

Generated from `app.url_map`: a route with no entry in ACCESS fails. For each person
(signed in through the real sign-in pages) every route is asked for with each of its
methods (a POST with a valid form token and nothing else); those the entry allows
must get the page, everyone else must be refused, nobody gets a 5xx, and no page
shown to someone outside a family's audience carries that family's words.
"""

import re
from urllib.parse import urlsplit

import pytest

from portal import answers, conferences, questions, reports, requests_data, sending, staff_accounts
from portal.db import session
from portal.models.requests import RequestKind
from portal.models.staff import Role
from tests import access
from tests.conftest import csrf_token, make_conference, make_invitation, make_staff
from tests.functional.parent_helpers import sign_in as parent_sign_in
from tests.functional.test_staff_auth import sign_in as staff_sign_in

PLACE_A = "Room A, 9 Secret Street"
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


def _make_world(app) -> dict:
    """Conference A (allocated social worker, interpreters assigned and removed, two
    parents who have both sent their views, requests, a shared report) and conference
    B with its own social worker and parent. Returns ids and sign-in details."""
    with app.test_request_context():
        db = session()
        people = {
            access.SOCIAL_WORKER: make_staff(db, Role.SOCIAL_WORKER, name="Sam Allocated"),
            access.OTHER_SOCIAL_WORKER: make_staff(db, Role.SOCIAL_WORKER, name="Sam Other"),
            access.MANAGER: make_staff(db, Role.MANAGER, name="Mo Manager"),
            access.INTERPRETER: make_staff(db, Role.INTERPRETER, name="Ivan Assigned"),
            access.UNASSIGNED_INTERPRETER: make_staff(db, Role.INTERPRETER, name="Una Never"),
            access.REMOVED_INTERPRETER: make_staff(db, Role.INTERPRETER, name="Rhea Removed"),
            access.ADMIN: make_staff(db, Role.ADMIN, name="Ada Admin"),
        }
        spare_interpreter = make_staff(db, Role.INTERPRETER, name="Sid Spare")
        spare_staff = make_staff(db, Role.SOCIAL_WORKER, name="Stella Spare")
        a = make_conference(db, social_worker=people[access.SOCIAL_WORKER], place=PLACE_A)
        b = make_conference(
            db, social_worker=people[access.OTHER_SOCIAL_WORKER], place="Room B, Other Street"
        )
        spare_child = conferences.add_child(a, "Bo", 4)
        for who in (access.INTERPRETER, access.REMOVED_INTERPRETER):
            conferences.assign_interpreter(a, people[who])
        conferences.assign_interpreter(a, spare_interpreter)
        conferences.unassign_interpreter(a, people[access.REMOVED_INTERPRETER].id)

        report = reports.get_or_create_report(a)
        section = report.sections[0]
        reports.save_section(report, section, section.heading, "The family's situation.")
        spare_section = reports.add_section(report, "A spare section", "To be removed.")
        reports.share(report, people[access.SOCIAL_WORKER])
        # B's parent has a report too, so its pages are theirs to see (A's sections are not).
        report_b = reports.get_or_create_report(b)
        reports.save_section(report_b, report_b.sections[0], "B", "Conference B's report.")
        reports.share(report_b, people[access.OTHER_SOCIAL_WORKER])

        logins = {}
        sent = {}
        first = questions.PAGES[0].questions[0].key
        for who, conference, name, words in (
            (access.PARENT, a, "Dana Whitfield", access.MARKERS["parent_words"]),
            (access.CO_PARENT, a, "Lee Whitfield", access.MARKERS["co_parent_words"]),
            (access.OTHER_PARENT, b, "Chloe Barnes", "Parent B's own words"),
        ):
            invitation, token, code = make_invitation(db, conference, name=name)
            answers.save_answers(invitation, {first: words})
            answers.mark_page_saved(invitation, f"views.{questions.PAGES[0].slug}")
            sent[who], _new = sending.send(invitation)
            logins[who] = (token, code)
            if who == access.PARENT:
                invitation_a = invitation
        draft = requests_data.save(invitation_a, RequestKind.OTHER, {"notes": "A quiet room"})
        request_a = requests_data.save(
            invitation_a, RequestKind.CHILDCARE, {"children": "Amani, 7"}
        )
        requests_data.send_now(request_a)
        spare_invitation, _t, _c = make_invitation(db, a, name="Kim Spare")
        reset_token = staff_accounts.start_reset(spare_staff)
        db.commit()
        for who, user in people.items():
            logins[who] = user.email
        ids = {
            "conference_a": a.id,
            "invitation_a": invitation_a.id,
            "child_a": a.children[0].id,
            "spare_child": spare_child.id,
            "spare_interpreter": spare_interpreter.id,
            "spare_staff": spare_staff.id,
            "section_a": section.id,
            "spare_section": spare_section.id,
            "request_a": request_a.id,
            "draft_request_a": draft.id,
            "reference_a": sent[access.PARENT].reference,
            "link_token_a": logins[access.PARENT][0],
            "spare_invitation": spare_invitation.id,
            "reset_token": reset_token,
        }
        return {"ids": ids, "logins": logins}


def _url(url_rule, entry: access.Access, ids: dict) -> str:
    path = url_rule.rule
    for argument in url_rule.arguments:
        value = entry.args.get(argument, access.DEFAULT_ARGS.get(argument))
        assert value is not None, f"no value for <{argument}> of {url_rule.endpoint}"
        value = ids.get(value, value) if isinstance(value, str) else value
        path = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{argument}>", str(value), path)
    return path


def _requests(app, ids):
    """(endpoint, method, url, entry) for every route, session-ending ones last."""
    found = []
    for url_rule in app.url_map.iter_rules():
        entry = access.ACCESS[url_rule.endpoint]
        for method in sorted(url_rule.methods - {"HEAD", "OPTIONS"}):
            found.append((url_rule.endpoint, method, _url(url_rule, entry, ids), entry))
    found.sort(key=lambda r: (r[3].ends_session, r[1] != "GET", r[0], r[1]))
    return found


def _signed_in(app, world, actor):
    """A client signed in as `actor`, and a valid form token for its session."""
    client = app.test_client()
    login = world["logins"].get(actor)
    if actor in access.PARENTS:
        parent_sign_in(client, *login)
        page = "/tasks"
    elif actor != access.ANONYMOUS:
        response = staff_sign_in(client, login)
        assert response.status_code == 302, f"{actor} could not sign in"
        page = "/staff/account"
    else:
        page = "/staff/sign-in"
    return client, csrf_token(client.get(page).get_data(as_text=True))


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
    world = _make_world(app)
    ids = world["ids"]
    client, token = _signed_in(app, world, actor)
    markers = {**access.MARKERS, "place_a": PLACE_A}
    wrong = []
    for endpoint, method, url, entry in _requests(app, ids):
        if entry.ends_session:
            client, token = _signed_in(app, world, actor)
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
