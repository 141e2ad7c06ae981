"""`make run`'s demo shows the whole flow on both sides: one parent has read the report,
commented on two sections, sent their views twice and had an interpreter arranged; the
other has not started; staff see what the family sent, its versions and the print view."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import check_page
from tests.functional.parent_helpers import sign_in as parent_sign_in
from tests.functional.test_staff_auth import sign_in as staff_sign_in


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["portal", "demo", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").main.get_text(" ").split())


def _parent(app, demo, name):
    invitation = next(i for i in demo["invitations"] if i["name"] == name)
    client = app.test_client()
    parent_sign_in(
        client, invitation["link"].removeprefix("/i/"), invitation["code"].replace(" ", "")
    )
    return client


def _tags(html: str, prefix: str) -> list[str]:
    """The status tags on a page, by class (Tesfay reads his pages in Tigrinya)."""
    soup = check_page(html)
    return [
        cls.removeprefix(prefix)
        for tag in soup.select("strong.tag")
        for cls in tag["class"]
        if cls.startswith(prefix)
    ]


def test_one_parent_has_done_everything_the_other_has_not_started(app, demo):
    tesfay = _parent(app, demo, "Tesfay Gebremedhin")
    tasks = _tags(tesfay.get("/tasks").get_data(as_text=True), "tag-")
    assert tasks and "not_started" not in tasks, tasks
    sent = _text(tesfay.get("/sent").get_data(as_text=True))
    assert len(re.findall(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", sent)) == 2  # two versions
    requests = _tags(tesfay.get("/what-you-need").get_data(as_text=True), "tag-request-")
    assert requests == ["arranged"]

    dana = _parent(app, demo, "Dana Whitfield")
    tasks = _tags(dana.get("/tasks").get_data(as_text=True), "tag-")
    assert tasks and set(tasks) <= {"not_started", "cannot_start"}, tasks


def test_staff_see_what_the_family_sent_its_versions_and_the_print_view(app, demo):
    worker = next(u for u in demo["staff"] if u["email"] == "sam.okafor@example.org")
    client = app.test_client()
    assert staff_sign_in(client, worker["email"], worker["password"]).status_code == 302
    dashboard = client.get("/staff/").get_data(as_text=True)
    conference = re.search(r"/staff/conferences/(\d+)", dashboard).group(1)
    family = check_page(
        client.get(f"/staff/conferences/{conference}/family").get_data(as_text=True)
    )
    text = _text(family.decode())
    # Dana has sent nothing; Tesfay two versions.
    assert "Tesfay Gebremedhin 29" in text or "Tesfay Gebremedhin" in text
    assert "2 versions" in text
    link = family.find("a", string=re.compile("Read Tesfay Gebremedhin's views"))
    assert link is not None, text
    views = _text(check_page(client.get(link["href"]).get_data(as_text=True)).decode())
    # His words, his comments on two sections, the arranged interpreter, both versions.
    assert "We need help with money so the kitchen is never empty." in views
    assert "There is shouting sometimes, but not every night." in views
    assert "I help Leo with his homework every week." in views
    assert "Tigrinya" in views, views
    assert "Please can the meeting start after 10am?" in views
    versions = client.get(f"{link['href']}/versions/1")
    assert versions.status_code == 200
    assert "Please can the meeting start after 10am?" not in _text(versions.get_data(as_text=True))
    printed = client.get(f"{link['href']}/print")
    assert printed.status_code == 200
    assert "We need help with money so the kitchen is never empty." in printed.get_data(
        as_text=True
    )
