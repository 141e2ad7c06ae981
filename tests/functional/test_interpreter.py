"""The interpreter's pages: only while assigned; English renderings saved one by one,
shown to staff and in print, marked out of date when the parent changes their words;
bad input refused with a clear message and nothing lost; every view audited; a
parent's pages side by side in their language and in English."""

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import event, select

from portal.models import AuditEvent, ConferenceInterpreter, Invitation, Rendering, SupportRequest
from portal.models.requests import RequestKind
from portal.models.staff import Role
from tests.conftest import check_page, csrf_token, make_staff
from tests.functional.parent_helpers import in_db, post_form, sign_in
from tests.functional.report_helpers import make_family, staff_sign_in

RISKS = "Nie zgadzam się. W nocy jest cicho.\n  Dziękuję. <script>alert(1)</script>"
STRENGTHS = "Kocham moje dzieci."


def _send(app, family, risks=RISKS, strengths=STRENGTHS, index=0):
    parent = app.test_client()
    _id, token, code = family.parents[index]
    sign_in(parent, token, code)
    for slug, key, text in (("risks", "risks.report", risks),
                            ("strengths", "strengths.family", strengths)):
        assert post_form(parent, f"/views/{slug}", {key: text}).status_code == 302
    assert post_form(parent, "/send", {}).status_code == 302
    return parent


@pytest.fixture
def family(app):
    family = make_family(app, names=("Dana Whitfield", "Tesfay Gebremedhin"))

    def people(db):
        ivan = make_staff(db, Role.INTERPRETER, name="Ivan Tolmacz")
        ola = make_staff(db, Role.INTERPRETER, name="Ola Other")
        db.add(ConferenceInterpreter(conference_id=family.conference_id, staff_id=ivan.id))
        db.get(Invitation, family.parents[0][0]).preferred_language = "pl"
        return ivan.email, ola.email, ivan.id

    family.interpreter, family.other, family.interpreter_id = in_db(app, people)
    _send(app, family)
    return family


def _base(family, index=0):
    return (f"/interpreter/conferences/{family.conference_id}"
            f"/parents/{family.parents[index][0]}")


def _english_url(family, key, index=0):
    return f"{_base(family, index)}/english/{key}"


def _interpreter(app, family, email=None):
    client = app.test_client()
    staff_sign_in(client, email or family.interpreter)
    return client


def _save(client, family, key, text, **extra):
    html = client.get(_english_url(family, key)).get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    data = {
        "csrf_token": csrf_token(html),
        "version": soup.find("input", attrs={"name": "version"})["value"],
        "revision": soup.find("input", attrs={"name": "revision"})["value"],
        "english": text,
        **extra,
    }
    return client.post(_english_url(family, key), data=data)


def _own_words(html):
    return [" ".join(div.get_text().split()) for div in
            BeautifulSoup(html, "html.parser").select(".own-words")]


# ---- who may use the pages ---------------------------------------------------------------


def _every_interpreter_url(family, index=0):
    conference = f"/interpreter/conferences/{family.conference_id}"
    return [conference, _base(family, index), f"{_base(family, index)}/pages",
            f"{_base(family, index)}/pages/check", _english_url(family, "answers:risks.report",
                                                                 index)]


def test_assigned_interpreter_opens_every_page(app, family):
    client = _interpreter(app, family)
    for url in _every_interpreter_url(family):
        response = client.get(url)
        assert response.status_code == 200, url
        check_page(response.get_data(as_text=True))
    conference = client.get(f"/staff/conferences/{family.conference_id}").get_data(as_text=True)
    assert f'href="/interpreter/conferences/{family.conference_id}"' in conference


@pytest.mark.parametrize("who", ["other", "social_worker", "manager", "admin"])
def test_not_assigned_is_404_everywhere(app, family, who):
    if who == "other":
        email = family.other
    elif who == "social_worker":
        email = family.social_worker_email
    else:
        email = in_db(app, lambda db: make_staff(db, Role[who.upper()]).email)
    client = _interpreter(app, family, email)
    for url in _every_interpreter_url(family):
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert "Dana Whitfield" not in response.get_data(as_text=True)
    response = client.post(_english_url(family, "answers:risks.report"),
                           data={"english": "x", "version": "1", "revision": "0"})
    assert response.status_code in (400, 404)
    assert in_db(app, lambda db: db.scalar(select(Rendering))) is None


