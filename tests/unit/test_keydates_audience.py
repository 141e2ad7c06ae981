"""Key-date labels for each audience: the parent is addressed ("with you"); staff read
about the family. Every item has both, with the number and unit filled in."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from portal.keydates import key_dates
from portal.profiles import load_profile
from tests.timescales_helpers import full_timescales

TEMPLATE = '{% from "macros/keydates.html" import key_dates %}{{ key_dates(items, audience=who) }}'


def _labels(items, who):
    soup = BeautifulSoup(render_template_string(TEMPLATE, items=items, who=who), "html.parser")
    return {
        row["class"][1].removeprefix("key-date-"): " ".join(row.dt.get_text().split())
        for row in soup.select(".summary-row")
    }


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_every_item_has_a_parent_and_a_staff_label(app, kind):
    items = key_dates(kind, date(2026, 4, 1), date(2026, 4, 20), full_timescales())
    with app.test_request_context():
        parent, staff = _labels(items, "parent"), _labels(items, "staff")
    assert set(parent) == set(staff) == {i.key for i in items}
    for label in [*parent.values(), *staff.values()]:
        assert label and "%(" not in label
    assert not any("you" in label.lower().split() for label in staff.values())


def test_staff_words_differ_only_where_the_parent_is_addressed(app):
    items = key_dates("initial", date(2026, 4, 1), None, full_timescales())
    with app.test_request_context():
        parent, staff = _labels(items, "parent"), _labels(items, "staff")
    assert parent["report_due"] == "Reports shared with you by (2 working days before)"
    assert staff["report_due"] == "Reports shared with the family by (2 working days before)"
    assert staff["minutes_due"] == "The minutes sent to the family by (15 working days after)"
    assert staff["conference"] == parent["conference"]


def test_the_unit_is_the_councils_own(app):
    # Bexley: "two days" (not working days); West Berkshire: "48 hours", plan in 24 hours.
    bexley = key_dates("initial", date(2026, 12, 2), None, load_profile("bexley").timescales)
    wb = key_dates("initial", date(2026, 12, 2), None, load_profile("west-berkshire").timescales)
    with app.test_request_context():
        assert (
            _labels(bexley, "parent")["report_due"] == "Reports shared with you by (2 days before)"
        )
        wb_labels = _labels(wb, "parent")
    assert wb_labels["report_due"] == "Reports shared with you by (48 hours before)"
    assert wb_labels["plan_sent"] == "The plan sent out by (24 hours after)"
