"""The key dates macro: real dates in the user's language, periods in words."""

from datetime import date

from bs4 import BeautifulSoup
from flask import render_template_string

from portal.keydates import key_dates
from portal.profiles import load_profile

TEMPLATE = '{% from "macros/keydates.html" import key_dates %}{{ key_dates(items) }}'


def _rows(html):
    soup = BeautifulSoup(html, "html.parser")
    return [
        (" ".join(r.dt.get_text().split()), " ".join(r.dd.get_text().split()))
        for r in soup.select(".summary-row")
    ]


def test_macro_shows_each_date_in_words(app):
    timescales = load_profile("west-berkshire").timescales
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
        # 20 working days for West Berkshire: from Fri 15 Jan (15), Mon 18 (16),
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