def test_signed_out_is_sent_to_sign_in_and_back(app, family):
    client = app.test_client()
    url = _base(family)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in?next=/interpreter/")


def test_removed_interpreter_loses_access_at_once_in_the_same_session(app, family):
    client = _interpreter(app, family)
    assert client.get(_base(family)).status_code == 200
    worker = app.test_client()
    staff_sign_in(worker, family.social_worker_email)
    conference = f"/staff/conferences/{family.conference_id}"
    token = csrf_token(worker.get(conference).get_data(as_text=True))
    removed = worker.post(f"{conference}/interpreters/{family.interpreter_id}/remove",
                          data={"csrf_token": token})
    assert removed.status_code == 302
    for url in _every_interpreter_url(family):
        assert client.get(url).status_code == 404, url
    # Given access again, the same session works again: access follows the assignment.
    token = csrf_token(worker.get(conference).get_data(as_text=True))
    worker.post(f"{conference}/interpreters",
                data={"csrf_token": token, "interpreter_id": str(family.interpreter_id)})
    assert client.get(_base(family)).status_code == 200


def test_another_conferences_parent_or_an_unknown_answer_is_404(app, family):
    other = make_family(app, names=("Chloe Barnes",))
    _send(app, other)
    client = _interpreter(app, family)
    conference = family.conference_id
    stranger = other.parents[0][0]
    for url in (f"/interpreter/conferences/{conference}/parents/{stranger}",
                f"/interpreter/conferences/{conference}/parents/{stranger}/pages/check",
                f"/interpreter/conferences/{conference}/parents/{stranger}"
                "/english/answers:risks.report",
                _english_url(family, "answers:no.such.question"),
                f"{_base(family)}/pages/no-such-page",
                f"/interpreter/conferences/{other.conference_id}"):
        assert client.get(url).status_code == 404, url
    # Tesfay has sent nothing: no answer of his to render.
    assert client.get(_english_url(family, "answers:risks.report", index=1)).status_code == 404


# ---- writing the English ------------------------------------------------------------------


def test_words_exactly_as_written_and_english_saved_one_by_one(app, family):
    client = _interpreter(app, family)
    html = client.get(_base(family)).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Nie zgadzam się. W nocy jest cicho.\n  Dziękuję." in html  # white space kept
    assert "0 up to date, 0 out of date, 2 not written yet" in html

    response = _save(client, family, "answers:risks.report",
                     "I do not agree. It is quiet at night.")
    # Continue saves, then goes to the next answer without English.
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/english/answers:strengths.family")
    response = _save(client, family, "answers:strengths.family", "I love my children.")
    assert response.status_code == 302 and response.headers["Location"].endswith(_base(family))

    html = client.get(_base(family)).get_data(as_text=True)
    assert "2 up to date, 0 out of date, 0 not written yet" in html
    assert "I love my children." in html and "English by Ivan Tolmacz" in html
    saved = in_db(app, lambda db: {r.row_key: r.text for r in db.scalars(select(Rendering))})
    assert saved == {"answers:risks.report": "I do not agree. It is quiet at night.",
                     "answers:strengths.family": "I love my children."}


def test_staff_and_print_show_the_words_and_the_english_with_who_and_when(app, family):
    interpreter = _interpreter(app, family)
    _save(interpreter, family, "answers:risks.report", "I do not agree.")
    staff = app.test_client()
    staff_sign_in(staff, family.social_worker_email)
    base = f"/staff/conferences/{family.conference_id}/family/{family.parents[0][0]}"
    for url in (base, f"{base}/print"):
        html = staff.get(url).get_data(as_text=True)
        check_page(html)
        words = _own_words(html)
        assert "Nie zgadzam się. W nocy jest cicho. Dziękuję. <script>alert(1)</script>" in words
        assert "I do not agree." in words
        assert re.search(r"English by Ivan Tolmacz, \d", html), url
        assert "No English yet" in html  # strengths has none


