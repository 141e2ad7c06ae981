"""The invitation letter and the messages to a parent are in the parent's preferred
language: Tigrinya (Ethiopic script) here. Until the real Tigrinya catalog compiles, the
app in this module offers a test-only pseudo catalog for it (tests/pseudo.py)."""

import pytest
from sqlalchemy import select

from portal import create_app, i18n
from portal.catalogs import TRANSLATIONS
from portal.db import session
from portal.models import OutboxMessage
from portal.models.staff import Role
from tests.conftest import check_page
from tests.functional.test_staff_auth import new_staff, sign_in
from tests.functional.test_staff_conferences import create, post
from tests.pseudo import pseudo, write_pseudo_catalogs


@pytest.fixture(scope="module")
def app(database_url, tmp_path_factory):
    real = {language.code for language in i18n.available([TRANSLATIONS])}
    folder = tmp_path_factory.mktemp("pseudo-ti")
    if "ti" not in real:
        write_pseudo_catalogs(folder, ["ti"])
    app = create_app({
        "DATABASE_URL": database_url,
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "ARGON2_PROFILE": "cheapest",
        "SERVER_NAME": None,
        "PORTAL_TRANSLATIONS": f"{TRANSLATIONS};{folder}",
    })
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def _tigrinya(english: str, app) -> str:
    """The words a Tigrinya reader gets for `english`: the real catalog's, or the pseudo."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("ti"):
        return gettext(english)


def test_letter_and_message_in_tigrinya(app, client):
    worker = new_staff(app, Role.SOCIAL_WORKER, name="Sam Worker")
    sign_in(client, worker["email"])
    conference_id = create(client, worker)
    response = post(client, f"/staff/conferences/{conference_id}/invite", {
        "name": "Selam Tesfay", "preferred_language": "ti", "email": "selam@example.org",
    })
    assert response.status_code == 302
    soup = check_page(client.get(response.headers["Location"]).get_data(as_text=True))

    letter = soup.select_one("article.letter")
    assert letter["lang"] == "ti" and letter["dir"] == "ltr"
    text = " ".join(letter.get_text().split())
    how_to_start = _tigrinya("How to start", app)
    assert how_to_start != "How to start" and how_to_start in text
    assert "How to start" not in text
    # The staff page around it stays English.
    assert soup.html["lang"] == "en-GB"
    # The access code and link read left to right whatever the script.
    assert letter.select_one(".letter-code")["dir"] == "ltr"

    with app.app_context():
        message = session().scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == "selam@example.org")
        ).one()
        event, language, subject, body = message.event, message.language, message.subject, \
            message.body
    assert language == "ti"
    english, tigrinya = (_words(event, app, code) for code in ("en", "ti"))
    assert english != tigrinya
    assert subject == tigrinya[0] and tigrinya[1] in body
    assert english[0] not in body and english[1] not in body


def _words(event: str, app, code: str) -> tuple[str, str]:
    """The subject and first line notify writes for `event`, in one language."""
    from flask_babel import force_locale

    from portal import notify

    subject, lead = notify.PARENT_EVENTS[event]
    with app.test_request_context(), force_locale(i18n.babel_locale(code)):
        return str(subject), str(lead)


def test_pseudo_keeps_placeholders_and_tags():
    assert pseudo('Read <a href="/x">the %(name)s guide</a>') == (
        'Ŕéàđ <a href="/x">ţĥé %(name)s ĝúíđé</a>')
