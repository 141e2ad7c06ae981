"""Complaint routes: for each council, each route leads to its steps in order, the
right numbers and, for a signed-in parent whose minutes were sent, the deadline date."""

from datetime import date

from portal.profiles import COMPLAINT_ROUTES, load_profile
from tests.conftest import check_page, make_conference, make_invitation, make_staff
from tests.functional.guide_helpers import (
    council_app,
    council_fixture,
    sign_in_parent,
)

_council = council_fixture()

STEP_HEADINGS = {
    "talk_to_chair": "Talk to the chair",
    "write_to_chair": "Write to the chair",
    "meeting_with_chair": "A meeting with the chair",
    "child_protection_manager": "Ask for the child protection manager",
    "council_complaints": "Make a formal complaint to the council",
    "complaints_manager": "The complaints manager",
    "safeguarding_panel": "A panel looks at the decision",
    "agency_complaints": "Talk to the person, then their manager",
    "ask_for_records": "Ask for your records",
    "information_commissioner": "If you are unhappy with the answer",
}

# The numbers each council's route must show, by hand from the leaflets: only numbers a
# leaflet gives for that step (no general number standing in for a team).
EXPECTED_NUMBERS = {
    ("westminster", "decision"): ["020 7641 7668"],
    ("westminster", "minutes"): ["020 7641 7668"],
    ("westminster", "professional"): [],
    ("southwark", "chair_service"): ["020 7525 3722", "020 7525 3977"],
    ("southwark", "records"): ["020 7525 3977"],
    ("county-cyps", "decision"): [],
    ("west-berkshire", "process"): ["01635 519787"],
    ("bexley", "records"): [],
}

# The routes each council's leaflet describes; for the others the page says to ask.
DESCRIBED = {
    "westminster": {"decision", "process", "professional", "minutes", "records"},
    "southwark": {"chair_service", "records"},
    "county-cyps": {"decision", "process", "records"},
    "west-berkshire": {"decision", "process", "records"},
    "bexley": {"records"},
}


def _steps(soup):
    return [li.h2.get_text(strip=True) for li in soup.select("ol.complaint-steps > li")]


def _numbers(soup):
    return [a.get_text(strip=True) for a in soup.select("ol.complaint-steps .step-contact a.phone")]


def test_each_route_shows_the_councils_steps_in_order(council):
    slug, client = council
    profile = load_profile(slug)
    for about in COMPLAINT_ROUTES:
        response = client.get(f"/complaints/{about}")
        soup = check_page(response.get_data(as_text=True))
        expected = [STEP_HEADINGS[key] for key in profile.complaints.route(about)]
        assert _steps(soup) == expected, f"{slug} {about}"
        if (slug, about) in EXPECTED_NUMBERS:
            assert _numbers(soup) == EXPECTED_NUMBERS[(slug, about)], f"{slug} {about}"
        text = " ".join(soup.main.get_text(" ").split())
        assert bool(expected) == (about in DESCRIBED[slug]), f"{slug} {about}"
        if not expected:
            assert "Ask your social worker how to complain about this" in text, f"{slug} {about}"
        if about in ("decision", "process"):
            assert "stays in place while your complaint is looked at" in text
            assert "Only another conference can change the decision." in text
        if about == "records":
            assert "UK GDPR and the Data Protection Act 2018" in text
            assert "within one calendar month" in text
            assert "0303 123 1113" in text


def test_written_complaint_deadline_without_a_sign_in(council):
    slug, client = council
    for about in ("decision", "process", "minutes", "chair_service", "professional"):
        soup = check_page(client.get(f"/complaints/{about}").get_data(as_text=True))
        deadlines = [p.get_text(" ", strip=True) for p in soup.select(".deadline")]
        asks = [p.get_text(" ", strip=True) for p in soup.select(".deadline-ask")]
        text = soup.main.get_text(" ")
        if slug == "county-cyps":
            # Only seed 002 gives a time limit: write to the chair within 28 days.
            expected = ["Do this within 28 days of getting the minutes."]
            assert deadlines == (expected if about in ("decision", "process") else []), about
            assert not asks
        else:
            # No limit is given: the page says to ask, and shows no number of days.
            assert not deadlines, f"{slug} {about}"
            assert asks == ["Ask your social worker how long you have to complain."]
            assert "28" not in text and " days " not in text, f"{slug} {about}"


def test_county_sequence_matches_its_leaflet(database_url):
    client = council_app(database_url, "county-cyps").test_client()
    soup = check_page(client.get("/complaints/decision").get_data(as_text=True))
    assert _steps(soup) == [
        "Talk to the chair",
        "Write to the chair",
        "A meeting with the chair",
        "The complaints manager",
        "A panel looks at the decision",
    ]
    write = soup.select_one(".complaint-step-write_to_chair")
    assert "within 28 days of getting the minutes" in write.get_text()


