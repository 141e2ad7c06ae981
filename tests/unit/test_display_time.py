"""Times are stored in UTC and shown as clocks in England read them."""

from datetime import UTC, datetime

from flask_babel import format_datetime


def test_summer_time_is_shown_as_the_clock_in_england(app):
    with app.test_request_context():
        # 09:30 UTC in July is 10:30 British Summer Time.
        assert format_datetime(datetime(2026, 7, 1, 9, 30, tzinfo=UTC), "HH:mm") == "10:30"
        # In January, UK time is UTC.
        assert format_datetime(datetime(2026, 1, 15, 9, 30, tzinfo=UTC), "HH:mm") == "09:30"
