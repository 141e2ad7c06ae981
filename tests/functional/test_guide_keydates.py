"""The key dates macro: real dates in the user's language, periods in words."""

from datetime import date

from bs4 import BeautifulSoup
from flask import render_template_string

from portal.keydates import key_dates
from tests.timescales_helpers import count, full_timescales

TEMPLATE = '{% from "macros/keydates.html" import key_dates %}{{ key_dates(items) }}'


def _rows(html):
    soup = BeautifulSoup(html, "html.parser")
    return [
        (" ".join(r.dt.get_text().split()), " ".join(r.dd.get_text().split()))
        for r in soup.select(".summary-row")
    ]


def test_macro_shows_each_date_in_words(app):
    timescales = full_timescales(minutes_working_days=count(20))
    items = key_dates("initial", date(2026, 12, 22), date(2027, 1, 22), timescales)
    with app.test_request_context():
        html = render_template_string(TEMPLATE, items=items)
    rows = _rows(html)
    assert rows == [
        ("Reports shared with you by (2 working days before)", "Friday 18 December 2026"),
        ("The conference", "Tuesday 22 December 2026"),
        ("The plan sent to you by (1 working day after)", "Wednesday 23 December 2026"),
        ("First core group meeting by (10 working days after)", "Friday 8 January 2027"),
        (
            "Core group meetings after that",
            "At least every 6 weeks from 8 January 2027, while there is a child protection plan",
        ),
        # 20 working days (as West Berkshire): from Fri 15 Jan (15), Mon 18 (16),
        # Tue 19 (17), Wed 20 (18), Thu 21 (19), Fri 22 Jan (20).
        ("The minutes sent to you by (20 working days after)", "Friday 22 January 2027"),
        # Minutes sent Fri 22 Jan 2027 + 28 days = Fri 19 Feb 2027.
        (
            "Last day to complain in writing (28 days after the minutes were sent)",
            "Friday 19 February 2027",
        ),
        ("First review conference by (3 months after)", "Monday 22 March 2027"),
        (
            "Later review conferences",
            "Every 6 months after 22 March 2027, while there is a child protection plan",
        ),
    ]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("time", datetime="2026-12-22")
    assert soup.find("h2").get_text() == "Key dates"


def test_a_date_on_a_weekend_is_never_shown(app):
    # Mon 30 Nov 2026 + 3 months is Sun 28 Feb 2027 (clamped from 30 Feb): shown as Friday.
    items = key_dates("initial", date(2026, 11, 30), date(2026, 12, 10), full_timescales())
    with app.test_request_context():
        rows = dict(_rows(render_template_string(TEMPLATE, items=items)))
    assert rows["First review conference by (3 months after)"] == "Friday 26 February 2027"
    # Minutes sent Thu 10 Dec 2026 + 28 days = Thu 7 Jan 2027, a working day.
    assert (
        rows["Last day to complain in writing (28 days after the minutes were sent)"]
        == "Thursday 7 January 2027"
    )
    for when in rows.values():
        assert not when.startswith(("Saturday", "Sunday")), when


def test_a_council_without_timescales_shows_only_what_it_gives(app):
    from portal.profiles import load_profile

    southwark = load_profile("southwark").timescales
    items = key_dates("initial", date(2026, 12, 2), date(2026, 12, 10), southwark)
    with app.test_request_context():
        html = render_template_string(TEMPLATE, items=items)
    labels = [label for label, _ in _rows(html)]
    assert not any(word in " ".join(labels) for word in ("Reports", "plan", "minutes", "complain"))
    assert "If a date you need is not here, ask your social worker." in html