def test_a_new_version_marks_changed_answers_out_of_date_and_keeps_unchanged_ones(app, family):
    interpreter = _interpreter(app, family)
    _save(interpreter, family, "answers:risks.report", "I do not agree.")
    _save(interpreter, family, "answers:strengths.family", "I love my children.")
    _send(app, family, risks=RISKS + " Zmiana.")  # strengths unchanged

    html = interpreter.get(_base(family)).get_data(as_text=True)
    assert "1 up to date, 1 out of date, 0 not written yet" in html
    assert "Written for version 1; these words have not changed since." in html
    assert "This English was written by Ivan Tolmacz for version 1" in html

    staff = app.test_client()
    staff_sign_in(staff, family.social_worker_email)
    base = f"/staff/conferences/{family.conference_id}/family/{family.parents[0][0]}"
    for url in (base, f"{base}/print"):
        html = staff.get(url).get_data(as_text=True)
        assert "Out of date" in html and "I do not agree." in html, url
    # Version 1 on its own still shows its English as it was: up to date.
    old = staff.get(f"{base}/versions/1").get_data(as_text=True)
    assert "Out of date" not in old and "I do not agree." in old

    # The out-of-date answer opens with the old English to start from, and is saved
    # against version 2.
    page = interpreter.get(_english_url(family, "answers:risks.report")).get_data(as_text=True)
    assert ">I do not agree.</textarea>" in page
    assert _save(interpreter, family, "answers:risks.report", "I do not agree. A change.")\
        .status_code == 302
    html = interpreter.get(_base(family)).get_data(as_text=True)
    assert "2 up to date, 0 out of date, 0 not written yet" in html


# ---- bad input --------------------------------------------------------------------------


def _error(html):
    soup = check_page(html)
    assert soup.title.get_text().startswith("Error:")
    return " ".join(soup.select_one(".error-summary").get_text().split())


def test_too_long_or_empty_says_so_and_keeps_what_was_typed(app, family):
    client = _interpreter(app, family)
    long_text = "słowo " * 2000
    response = _save(client, family, "answers:risks.report", long_text)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "English rendering must be 10,000 characters or fewer. You have written 11,999." \
        in _error(html)
    assert long_text.strip() in html
    response = _save(client, family, "answers:risks.report", "   ")
    assert "Enter the English rendering of what the parent wrote" in _error(
        response.get_data(as_text=True))
    assert in_db(app, lambda db: db.scalar(select(Rendering))) is None


def test_script_is_kept_as_typed_and_shown_as_text(app, family):
    client = _interpreter(app, family)
    assert _save(client, family, "answers:risks.report", "<script>alert(2)</script> Fine.")\
        .status_code == 302
    staff = app.test_client()
    staff_sign_in(staff, family.social_worker_email)
    html = staff.get(f"/staff/conferences/{family.conference_id}/family/{family.parents[0][0]}")\
        .get_data(as_text=True)
    assert "&lt;script&gt;alert(2)&lt;/script&gt; Fine." in html and "<script>alert(2)" not in html


