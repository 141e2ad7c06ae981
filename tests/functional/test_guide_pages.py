"""Every guide page for each of the five councils: it renders, passes the page checks,
shows that council's own facts, and reads easily."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import check_page
from tests.functional.guide_helpers import (
    ALL_URLS,
    GUIDE_URLS,
    council_fixture,
    flesch_reading_ease,
)

_council = council_fixture()

# What only that council's guide says: (page, text) pairs. Each comes from its profile,
# which names the leaflet and its words (see portal/profiles/*.toml).
DISTINCTIVE = {
    "westminster": [
        ("/guide/after", "The minutes should reach you within 15 working days of the meeting"),
        # The plan comes with the minutes, not a day after the conference.
        ("/guide/after", "The plan should be sent to you within 15 working days of the meeting"),
        ("/guide/after", "After that, it meets at least once every 6 weeks."),
        ("/guide/who-will-be-there", "Someone from the Child Abuse Investigation Team (CAIT)"),
        ("/guide/who-will-be-there", "Adult services"),
        ("/guide/the-chair", "020 7641 7668"),
        ("/guide/on-the-day", "Danger or harm"),
        ("/contacts", "If you need a social worker when the office is closed, call: 020 7641 6000"),
        ("/contacts", "London SW1E 6QP"),
    ],
    "southwark": [
        ("/guide/on-the-day", "Arrive 30 minutes before the start"),
        ("/guide/the-chair", "Please arrive 30 minutes early"),
        ("/guide/confidentiality", "recorded on audio, but only if you agree"),
        ("/guide/who-will-be-there", "A police officer."),
        ("/guide/before", "Peckham one stop shop, Peckham Library, SE15"),
        ("/guide/before", "in hospital or in custody"),
        ("/guide/after", "After that, it meets at least once every 6 weeks."),
        ("/contacts", "To make a complaint, call: 020 7525 3977"),
        ("/contacts", "For questions about conferences, call: 020 7525 3722"),
    ],
    "county-cyps": [
        ("/guide/who-will-be-there", "Police Child Abuse Investigation Unit (CAIU)"),
        ("/guide/who-will-be-there", "invited to every first conference"),
        ("/guide/who-will-be-there", "Children over 12 are usually invited"),
        ("/guide/who-will-be-there", "A lawyer from the council"),
        ("/complaints/decision", "Do this within 28 days of getting the minutes."),
        ("/contacts", "0808 800 4005"),
        ("/contacts", "(open day and night)"),
        ("/contacts", "A county council"),
    ],
    "west-berkshire": [
        ("/guide/after", "within 20 working days of the meeting"),
        ("/guide/after", "The chair sends out the plan within 24 hours of the meeting."),
        ("/guide/before", "at least 48 hours before a first conference"),
        ("/guide/before", "at least 5 working days before"),
        ("/guide/who-will-be-there", "Children aged 10 and over are usually invited"),
        ("/guide/who-will-be-there", "in writing at least 1 week before"),
        ("/contacts", "For questions about conferences, call: 01635 503153"),
        ("/contacts", "01635 519787"),
        ("/contacts", "ccsc@westberks.gov.uk"),
    ],
    "bexley": [
        ("/guide/after", "within 15 working days of the meeting"),
        # "two days" and "five days": days, not working days.
        ("/guide/before", "You should get the reports at least 2 days before a first conference."),
        ("/guide/before", "you should get them at least 5 days before."),
        ("/guide/who-will-be-there", "An education welfare officer"),
        ("/guide/the-chair", "020 3045 3260"),
    ],
}

# Facts a council does NOT give: the page says to ask instead (the first text) and shows
# no value for it (none of the other texts).
NOT_GIVEN = {
    "westminster": [
        ("/guide/before", "Ask your social worker when you will get the reports", ["working day"]),
        (
            "/complaints/decision",
            "Ask your social worker how long you have to complain",
            ["28 days"],
        ),
        (
            "/guide/who-will-be-there",
            "Ask your social worker if your child should come",
            ["aged 12"],
        ),
        ("/guide/confidentiality", "ask the chair", ["not recorded", "recorded on audio"]),
        ("/contacts", "Ask your social worker how to make a complaint", []),
    ],
    "southwark": [
        (
            "/guide/after",
            "Ask your social worker when you will get the minutes",
            ["15 working days"],
        ),
        (
            "/guide/after",
            "Ask your social worker when you will get a copy of the plan",
            ["1 working day"],
        ),
        (
            "/contacts",
            "Ask your social worker for the number to call when the office is closed",
            ["020 7525 3722 This is"],
        ),
        ("/contacts", "Ask your social worker how to reach the chair", []),
        ("/complaints/decision", "Ask your social worker how to complain about this", ["28 days"]),
    ],
    "county-cyps": [
        (
            "/guide/after",
            "Ask your social worker when you will get the minutes",
            ["working days of the meeting"],
        ),
        ("/guide/after", "Ask your social worker how often it will meet after that", ["6 weeks"]),
        ("/guide/before", "Ask your social worker when you will get the reports", ["working day"]),
        ("/contacts", "Ask your social worker how to reach the chair", []),
        ("/guide/confidentiality", "ask the chair", ["not recorded"]),
    ],
    "west-berkshire": [
        (
            "/contacts",
            "Ask your social worker for the number to call when the office is closed",
            ["01635 503153 This is"],
        ),
        (
            "/complaints/decision",
            "Ask your social worker how long you have to complain",
            ["28 days"],
        ),
        ("/guide/after", "Ask your social worker how often it will meet after that", ["6 weeks"]),
    ],
    "bexley": [
        (
            "/contacts",
            "Ask your social worker for the number to call when the office is closed",
            ["020 3045 3260 This is"],
        ),
        ("/contacts", "Ask your social worker how to make a complaint", []),
        (
            "/guide/after",
            "Ask your social worker when you will get a copy of the plan",
            ["1 working day"],
        ),
        ("/complaints/decision", "Ask your social worker how to complain about this", ["28 days"]),
        (
            "/guide/who-will-be-there",
            "Ask your social worker if your child should come",
            ["aged 12"],
        ),
    ],
}

# Facts that must NOT appear for a council (its differences come from its profile).
ABSENT = {
    "westminster": [
        ("/guide/on-the-day", "30 minutes"),
        ("/guide/after", "20 working days"),
        ("/guide/after", "1 working day"),
        ("/guide/after", "This is the rule for every council in England"),
    ],
    "southwark": [
        ("/guide/confidentiality", "not recorded on audio"),
        ("/guide/on-the-day", "Danger or harm"),
    ],
    "county-cyps": [("/guide/who-will-be-there", "CAIT")],
    "west-berkshire": [
        ("/guide/after", "15 working days"),
        ("/guide/who-will-be-there", "over 12"),
        ("/guide/before", "48 working days"),
    ],
    "bexley": [
        ("/guide/after", "20 working days"),
        ("/guide/before", "one stop shop"),
        ("/guide/before", "2 working days"),
        ("/guide/before", "Working days are Monday to Friday"),
    ],
}


def _text(html):
    return " ".join(BeautifulSoup(html, "html.parser").main.get_text(" ").split())


def test_every_page_renders_for_the_council(council):
    slug, client = council
    for url in ALL_URLS:
        response = client.get(url)
        assert response.status_code == 200, f"{slug} {url}"
        soup = check_page(response.get_data(as_text=True))
        # Public pages: no sign-in, cacheable only after revalidating.
        assert response.headers["Cache-Control"] == "no-cache", url
        assert soup.find("a", href="/guide"), f"{url} has no link to the guide"


def test_every_guide_page_links_to_every_other(council):
    _, client = council
    for url in GUIDE_URLS:
        soup = check_page(client.get(url).get_data(as_text=True))
        nav = soup.find("nav", id="guide-contents")
        assert {a["href"] for a in nav.find_all("a")} >= set(GUIDE_URLS)
        assert nav.find("a", attrs={"aria-current": "page"})["href"] == url


def test_the_councils_own_facts_appear(council):
    slug, client = council
    for url, fact in DISTINCTIVE[slug]:
        assert fact in _text(client.get(url).get_data(as_text=True)), f"{slug} {url}: {fact!r}"
    for url, fact in ABSENT[slug]:
        assert fact not in _text(client.get(url).get_data(as_text=True)), f"{slug} {url}: {fact!r}"


def test_what_the_council_does_not_give_the_page_says_to_ask(council):
    slug, client = council
    for url, ask, values in NOT_GIVEN[slug]:
        text = _text(client.get(url).get_data(as_text=True))
        assert ask in text, f"{slug} {url}: {ask!r}"
        for value in values:
            assert value not in text, f"{slug} {url}: shows {value!r}"


def test_what_a_conference_cannot_decide(client):
    text = _text(client.get("/guide/what-is-a-conference").get_data(as_text=True))
    assert "It cannot take your child into care." in text
    assert "It cannot decide where your child lives." in text
    assert "Only a court can decide those things. In an emergency, the police" in text
    for term in (
        "Significant harm means",
        "A child protection plan is",
        "A child in need plan is",
        "Core group",
        "Review conference",
        "Chair",
        "Minutes",
    ):
        assert term in text


def test_on_the_day_has_the_five_whiteboard_headings_and_who_decides(client):
    text = _text(client.get("/guide/on-the-day").get_data(as_text=True))
    for heading in (
        "Danger or harm",
        "Things that make it harder",
        "Grey areas",
        "Strengths",
        "Safety",
    ):
        assert heading in text
    assert "The chair listens to everyone, and then decides." in text
    assert "agenda" in text


def test_unknown_guide_page_is_a_404(client):
    response = client.get("/guide/no-such-page")
    assert response.status_code == 404
    check_page(response.get_data(as_text=True))


def test_footer_links_the_guide_from_every_page(client):
    soup = check_page(client.get("/").get_data(as_text=True))
    footer = {a["href"] for a in soup.find("footer").find_all("a")}
    assert {"/guide", "/contacts", "/complaints", "/accessibility", "/privacy"} <= footer


def _sentences(html):
    """The main content as a reader meets it: each heading, paragraph, list item and
    definition is its own sentence (a bullet without a full stop still ends)."""
    main = BeautifulSoup(html, "html.parser").main
    parts = []
    for block in main.find_all(["h1", "h2", "h3", "p", "li", "dt", "dd", "legend", "label"]):
        if block.find(["p", "li", "ul", "ol"]):
            continue  # a container: its own blocks are counted
        text = " ".join(block.get_text(" ").split())
        if text:
            parts.append(text if text[-1] in ".?!:" else text + ".")
    return " ".join(parts)


@pytest.mark.parametrize("url", ALL_URLS)
def test_english_guide_pages_read_easily(council, url):
    slug, client = council
    score = flesch_reading_ease(_sentences(client.get(url).get_data(as_text=True)))
    assert score >= 60, f"{slug} {url}: Flesch reading ease {score:.0f} (needs 60, aim for 70)"


def test_statements_have_what_the_regulations_ask_for(client):
    text = _text(client.get("/accessibility").get_data(as_text=True))
    for part in (
        "Compliance status",
        "partially compliant",
        "What is not accessible",
        "Other ways to get this information",
        "Reporting a problem",
        "Enforcement procedure",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "(No. 2) Accessibility Regulations 2018",
        "No manual audit or testing with disabled people has been done yet",
        "This statement was prepared on 24 November 2026",
    ):
        assert part in text, part
    text = _text(client.get("/privacy").get_data(as_text=True))
    for part in (
        "What we keep",
        "Why we keep it",
        "lawful basis",
        "Article 6(1)(e)",
        "Who sees it",
        "How long we keep it",
        "Your rights",
        "Information Commissioner's Office",
        "0303 123 1113",
        "Westminster City Council is the data controller",
        # The council's retention periods, not "ask the council".
        "every version you sent 12 months after the conference",
        "removed after 90 days",
        "removed 90 days after they were sent",
    ):
        assert part in text, part
    assert "Ask the council for the period" not in text
