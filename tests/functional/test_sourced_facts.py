"""Every fact a parent reads is one their council stands behind.

For each shipped council, every guide page, complaint route, the contacts page and the
parent's About page (an initial and a review conference, minutes sent) are rendered,
and every fact-shaped thing on them is looked for in the council's profile: phone
numbers, email addresses, postcodes, ages, and numbers of working days, days, hours,
weeks, months and minutes. Each must be a value the profile holds with a source
(portal/profiles/schema.py), or one of the few national facts listed below with why.
A page that shows "28 days" for a council whose leaflet gives no time limit fails here.
"""

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from portal.guide.complaints import ICO_PHONE
from portal.keydates import key_dates
from portal.models.conference import ConferenceKind
from portal.profiles import load_profile
from portal.profiles.schema import Count, Period, Phone, Profile
from tests.conftest import check_page, make_conference, make_invitation, make_staff
from tests.functional.guide_helpers import ALL_URLS, council_fixture, sign_in_parent

_council = council_fixture()

# Facts that are not the council's: national bodies and the law.
NATIONAL_NUMBERS = {
    ICO_PHONE: "the Information Commissioner's Office (guide/complaints.py)",
    "0808 800 0082": "the Equality Advisory and Support Service (accessibility statement)",
    "999": "the police in an emergency, everywhere in the UK",
}

# The family's own social worker, set on the conference by staff (not a council fact).
WORKER_PHONE = "020 7946 0123"

_PHONE = re.compile(r"(?<![\d])(0\d{2,4}(?: \d{3,4}){1,2})(?![\d])|(?<![\d])(999)(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?(?: \d[A-Z]{2})?)\b")
_AMOUNT = re.compile(
    r"\b(\d+) (working days?|days?|hours?|weeks?|months?|minutes?)\b", re.IGNORECASE
)
_AGE = re.compile(r"\b(?:aged|over) (\d+)\b")

_UNIT = {
    "working day": "working days",
    "day": "days",
    "hour": "hours",
    "week": "weeks",
    "month": "months",
    "minute": "minutes",
}

# The unit each Count field is counted in (its name says so).
_COUNT_UNITS = {
    "minutes_working_days": "working days",
    "first_core_group_working_days": "working days",
    "core_group_every_weeks": "weeks",
    "first_review_months": "months",
    "later_reviews_months": "months",
    "complaint_days": "days",
    "arrive_minutes_early": "minutes",
    "observers_notice_weeks": "weeks",
}


def _unit(word: str) -> str:
    word = word.lower()
    return word if word in _UNIT.values() else _UNIT[word]


def sourced(profile: Profile) -> dict[str, set]:
    """What the profile says, with a source, that a page may show."""
    amounts: set[tuple[int, str]] = set()
    phones: set[str] = set()
    emails: set[str] = set()
    texts: list[str] = []
    ages: set[int] = set()
    for section in (profile.timescales, profile.local, profile.contacts):
        for name in type(section).model_fields:
            value = getattr(section, name)
            if isinstance(value, Count):
                amounts.add((value.value, _COUNT_UNITS[name]))
            elif isinstance(value, Period):
                amounts.add((value.count, value.unit))
            elif isinstance(value, Phone):
                phones.add(value.number)
                if value.email:
                    emails.add(value.email)
    if profile.attendance.children_invited:
        ages.add(profile.attendance.children_invited.age)
    for text in (profile.address, profile.website):
        if text:
            texts.append(text.value)
    if profile.local.format_help:
        texts += [f"{p.name}, {p.address}" for p in profile.local.format_help.places]
    # The portal's own settings, stated on the accessibility and privacy pages.
    amounts.add((profile.session_timeout_minutes, "minutes"))
    amounts.add((profile.retention.family_content_months, "months"))
    amounts.add((profile.retention.sign_in_attempts_days, "days"))
    amounts.add((profile.retention.delivered_messages_days, "days"))
    return {"amounts": amounts, "phones": phones, "emails": emails, "texts": texts, "ages": ages}


