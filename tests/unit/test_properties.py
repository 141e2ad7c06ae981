"""Properties that hold for every input, found by hypothesis: working-day arithmetic
and the free-text validation every form shares."""

import unicodedata
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal import questions
from portal.forms import ANSWER_LIMIT, views_form, visible_length
from portal.timescales import add_months, add_working_days, is_working_day

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=0, max_value=80)


def _working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`, counted one by one."""
    return sum(is_working_day(start + timedelta(d)) for d in range(1, (end - start).days + 1))


@settings(deadline=None)
@given(days, counts)
def test_adding_working_days_counts_exactly_that_many(start, n):
    end = add_working_days(start, n)
    assert end >= start
    assert _working_days_between(start, end) == n
    if n:
        assert is_working_day(end)


@settings(deadline=None)
@given(days, counts)
def test_going_back_undoes_going_forward_from_a_working_day(start, n):
    while not is_working_day(start):
        start += timedelta(days=1)
    assert add_working_days(add_working_days(start, n), -n) == start


@settings(deadline=None)
@given(days, counts, counts)
def test_more_working_days_is_never_earlier(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low) <= add_working_days(start, high)
    if low < high:
        assert add_working_days(start, low) < add_working_days(start, high)


@settings(deadline=None)
@given(days, st.integers(min_value=-36, max_value=36))
def test_adding_months_lands_in_that_month_on_the_same_day_or_its_last(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(1)).day == 1)


# ---- free text ----------------------------------------------------------------------------

# What a person might type: any character at all, control characters included.
typed = st.text(st.characters(codec="utf-8"), max_size=300)
PAGE = questions.PAGES[0]
KEY = PAGE.questions[0].key


def _validate(app, text):
    with app.test_request_context(method="POST", data={KEY: text}):
        from flask import request

        form = views_form(PAGE, formdata=request.form)
        form.validate()
        return form[KEY].data, form[KEY].errors


def _allowed(text: str) -> bool:
    return "\ufffd" not in text and not any(
        unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text
    )


@settings(max_examples=300, deadline=None)
@given(text=typed)
def test_free_text_is_kept_exactly_or_refused_with_a_message(app, text):
    data, errors = _validate(app, text)
    kept = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert data == kept  # what is shown back (or saved) is what was typed, trimmed
    if _allowed(kept):
        assert not errors
    else:
        assert len(errors) == 1
        assert "characters" in str(errors[0])  # "...control characters" / "...could not read"


@settings(max_examples=40, deadline=None)
@given(extra=st.integers(min_value=1, max_value=50), emoji=st.booleans())
def test_too_long_is_refused_and_the_limit_itself_is_not(app, extra, emoji):
    unit = "👩🏽‍⚕️" if emoji else "a"  # one character as a person counts it, however stored
    assert visible_length(unit * ANSWER_LIMIT) == ANSWER_LIMIT
    assert _validate(app, unit * ANSWER_LIMIT)[1] == []
    errors = _validate(app, unit * (ANSWER_LIMIT + extra))[1]
    assert len(errors) == 1 and "characters or fewer" in str(errors[0])
