"""Working days and calendar periods, for the key dates of a conference.

Pure functions: they take dates and numbers and return dates. Working days skip
Saturdays, Sundays and the bank holidays of England and Wales.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start` (before it when negative)."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day if shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(start.day, last_day))


def working_day_on_or_before(day: date) -> date:
    """`day` itself if it is a working day, else the last working day before it. A
    deadline counted in calendar days or months that lands on a weekend or bank holiday
    is shown as this day, so nobody is told a date when the office is shut."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
