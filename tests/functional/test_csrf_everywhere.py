"""Every POST route, from the URL map, refuses a form without a valid token.

Each is posted by someone the access matrix allows (so only the token stands in the
way), once without a token and once with a forged one: the answer is a page in plain
words (status 400, one <h1>, no stack trace), and nothing in the database changes.
"""

import pytest
from sqlalchemy import select

from portal.models import Base
from tests import access
from tests.conftest import check_page

# POST routes that do their work without a valid token, each with the reason.
TOKEN_NOT_NEEDED = {
    "parent.sign_out": "signing out protects the parent, so it is done whatever the token says",
    "staff.sign_out": "signing out protects the member of staff; done whatever the token says",
}

# Who posts each route: the first of these the matrix allows.
POSTERS = (
    access.PARENT,
    access.SOCIAL_WORKER,
    access.MANAGER,
    access.INTERPRETER,
    access.ADMIN,
    access.ANONYMOUS,
)


def _poster(endpoint: str) -> str:
    entry = access.ACCESS[endpoint]
    return next((who for who in POSTERS if entry.allows(who, "POST")), access.ANONYMOUS)


def _everything(app) -> dict:
    with app.app_context(), app.extensions["db_engine"].connect() as conn:
        return {
            table.name: sorted(map(repr, conn.execute(select(table)).all()))
            for table in Base.metadata.sorted_tables
        }


def _post_routes(app, ids):
    return [r for r in access.requests(app, ids) if r[1] == "POST"]


def test_there_are_post_routes_to_check(app):
    assert len(_post_routes(app, {k: 1 for k in access.DEFAULT_ARGS})) >= 30


@pytest.mark.parametrize("token", ["missing", "forged"])
def test_every_post_without_a_valid_token_is_refused(app, token):
    world = access.make_world(app)
    clients = {}
    problems = []
    for endpoint, _method, url, entry in _post_routes(app, world["ids"]):
        if endpoint in TOKEN_NOT_NEEDED:
            continue
        who = _poster(endpoint)
        if who not in clients or entry.ends_session:
            clients[who] = access.signed_in(app, world, who)[0]
        before = _everything(app)
        data = {} if token == "missing" else {"csrf_token": "IjAwMDAi.forged.token"}
        response = clients[who].post(url, data=data)
        body = response.get_data(as_text=True)
        where = f"POST {url} ({endpoint}) as {who}, token {token}: {response.status_code}"
        if response.status_code != 400:
            problems.append(f"{where}: expected 400")
            continue
        try:
            check_page(body)
        except AssertionError as error:
            problems.append(f"{where}: not a proper page: {error}")
        if "Traceback" in body or "CSRF" in body:
            problems.append(f"{where}: technical words on the page")
        if _everything(app) != before:
            problems.append(f"{where}: the database changed")
    assert not problems, "\n".join(problems)
