"""Every route has an access rule, and nobody sees a conference they may not see.

Walks the URL map, so a new page without a rule fails here before it ships. Who may
use each route, for every kind of person, is the access matrix (tests/access.py,
tests/functional/test_access_matrix.py); these are the cases it does not reach.
"""

import re

import pytest

from portal import create_app
from portal.access import rule_for
from portal.db import session
from portal.models import ConferenceInterpreter
from portal.models.staff import Role
from tests.conftest import check_page, csrf_token, make_conference, make_invitation, make_staff
from tests.functional.test_staff_auth import sign_in

OPEN_PREFIXES = ("guide.", "parent.")


def staff_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")]


def test_every_route_has_an_access_rule(app):
    missing = []
    with app.test_request_context():
        for url_rule in app.url_map.iter_rules():
            if url_rule.endpoint == "static" or url_rule.endpoint.startswith(OPEN_PREFIXES):
                continue
            if rule_for(url_rule.endpoint) is None:
                missing.append(f"{url_rule.rule} ({url_rule.endpoint})")
    assert not missing, "routes without an access rule: " + ", ".join(missing)


def test_a_staff_route_without_a_rule_is_refused(app, world):
    """Closed by default: the before_request refuses an endpoint nobody marked."""
    fresh = create_app(dict(app.config))
    fresh.add_url_rule(
        "/staff/unmarked-for-test", endpoint="staff.unmarked", view_func=lambda: "never seen"
    )
    try:
        client = fresh.test_client()
        sign_in(client, world["manager"])
        response = client.get("/staff/unmarked-for-test")
        assert response.status_code == 404
        assert "never seen" not in response.get_data(as_text=True)
    finally:
        fresh.extensions["db_engine"].dispose()


def _url(url_rule, conference_id, ids):
    values = {}
    for argument in url_rule.arguments:
        values[argument] = conference_id if argument == "conference_id" else ids.get(argument, 1)
    path = url_rule.rule
    for name, value in values.items():
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), path)
    return path


def _conference_urls(app, conference_id, ids):
    return [
        (url_rule, _url(url_rule, conference_id, ids))
        for url_rule in staff_rules(app)
        if "conference_id" in url_rule.arguments
    ]


@pytest.fixture
def world(app):
    """Two conferences: A (allocated to sw_a, interpreter assigned) and B (sw_b).

    Made in its own app context, closed before the test's requests, so every
    request loads its user afresh (as in production)."""
    with app.test_request_context():
        db = session()
        sw_a = make_staff(db, Role.SOCIAL_WORKER, name="Sam A")
        sw_b = make_staff(db, Role.SOCIAL_WORKER, name="Sam B")
        interpreter = make_staff(db, Role.INTERPRETER, name="Ivan Interpreter")
        other_interpreter = make_staff(db, Role.INTERPRETER, name="Ola Interpreter")
        manager = make_staff(db, Role.MANAGER, name="Mo Manager")
        admin = make_staff(db, Role.ADMIN, name="Ada Admin")
        a = make_conference(db, social_worker=sw_a, place="Room A, Secret Street")
        b = make_conference(db, social_worker=sw_b, place="Room B, Other Street")
        db.add(ConferenceInterpreter(conference_id=a.id, staff_id=interpreter.id))
        db.flush()
        inv_a, _t, _c = make_invitation(db, a, name="Dana Whitfield")
        inv_b, _t, _c = make_invitation(db, b, name="Chloe Barnes")
        db.commit()
        return {
            "sw_a": sw_a.email,
            "sw_b": sw_b.email,
            "interpreter": interpreter.email,
            "other_interpreter": other_interpreter.email,
            "manager": manager.email,
            "admin": admin.email,
            "a": a.id,
            "b": b.id,
            "place_a": a.place,
            "interpreter_id": interpreter.id,
            "ids_a": {
                "invitation_id": inv_a.id,
                "child_id": a.children[0].id,
                "staff_id": interpreter.id,
            },
            "ids_b": {
                "invitation_id": inv_b.id,
                "child_id": b.children[0].id,
                "staff_id": interpreter.id,
            },
        }


def test_unknown_conference_is_404_even_for_a_manager(app, client, world):
    sign_in(client, world["manager"])
    for _rule, url in _conference_urls(app, 999999, world["ids_a"]):
        assert client.get(url).status_code in (404, 405)


def test_someone_elses_invitation_or_child_through_my_conference_is_404(client, world):
    sign_in(client, world["sw_a"])
    a, ids_b = world["a"], world["ids_b"]
    assert (
        client.get(
            f"/staff/conferences/{a}/invitations/{ids_b['invitation_id']}/letter"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/staff/conferences/{a}/invitations/{ids_b['invitation_id']}/reissue"
        ).status_code
        == 404
    )
    token = csrf_token(client.get(f"/staff/conferences/{a}").get_data(as_text=True))
    response = client.post(
        f"/staff/conferences/{a}/children/{ids_b['child_id']}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 404


def test_interpreter_sees_only_while_assigned(app, client, world):
    sign_in(client, world["interpreter"])
    a = world["a"]
    page = client.get(f"/staff/conferences/{a}")
    assert page.status_code == 200
    check_page(page.get_data(as_text=True))
    # Interpreters read; they do not change the conference or see the letter.
    assert client.get(f"/staff/conferences/{a}/edit").status_code == 404
    assert client.get(f"/staff/conferences/{a}/invite").status_code == 404
    with app.test_request_context():
        session().query(ConferenceInterpreter).delete()
        session().commit()
    assert client.get(f"/staff/conferences/{a}").status_code == 404


def test_who_sees_what_on_the_dashboard(client, world):
    expectations = {
        "sw_a": ({"a"}, {"b"}),
        "sw_b": ({"b"}, {"a"}),
        "manager": ({"a", "b"}, set()),
        "interpreter": ({"a"}, {"b"}),
    }
    for who, (seen, unseen) in expectations.items():
        fresh = client.application.test_client()
        sign_in(fresh, world[who])
        body = fresh.get("/staff/").get_data(as_text=True)
        for name in seen:
            assert f'/staff/conferences/{world[name]}"' in body, (who, name)
        for name in unseen:
            assert f'/staff/conferences/{world[name]}"' not in body, (who, name)


def test_administrator_sees_no_family_content(client, world):
    sign_in(client, world["admin"])
    response = client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/accounts")
    page = client.get("/staff/accounts").get_data(as_text=True)
    check_page(page)
    assert world["place_a"] not in page
    assert client.get(f"/staff/conferences/{world['a']}").status_code == 404
    assert client.get("/staff/conferences/new").status_code == 404


def test_ids_out_of_range_are_404_not_500(client, world):
    sign_in(client, world["manager"])
    for url in [
        "/staff/conferences/99999999999999999999",
        "/staff/conferences/2147483648/edit",
        f"/staff/conferences/{world['a']}/invitations/99999999999999999999/letter",
        "/staff/conferences/0",
    ]:
        assert client.get(url).status_code == 404, url