def test_a_form_opened_before_a_new_version_is_not_saved_and_nothing_is_lost(app, family):
    client = _interpreter(app, family)
    html = client.get(_english_url(family, "answers:risks.report")).get_data(as_text=True)
    _send(app, family, risks="Nowe słowa.")
    response = client.post(_english_url(family, "answers:risks.report"), data={
        "csrf_token": csrf_token(html), "version": "1", "revision": "0",
        "english": "My careful English"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Dana Whitfield sent a new version while this page was open" in _error(html)
    assert ">My careful English</textarea>" in html and "Nowe słowa." in html
    assert in_db(app, lambda db: db.scalar(select(Rendering))) is None
    # Sent again from that page, it is saved against the new version.
    soup = BeautifulSoup(html, "html.parser")
    response = client.post(_english_url(family, "answers:risks.report"), data={
        "csrf_token": csrf_token(html), "english": "My careful English",
        "version": soup.find("input", attrs={"name": "version"})["value"],
        "revision": soup.find("input", attrs={"name": "revision"})["value"]})
    assert response.status_code == 302


def test_someone_elses_save_meanwhile_is_kept_and_shown(app, family):
    ivan = _interpreter(app, family)
    html = ivan.get(_english_url(family, "answers:risks.report")).get_data(as_text=True)
    # A second interpreter, assigned too, saves first.
    in_db(app, lambda db: db.add(ConferenceInterpreter(
        conference_id=family.conference_id, staff_id=_id_of(db, family.other))))
    ola = _interpreter(app, family, family.other)
    assert _save(ola, family, "answers:risks.report", "Ola's English").status_code == 302

    response = ivan.post(_english_url(family, "answers:risks.report"), data={
        "csrf_token": csrf_token(html), "version": "1", "revision": "0",
        "english": "Ivan's English"})
    html = response.get_data(as_text=True)
    assert "Someone else saved English for this answer while this page was open" in _error(html)
    assert ">Ivan&#39;s English</textarea>" in html and "Ola&#39;s English" in html
    assert in_db(app, lambda db: db.scalar(select(Rendering.text))) == "Ola's English"


def _id_of(db, email):
    from portal.models import StaffUser

    return db.scalar(select(StaffUser.id).where(StaffUser.email == email))


def test_a_replayed_form_saves_once(app, family):
    client = _interpreter(app, family)
    html = client.get(_english_url(family, "answers:risks.report")).get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "version": "1", "revision": "0",
            "english": "Same English"}
    assert client.post(_english_url(family, "answers:risks.report"), data=data).status_code == 302
    assert client.post(_english_url(family, "answers:risks.report"), data=data).status_code == 302
    rows = in_db(app, lambda db: [(r.text, r.revision) for r in db.scalars(select(Rendering))])
    assert rows == [("Same English", 1)]


def test_a_stale_token_shows_the_page_again_with_what_was_typed(app, family):
    client = _interpreter(app, family)
    client.get(_english_url(family, "answers:risks.report"))
    response = client.post(_english_url(family, "answers:risks.report"), data={
        "csrf_token": "stale", "version": "1", "revision": "0", "english": "Typed English"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This page was not saved yet, because it was open too long." in _error(html)
    assert ">Typed English</textarea>" in html
    assert in_db(app, lambda db: db.scalar(select(Rendering))) is None


def test_forged_numbers_save_nothing(app, family):
    client = _interpreter(app, family)
    html = client.get(_english_url(family, "answers:risks.report")).get_data(as_text=True)
    for version, revision in (("x", "0"), ("99", "0"), ("1", "7")):
        response = client.post(_english_url(family, "answers:risks.report"), data={
            "csrf_token": csrf_token(html), "version": version, "revision": revision,
            "english": "Forged"})
        assert response.status_code == 200, (version, revision)
        html = response.get_data(as_text=True)
        assert "This page was out of date, so your English was not saved." in _error(html)
        assert ">Forged</textarea>" in html
    assert in_db(app, lambda db: db.scalar(select(Rendering))) is None


# ---- the record of who read the parent's views ------------------------------------------------


def test_every_interpreter_view_is_recorded_and_the_parent_sees_it(app, family):
    client = _interpreter(app, family)
    client.get(_base(family))
    client.get(f"{_base(family)}/pages/views-risks")
    _save(client, family, "answers:risks.report", "I do not agree.")
    actions = in_db(app, lambda db: [(e.action, e.role, e.invitation_id) for e in
                                     db.scalars(select(AuditEvent).order_by(AuditEvent.id))])
    dana = family.parents[0][0]
    assert ("viewed_views", "interpreter", dana) in actions
    assert ("viewed_side_by_side", "interpreter", dana) in actions
    assert ("rendered_views", "interpreter", dana) in actions

    parent = app.test_client()
    _id, token, code = family.parents[0]
    sign_in(parent, token, code)
    html = parent.get("/readers").get_data(as_text=True)
    check_page(html)
    # Dana reads the page in her language.
    assert "Ivan Tolmacz" in html and _in(app, "pl", "Interpreter") in html
    for words in ("Wrote what you said in English",
                  "Looked at your pages in your language and in English"):
        assert _in(app, "pl", words) != words
        assert _in(app, "pl", words) in html


# ---- side by side -----------------------------------------------------------------------------


def test_side_by_side_shows_the_parents_page_twice_read_only(app, family):
    client = _interpreter(app, family)
    listing = client.get(f"{_base(family)}/pages").get_data(as_text=True)
    check_page(listing)
    names = re.findall(r'/pages/([a-z0-9_-]+)"', listing)
    assert names == ["sign-in", "sign-in-passphrase", "tasks", "about", "report",
                     *[f"report-{section}" for section in family.section_ids],
                     "report-general", "views-risks", "views-strengths", "views-support",
                     "views-next-steps", "views-anything-else", "requests",
                     *[f"ask-{kind.value}" for kind in RequestKind], "check", "send", "sent",
                     "sent-list", "readers", "passphrase"]

    for name in names:
        html = client.get(f"{_base(family)}/pages/{name}").get_data(as_text=True)
        soup = check_page(html)  # one <h1>, unique ids although the page is there twice
        columns = soup.select("fieldset.page-copy[disabled] > div[lang][dir]")
        assert len(columns) == 2, name
        for column in columns:
            for control in column.select("input, textarea, button, select"):
                assert control.find_parent("fieldset", disabled=True) is not None
    html = client.get(f"{_base(family)}/pages/views-risks").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    theirs, english = soup.select("fieldset.page-copy > div[lang]")
    # What Dana saved is in both columns, exactly as written, in the boxes she typed in.
    for column in (theirs, english):
        box = column.select_one("textarea")
        assert box.get_text().strip("\n") == RISKS
        assert column.select_one("label")["for"] == box["id"]
    assert english["lang"] == "en-GB" and english["dir"] == "ltr"
    assert "Risks and concerns" in english.get_text()


def _in(app, code, text):
    """`text` as the page in language `code` says it (from its catalog)."""
    from flask_babel import force_locale, gettext

    from portal import i18n

    with app.test_request_context(), force_locale(i18n.babel_locale(code)):
        return gettext(text)


def _columns(html):
    return BeautifulSoup(html, "html.parser").select("fieldset.page-copy > div[lang]")


def _offered(app, code):
    from portal import i18n

    with app.app_context():
        return i18n.is_offered(code)


def test_side_by_side_left_column_is_in_the_parents_language(app, family):
    """Dana prefers Polish: her column is the page as she sees it in Polish, the other in
    English."""
    assert _offered(app, "pl")
    client = _interpreter(app, family)
    html = client.get(f"{_base(family)}/pages/check").get_data(as_text=True)
    theirs, english = _columns(html)
    assert (theirs["lang"], theirs["dir"]) == ("pl", "ltr")
    polish = _in(app, "pl", "Check your answers")
    assert polish != "Check your answers"
    assert polish in theirs.get_text() and polish not in english.get_text()
    assert "Check your answers" in english.get_text()
    assert "The portal does not have its pages" not in html
    # Dana's own words are never translated: the same in both columns.
    for column in (theirs, english):
        assert "Nie zgadzam się. W nocy jest cicho." in column.get_text()


def test_side_by_side_right_to_left_language_sets_dir(app, family):
    """An Arabic-speaking parent's column runs right to left, from Babel's own data."""
    assert _offered(app, "ar")
    in_db(app, lambda db: setattr(db.get(Invitation, family.parents[0][0]),
                                  "preferred_language", "ar"))
    client = _interpreter(app, family)
    html = client.get(f"{_base(family)}/pages/views-risks").get_data(as_text=True)
    theirs, english = _columns(html)
    assert (theirs["lang"], theirs["dir"]) == ("ar", "rtl")
    assert (english["lang"], english["dir"]) == ("en-GB", "ltr")


def test_side_by_side_language_the_portal_does_not_have_yet(app, family):
    assert not _offered(app, "ln")  # Lingala: a family's language, no pages in it
    in_db(app, lambda db: setattr(db.get(Invitation, family.parents[0][0]),
                                  "preferred_language", "ln"))
    client = _interpreter(app, family)
    html = client.get(f"{_base(family)}/pages/check").get_data(as_text=True)
    theirs, english = _columns(html)
    assert theirs["lang"] == english["lang"] == "en-GB"
    assert "The portal does not have its pages in Dana Whitfield's language yet" in html


# ---- side by side: the sign-in, requests, send and sent pages ----------------------------------

PASSPHRASE = "green kettle Sunday"


@pytest.fixture
def asking(app, family):
    """Dana reads Persian (right to left), has a passphrase, has sent twice, and has one
    request sent and one saved to send later."""
    in_db(app, lambda db: setattr(db.get(Invitation, family.parents[0][0]),
                                  "preferred_language", "fa"))
    parent = _send(app, family, risks=RISKS + " Zmiana.")
    assert post_form(parent, "/passphrase",
                     {"passphrase": PASSPHRASE, "confirm": PASSPHRASE}).status_code == 302
    assert post_form(parent, "/what-you-need/ask/interpreter",
                     {"language": "Polski", "translate_documents": "no",
                      "action": "send"}).status_code == 302
    assert post_form(parent, "/what-you-need/ask/childcare",
                     {"children": "2", "ages": "3 and 6", "action": "save"}).status_code == 302
    family.asked = in_db(app, lambda db: {r.kind: r.id for r in db.scalars(
        select(SupportRequest).where(SupportRequest.invitation_id == family.parents[0][0]))})
    return family


def _more_pages(family):
    """The pages beyond the task list, About, the report, the views, Check, the latest
    sent version and Who has read your views; each with whether it shows a form."""
    interpreter = family.asked[RequestKind.INTERPRETER]
    childcare = family.asked[RequestKind.CHILDCARE]
    return {
        "sign-in": True,
        "sign-in-passphrase": True,
        "requests": True,  # "I have asked for what I need"
        f"request-{interpreter}": False,  # sent: only a link to withdraw it
        f"request-{interpreter}-withdraw": True,
        f"request-{childcare}": True,  # saved: "Send this request now"
        f"request-{childcare}-change": True,
        f"request-{childcare}-withdraw": True,
        **{f"ask-{kind.value}": True for kind in RequestKind if kind not in family.asked},
        "send": True,
        "sent-list": False,
        "sent-1": False,
        "passphrase": True,
    }


def _heading(column):
    """The parent's page's own <h1> (two levels down in its column)."""
    return " ".join(column.select_one("h3").get_text().split())


def test_side_by_side_lists_every_parent_page_in_the_order_they_meet_them(app, asking):
    client = _interpreter(app, asking)
    listing = client.get(f"{_base(asking)}/pages").get_data(as_text=True)
    names = re.findall(r'/pages/([a-z0-9_-]+)"', listing)
    more = list(_more_pages(asking))
    assert names[:2] == more[:2] and names[2] == "tasks"
    interpreter = asking.asked[RequestKind.INTERPRETER]
    childcare = asking.asked[RequestKind.CHILDCARE]
    start = names.index("requests")
    assert names[start:names.index("check")] == [
        "requests", f"request-{interpreter}", f"request-{interpreter}-withdraw",
        f"request-{childcare}", f"request-{childcare}-change", f"request-{childcare}-withdraw",
        *[f"ask-{kind.value}" for kind in RequestKind if kind not in asking.asked]]
    assert names[names.index("check"):] == ["check", "send", "sent", "sent-list", "sent-1",
                                            "readers", "passphrase"]
    assert set(more) <= set(names)


def test_every_other_parent_page_opens_side_by_side_read_only(app, asking):
    assert _offered(app, "fa")
    client = _interpreter(app, asking)
    for name, has_form in _more_pages(asking).items():
        response = client.get(f"{_base(asking)}/pages/{name}")
        assert response.status_code == 200, name
        soup = check_page(response.get_data(as_text=True))
        columns = soup.select("fieldset.page-copy[disabled] > div[lang][dir]")
        assert len(columns) == 2, name
        theirs, english = columns
        assert (theirs["lang"], theirs["dir"]) == ("fa", "rtl"), name
        assert (english["lang"], english["dir"]) == ("en-GB", "ltr"), name
        # The same page: in Persian on the parent's side, in English on the other.
        assert _heading(theirs) == _in(app, "fa", _heading(english)) != _heading(english), name
        # No form can act for Dana: the page's forms are there (once in each column),
        # and every control in them is disabled.
        outside = [form["action"] for form in soup.select("form")
                   if form.find_parent("fieldset", class_="page-copy") is None]
        assert outside == ["/staff/sign-out"], name
        copies = soup.select("fieldset.page-copy form")
        assert len(copies) == (2 if has_form else 0), name
        for form in copies:
            controls = form.select("input, textarea, button, select")
            assert controls, name
            for control in controls:
                assert control.find_parent("fieldset", disabled=True) is not None, (name, control)
    # What Dana saved is shown, exactly as saved, in both columns.
    childcare = asking.asked[RequestKind.CHILDCARE]
    html = client.get(f"{_base(asking)}/pages/request-{childcare}-change").get_data(as_text=True)
    for column in _columns(html):
        assert column.select_one("input[name=ages]")["value"] == "3 and 6"
    html = client.get(f"{_base(asking)}/pages/sign-in-passphrase").get_data(as_text=True)
    assert all(column.select_one("input[name=secret]")["type"] == "password"
               for column in _columns(html))
    html = client.get(f"{_base(asking)}/pages/sign-in").get_data(as_text=True)
    assert all(column.select_one("input[name=secret]")["inputmode"] == "numeric"
               for column in _columns(html))


def test_every_other_parent_page_is_refused_to_an_unassigned_or_removed_interpreter(app, asking):
    urls = [f"{_base(asking)}/pages/{name}" for name in _more_pages(asking)]
    other = _interpreter(app, asking, asking.other)
    for url in urls:
        response = other.get(url)
        assert response.status_code == 404, url
        assert "Dana Whitfield" not in response.get_data(as_text=True)
    ivan = _interpreter(app, asking)
    for url in urls:
        assert ivan.get(url).status_code == 200, url
    # Dana's requests are not pages of the other parent's.
    for request_id in asking.asked.values():
        assert ivan.get(f"{_base(asking, 1)}/pages/request-{request_id}").status_code == 404
    worker = app.test_client()
    staff_sign_in(worker, asking.social_worker_email)
    conference = f"/staff/conferences/{asking.conference_id}"
    token = csrf_token(worker.get(conference).get_data(as_text=True))
    assert worker.post(f"{conference}/interpreters/{asking.interpreter_id}/remove",
                       data={"csrf_token": token}).status_code == 302
    for url in urls:
        assert ivan.get(url).status_code == 404, url


# ---- a fixed number of queries ----------------------------------------------------------------


def _queries(app, client, url):
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_query_counts_do_not_grow_with_versions_renderings_or_parents(app, family):
    client = _interpreter(app, family)
    urls = [f"/interpreter/conferences/{family.conference_id}", _base(family),
            _english_url(family, "answers:risks.report"), f"{_base(family)}/pages/check"]
    before = [_queries(app, client, url) for url in urls]
    for n in range(3):
        _save(client, family, "answers:risks.report", f"English {n}")
        _save(client, family, "answers:strengths.family", f"More English {n}")
        _send(app, family, risks=f"{RISKS} {n}")
        _send(app, family, index=1, risks=f"Tesfay {n}")
    after = [_queries(app, client, url) for url in urls]
    assert after == before, dict(zip(urls, zip(before, after, strict=True), strict=True))
    # Side by side renders the page twice (each language computes its own rows).
    assert max(after) <= 20, after
