"""Choosing a language: the choice on every page, its order of precedence, that it
survives signing in and out and is stored on the invitation, that switching never loses
what was typed, and that staff pages stay English. The test app offers test-only pseudo
catalogs for Polish and Arabic (tests/pseudo.py) until the real ones are compiled."""

from sqlalchemy import select

from portal.models import Answer, Invitation
from tests.conftest import check_page, csrf_token
from tests.functional.parent_helpers import in_db, make_parents, sign_in

CODES = ("pl", "ar")


def _html(client, url, **kw):
    response = client.get(url, **kw)
    assert response.status_code == 200, (url, response.status_code)
    return check_page(response.get_data(as_text=True))


def _lang(soup):
    return soup.html["lang"], soup.html["dir"]


def test_html_lang_and_dir_follow_the_language(client):
    assert _lang(_html(client, "/")) == ("en-GB", "ltr")
    assert _lang(_html(client, "/?lang=pl")) == ("pl", "ltr")
    assert _lang(_html(client, "/?lang=ar")) == ("ar", "rtl")
    # The words change too (real Arabic once it lands; the pseudo words until then).
    leave = _html(client, "/?lang=ar").select_one(".leave-button").get_text()
    assert leave != "Leave this site" and leave.strip()


def _offered(app):
    from portal import i18n

    with app.app_context():
        return set(i18n.offered_codes())


def test_every_language_is_offered_in_its_own_script(app, client):
    soup = _html(client, "/contacts?lang=pl")
    choice = soup.select_one("details.languages")
    assert choice is not None
    links = {a["hreflang"]: a for a in choice.select("a[hreflang]")}
    # Every offered language but the page's own, which is not a link.
    assert {"pl", "ar"} <= _offered(app)
    from portal.i18n import BY_CODE

    assert set(links) == {BY_CODE[code].tag for code in _offered(app) - {"pl"}}
    assert links["ar"].get_text() == "العربية" and links["ar"]["lang"] == "ar"
    assert links["en-GB"].get_text() == "English"
    # The same page in the other language, never anywhere else.
    assert links["ar"]["href"] == "/contacts?lang=ar"
    current = choice.select_one("[aria-current]")
    assert current.get_text() == "Polski" and current["lang"] == "pl"


def test_switching_keeps_the_query_and_never_leaves_the_site(client):
    soup = _html(client, "/?x=1&lang=pl")
    hrefs = [a["href"] for a in soup.select("details.languages a")]
    assert "/?x=1&lang=ar" in hrefs
    for bad in ("https://evil.example", "//evil.example", "xx", "en_GB"):
        soup = _html(client, "/?lang=" + bad)
        assert all(a["href"].startswith("/") and not a["href"].startswith("//")
                   for a in soup.select("details.languages a"))


def test_order_explicit_then_saved_then_accept_language(client):
    assert _lang(_html(client, "/", headers={"Accept-Language": "ar,en;q=0.5"}))[0] == "ar"
    assert _lang(_html(client, "/?lang=pl", headers={"Accept-Language": "ar"}))[0] == "pl"
    # Saved: no ?lang= now, and the browser still prefers Arabic.
    assert _lang(_html(client, "/contacts", headers={"Accept-Language": "ar"}))[0] == "pl"
    # Unknown or unoffered: ignored, the saved choice stays.
    assert _lang(_html(client, "/?lang=xx"))[0] == "pl"


def _invitation(app, invitation_id):
    return in_db(app, lambda db: db.get(Invitation, invitation_id).preferred_language)


def test_the_invitations_language_once_signed_in(app, client):
    ((invitation_id, token, code),) = make_parents(app)
    in_db(app, lambda db: setattr(db.get(Invitation, invitation_id), "preferred_language", "ar"))
    sign_in(client, token, code)
    assert _lang(_html(client, "/tasks")) == ("ar", "rtl")
    # Explicit beats the invitation, and becomes the parent's language for messages.
    assert _lang(_html(client, "/tasks?lang=pl"))[0] == "pl"
    assert _invitation(app, invitation_id) == "pl"


def test_a_choice_made_before_signing_in_survives_sign_in_and_sign_out(app, client):
    ((invitation_id, token, code),) = make_parents(app)
    client.get(f"/i/{token}")
    assert _lang(_html(client, "/sign-in?lang=ar"))[0] == "ar"
    sign_in(client, token, code)
    assert _lang(_html(client, "/tasks"))[0] == "ar"
    assert _invitation(app, invitation_id) == "ar"
    page = client.get("/tasks").get_data(as_text=True)
    response = client.post("/sign-out", data={"csrf_token": csrf_token(page)},
                           follow_redirects=True)
    assert _lang(check_page(response.get_data(as_text=True)))[0] == "ar"


def test_switching_on_a_form_keeps_what_was_typed_and_saves_nothing(app, client):
    ((invitation_id, token, code),) = make_parents(app)
    sign_in(client, token, code)
    soup = _html(client, "/views/strengths")
    buttons = soup.select('details.languages button[name="switch_language"]')
    assert {b["value"] for b in buttons} == _offered(app) - {"en"}
    assert all(b["form"] == "page-form" for b in buttons)
    assert soup.select_one("form#page-form") is not None
    words = "Kochamy nasze dzieci.\nسطر ثانٍ"
    response = client.post("/views/strengths", data={
        "csrf_token": csrf_token(str(soup)), "strengths.family": words,
        "switch_language": "ar",
    })
    assert response.status_code == 200
    after = check_page(response.get_data(as_text=True))
    assert _lang(after) == ("ar", "rtl")
    assert after.select_one('textarea[name="strengths.family"]').get_text() == words
    assert not after.select(".error-summary")
    saved = in_db(app, lambda db: db.scalars(
        select(Answer).where(Answer.invitation_id == invitation_id)).all())
    assert saved == []


def test_staff_pages_stay_english(client):
    _html(client, "/?lang=ar")
    soup = _html(client, "/staff/sign-in")
    assert _lang(soup) == ("en-GB", "ltr")
    assert soup.select_one("details.languages") is None


def test_the_access_code_reads_left_to_right_in_every_language(app, client):
    """The code is digits: in a right-to-left page its box still runs left to right, so
    "1234 5678" is typed and shown in the order printed on the letter."""
    ((_id, token, _code),) = make_parents(app)
    client.get(f"/i/{token}")
    for lang in ("fa", "ar", "en"):
        box = _html(client, f"/sign-in?lang={lang}").select_one("input#secret")
        assert box["dir"] == "ltr", lang
