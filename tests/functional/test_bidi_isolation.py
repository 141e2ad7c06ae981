"""Unicode bidi controls in free text are shown isolated in <bdi>, so they cannot
reorder the words around them (issue 13, defect 10)."""

import re

import pytest
from bs4 import BeautifulSoup, NavigableString

from portal.sanitize import isolate, plain_line, sentence
from portal.staff.review import word_diff
from tests.functional.parent_helpers import in_db, post_form, sign_in
from tests.functional.report_helpers import make_family, staff_sign_in

CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
RLO, LRE, RLI, PDI = "\u202e", "\u202a", "\u2067", "\u2069"
EVIL = f"pay {RLO}£500 to{PDI} {RLI}us"  # an override, a stray pop, an unclosed isolate


def unisolated(html: str) -> list[str]:
    """Every piece of shown text carrying a bidi control that is not inside <bdi>.
    (A form box's own value is its own paragraph, and is what the person typed.)"""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for text in soup.find_all(string=CONTROLS):
        if not isinstance(text, NavigableString):
            continue
        if text.find_parent(["bdi", "textarea", "script"]) is None:
            found.append(f"<{text.parent.name}> {text!r}")
    if soup.title and CONTROLS.search(soup.title.get_text()):
        found.append("<title> carries a bidi control")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name != "value" and CONTROLS.search(str(value)):
                found.append(f"<{tag.name} {name}> {value!r}")
    return found


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                     "\u2066", "\u2067", "\u2068", "\u2069"])
def test_isolate_wraps_every_control_and_escapes(control):
    assert isolate(f"a{control}<b>") == f"<bdi>a{control}&lt;b&gt;</bdi>"
    assert isolate("plain <b>") == "plain &lt;b&gt;"
    assert plain_line(f"a{control}<b>") == "a&lt;b&gt;"
    assert str(sentence("Hello %(name)s, bye", name=f"x{control}")) == (
        f"Hello <bdi>x{control}</bdi>, bye"
    )
    assert f"<bdi> x{control}</bdi>" in word_diff("same", f"same x{control}")


def test_free_text_is_isolated_on_every_page_that_shows_it(app, client):
    family = make_family(app, names=(f"Dana {RLO}Whitfield", "Tesfay Gebremedhin"))
    _id, token, code = family.parents[0]
    parent = app.test_client()
    sign_in(parent, token, code)
    assert post_form(parent, "/views/risks", {"risks.report": EVIL}).status_code == 302
    response = post_form(
        parent, f"/report/{family.section_ids[1]}", {"agreement": "disagree", "comment": EVIL}
    )
    assert response.status_code == 302
    assert post_form(parent, "/send", {}).status_code == 302

    def heading_with_a_control(db):
        from portal.models import ReportSection

        section = db.get(ReportSection, family.section_ids[1])
        section.heading = f"Health {RLO}and school"
        section.body = f"[fact] {EVIL}\n\n- {EVIL}"

    in_db(app, heading_with_a_control)

    parent_pages = ["/check", "/sent", f"/report/{family.section_ids[1]}", "/report", "/tasks"]
    for url in parent_pages:
        html = parent.get(url).get_data(as_text=True)
        assert not unisolated(html), (url, unisolated(html))
    assert "<bdi>" in parent.get("/check").get_data(as_text=True)

    staff_sign_in(client, family.social_worker_email)
    base = f"/staff/conferences/{family.conference_id}"
    dana = family.parents[0][0]
    staff_pages = [base, f"{base}/family", f"{base}/family/{dana}", f"{base}/family/{dana}/print"]
    for url in staff_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert not unisolated(html), (url, unisolated(html))
        assert "<bdi>" in html, url


def test_a_form_box_shows_back_exactly_what_was_typed(app, client):
    """A box's own value is the person's words as typed, bidi controls and all, never a
    <bdi> tag; a control character HTML cannot carry (NUL) is left out of the echo, and
    the page says what was wrong."""
    family = make_family(app, names=("Dana Whitfield",))
    _id, token, code = family.parents[0]
    parent = app.test_client()
    sign_in(parent, token, code)
    assert post_form(parent, "/views/risks", {"risks.report": EVIL}).status_code == 302
    box = BeautifulSoup(parent.get("/views/risks").get_data(as_text=True),
                        "html.parser").select_one("textarea")
    assert box.get_text() == EVIL

    html = client.get("/staff/sign-in").get_data(as_text=True)
    from tests.conftest import csrf_token

    typed = f"a{RLO}b\x00c@example.org"
    response = client.post("/staff/sign-in", data={
        "csrf_token": csrf_token(html), "email": typed, "password": "x"})
    page = response.get_data(as_text=True)
    assert "\x00" not in page
    assert "hidden control characters" in page
    email = BeautifulSoup(page, "html.parser").select_one("input#email")
    assert email["value"] == f"a{RLO}bc@example.org"
