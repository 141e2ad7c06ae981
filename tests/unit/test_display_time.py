"""Times are stored in UTC and shown as clocks in England read them."""

from datetime import UTC, datetime

from flask_babel import format_datetime


def test_summer_time_is_shown_as_the_clock_in_england(app):
    with app.test_request_context():
        # 09:30 UTC in July is 10:30 British Summer Time.
        assert format_datetime(datetime(2026, 7, 1, 9, 30, tzinfo=UTC), "HH:mm") == "10:30"
        # In January, UK time is UTC.
        assert format_datetime(datetime(2026, 1, 15, 9, 30, tzinfo=UTC), "HH:mm") == "09:30"


def test_dates_are_written_the_british_way(app, client):
    from datetime import date

    from flask_babel import format_date

    with app.test_request_context("/"):
        app.preprocess_request()
        assert format_date(date(2026, 12, 4), "full") == "Friday, 4 December 2026"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en-GB" dir="ltr">' in page