def test_signed_in_parent_sees_the_deadline_as_a_date(ctx, database_url):
    conference = make_conference(
        ctx, starts_on=date(2026, 12, 22), minutes_sent_on=date(2027, 1, 15)
    )
    invitation, _, _ = make_invitation(ctx, conference)
    for slug in ("county-cyps", "westminster"):
        app = council_app(database_url, slug)
        client = app.test_client()
        sign_in_parent(client, invitation)
        response = client.get("/complaints/decision")
        soup = check_page(response.get_data(as_text=True))
        assert response.headers["Cache-Control"] == "no-store"
        app.extensions["db_engine"].dispose()
        if slug == "westminster":
            # No time limit in Westminster's leaflet: no date, however the minutes went.
            assert not soup.select(".deadline")
            assert soup.select_one(".deadline-ask")
            continue
        # 28 days after Fri 15 Jan 2027 is Fri 12 Feb 2027.
        assert "Your deadline: Friday 12 February 2027." in soup.select_one(".deadline").get_text(
            " "
        )


def test_a_deadline_on_a_weekend_is_shown_as_the_friday_before(ctx, database_url):
    # Minutes sent Thu 14 Jan 2027: 28 days later is Thu 11 Feb, a working day. Sent Sat
    # 16 Jan (recorded as such): 28 days later is Sat 13 Feb 2027, so Fri 12 Feb.
    conference = make_conference(
        ctx, starts_on=date(2026, 12, 22), minutes_sent_on=date(2027, 1, 16)
    )
    invitation, _, _ = make_invitation(ctx, conference)
    app = council_app(database_url, "county-cyps")
    client = app.test_client()
    sign_in_parent(client, invitation)
    soup = check_page(client.get("/complaints/process").get_data(as_text=True))
    app.extensions["db_engine"].dispose()
    deadline = soup.select_one(".deadline").get_text(" ")
    assert "Your deadline: Friday 12 February 2027." in deadline
    assert "or the working day before if that day is a weekend or bank holiday" in deadline


def test_signed_in_parent_without_minutes_sent_sees_the_rule(ctx, client, use_council):
    use_council("county-cyps")
    invitation, _, _ = make_invitation(ctx)
    sign_in_parent(client, invitation)
    soup = check_page(client.get("/complaints/process").get_data(as_text=True))
    assert "within 28 days of getting the minutes" in soup.select_one(".deadline").get_text()


def test_the_question_page_leads_to_each_route(client):
    soup = check_page(client.get("/complaints").get_data(as_text=True))
    form = soup.select_one("main form")
    assert form["method"] == "get" and form["action"] == "/complaints"
    values = [i["value"] for i in form.select("input[type=radio]")]
    assert values == list(COMPLAINT_ROUTES)
    assert soup.find("legend").get_text(strip=True) == "What are you unhappy about?"
    for about in COMPLAINT_ROUTES:
        response = client.get(f"/complaints?asked=1&about={about}")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/complaints/{about}"


def test_the_question_page_without_a_choice_or_with_a_bad_one(client):
    response = client.get("/complaints?asked=1")
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error:")
    assert "Select what you are unhappy about" in soup.select_one(".error-summary").get_text()
    assert soup.select_one(".error-summary a")["href"] == "#about-0"
    response = client.get("/complaints?asked=1&about=<script>alert(1)</script>")
    soup = check_page(response.get_data(as_text=True))
    assert "Select one of the things listed" in soup.select_one(".error-message").get_text()
    assert "<script>alert" not in response.get_data(as_text=True)


def test_unknown_route_is_a_404(client):
    assert client.get("/complaints/everything").status_code == 404


def test_contacts_for_a_signed_in_parent_show_their_social_worker(ctx, client):
    worker = make_staff(ctx, name="Priya Shah")
    worker.phone = "020 7946 0123"
    conference = make_conference(ctx, social_worker=worker)
    invitation, _, _ = make_invitation(ctx, conference)
    public = client.get("/contacts")
    assert "Priya Shah" not in public.get_data(as_text=True)
    assert public.headers["Cache-Control"] == "no-cache"
    sign_in_parent(client, invitation)
    response = client.get("/contacts")
    soup = check_page(response.get_data(as_text=True))
    text = soup.main.get_text(" ")
    assert "Your social worker is Priya Shah." in text
    assert soup.find("a", href="tel:02079460123")
    assert response.headers["Cache-Control"] == "no-store"
    # The parent keeps their own navigation and the timeout warning on guide pages.
    assert soup.find("dialog", id="timeout-warning")
    assert soup.find("a", href="/tasks")
    tips = client.get("/guide/tips")
    assert tips.headers["Cache-Control"] == "no-store"
    assert "Cookie" in tips.headers["Vary"]
    # Always there: out of hours, the chair's team, complaints and 999.
    for part in (
        "Evenings, weekends and bank holidays",
        "The conference chair",
        "Complaints",
        "999",
    ):
        assert part in text


def test_contacts_page_for_every_council(council):
    slug, client = council
    profile = load_profile(slug)
    soup = check_page(client.get("/contacts").get_data(as_text=True))
    numbers = {a.get_text(strip=True) for a in soup.select("main a.phone")}
    contacts = profile.contacts
    lines = [
        contacts.social_work,
        contacts.out_of_hours,
        contacts.chair_team,
        contacts.complaints,
        contacts.switchboard,
        contacts.quality_assurance,
    ]
    given = {line.number for line in lines if line}
    # Exactly the numbers the profile gives (each with its source), and 999.
    assert numbers == given | {"999"}, slug
    asks = [p.get_text(" ", strip=True) for p in soup.select(".contact-ask")]
    assert len(asks) == sum(
        line is None for line in (contacts.out_of_hours, contacts.chair_team, contacts.complaints)
    )