def unsourced(text: str, profile: Profile, extra_phones=()) -> list[str]:
    """Every fact-shaped thing in `text` that the profile does not hold with a source."""
    facts = sourced(profile)
    problems = []
    for match in _PHONE.finditer(text):
        number = match.group(1) or match.group(2)
        if number not in facts["phones"] | set(NATIONAL_NUMBERS) | set(extra_phones):
            problems.append(f"phone {number}")
    for email in _EMAIL.findall(text):
        if email not in facts["emails"]:
            problems.append(f"email {email}")
    for count, unit in _AMOUNT.findall(text):
        if (int(count), _unit(unit)) not in facts["amounts"]:
            problems.append(f"{count} {unit}")
    for age in _AGE.findall(text):
        if int(age) not in facts["ages"]:
            problems.append(f"age {age}")
    for postcode in _POSTCODE.findall(text):
        if not any(postcode in known for known in facts["texts"]):
            problems.append(f"postcode {postcode}")
    return problems


def _main_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").main.get_text(" ").split())


def test_the_scanner_finds_each_kind_of_fact():
    """The check bites: a value the profile does not hold is reported, by kind."""
    bexley = load_profile("bexley")
    text = (
        "Call 020 7641 6000 or 020 3045 3260. Write to help@example.org within 28 days. "
        "Reports 2 days before; minutes within 15 working days; 2 working days before. "
        "Children aged 12 and over. City Hall, SW1E 6QP. Call 999 or 0303 123 1113."
    )
    assert unsourced(text, bexley) == [
        "phone 020 7641 6000",
        "email help@example.org",
        "28 days",
        "2 working days",
        "age 12",
        "postcode SW1E 6QP",
    ]


@pytest.fixture
def family(ctx):
    """An initial and a review conference, minutes sent, each with a signed-in parent."""
    worker = make_staff(ctx, name="Priya Shah")
    worker.phone = WORKER_PHONE
    initial = make_conference(
        ctx, starts_on=date(2026, 11, 30), minutes_sent_on=date(2026, 12, 11), social_worker=worker
    )
    review = make_conference(ctx, starts_on=date(2027, 1, 6), kind=ConferenceKind.REVIEW)
    first, _, _ = make_invitation(ctx, initial)
    second, _, _ = make_invitation(ctx, review, name="Chloe Barnes")
    return first, second


def test_every_shown_fact_has_a_source(council, family):
    slug, client = council
    profile = load_profile(slug)
    found = {}
    for url in ALL_URLS:
        text = _main_text(client.get(url).get_data(as_text=True))
        found[f"public {url}"] = unsourced(text, profile)
    for invitation in family:
        sign_in_parent(client, invitation)
        for url in ["/about", "/contacts", *(u for u in ALL_URLS if u.startswith("/complaints"))]:
            response = client.get(url)
            assert response.status_code == 200, (slug, url)
            text = _main_text(check_page(response.get_data(as_text=True)).decode())
            found[f"parent {invitation.name} {url}"] = unsourced(
                text, profile, extra_phones=[WORKER_PHONE]
            )
        with client.session_transaction() as cookie:
            cookie.clear()
    found = {page: problems for page, problems in found.items() if problems}
    assert not found, f"{slug}: facts shown without a source in the profile: {found}"


def test_the_about_page_lists_only_key_dates_the_council_gives(council, family):
    slug, client = council
    profile = load_profile(slug)
    for invitation in family:
        conference = invitation.conference
        sign_in_parent(client, invitation)
        soup = check_page(client.get("/about").get_data(as_text=True))
        shown = [
            row["class"][1].removeprefix("key-date-")
            for row in soup.select(".key-dates .summary-row")
        ]
        expected = [
            item.key
            for item in key_dates(
                conference.kind.value,
                conference.starts_on,
                conference.minutes_sent_on,
                profile.timescales,
            )
        ]
        assert shown == expected, slug
        # Never a weekend date.
        for cell in soup.select(".key-dates time"):
            assert date.fromisoformat(cell["datetime"]).weekday() < 5, (slug, cell)
        with client.session_transaction() as cookie:
            cookie.clear()
