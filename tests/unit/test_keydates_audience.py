"""Key-date labels for each audience: the parent is addressed ("with you"); staff read
about the family. Every item has both, with the number filled in."""

from datetime import date

import pytest

from portal.keydates import key_dates
from portal.profiles import Timescales


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_every_item_has_a_parent_and_a_staff_label(app, kind):
    with app.test_request_context():
        for item in key_dates(kind, date(2026, 4, 1), date(2026, 4, 20), Timescales()):
            parent, staff = item.label_for("parent"), item.label_for("staff")
            assert parent == item.label
            assert staff and "%(" not in staff and "%(" not in parent
            assert "you" not in staff.lower().split()


def test_staff_words_differ_only_where_the_parent_is_addressed(app):
    with app.test_request_context():
        items = {i.key: i for i in key_dates("initial", date(2026, 4, 1), None, Timescales())}
        assert items["report_due"].label == "Reports shared with you by"
        assert items["report_due"].label_for("staff") == "Reports shared with the family by"
        assert items["minutes_due"].label_for("staff") == "The minutes sent to the family by"
        assert items["conference"].label_for("staff") == items["conference"].label
