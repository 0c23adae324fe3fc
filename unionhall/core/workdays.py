"""The one calendar of working days: official holidays and make-up working days from
chinesecalendar (the State Council's notice, which it has only up to its release year; a later
year counts Monday to Friday, and `has_official_data` says so, so a page can tell the reader).

Two ways of counting, one meaning each:

- `add_working_days(day, n)`: the day `n` working days after `day`. `day` itself never counts
  (it is the event the count runs from: a session's last day), so `n=1` is the next working day
  and `n=0` is `day` itself. Used for deadlines "within N working days of": congress reports.
- `period_end(start, n)`: the last day of a period of `n` working days that begins on `start`;
  `start` counts when it is a working day. Used for the public notice (公示) of a selection.
  It is `add_working_days(start - 1 day, n)`.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayInfo:
    day: dt.date
    is_workday: bool
    holiday_name: str  # the official holiday's English name, or "" (also when unknown)
    official: bool  # True when chinesecalendar has the State Council's data for this year


@lru_cache(maxsize=4096)
def day_info(day: dt.date) -> DayInfo:
    """Working day or holiday. Years chinesecalendar lacks fall back to Monday–Friday."""
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return DayInfo(day, day.weekday() < 5, "", False)
    return DayInfo(day, not holiday, name or "", True)


def has_official_data(year: int) -> bool:
    """Whether the official holidays of `year` are known (else Monday to Friday is assumed)."""
    return day_info(dt.date(year, 1, 1)).official


def is_working_day(day: dt.date) -> bool:
    return day_info(day).is_workday


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The day `count` working days after `day`; `day` itself is not counted, and a count of 0
    is `day` itself."""
    if count < 0:
        raise ValueError(f"cannot count {count} working days")
    current = day
    while count > 0:
        current += ONE_DAY
        if is_working_day(current):
            count -= 1
    return current


def period_end(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` working days beginning on `start` (which counts when
    it is a working day)."""
    if days < 1:
        raise ValueError(f"a period lasts at least one working day, not {days}")
    return add_working_days(start - ONE_DAY, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days fall after `start` up to and including `end` (so that
    `add_working_days(start, n)` is the first day with `working_days_between(start, day) == n`)."""
    count, current = 0, start
    while current < end:
        current += ONE_DAY
        if is_working_day(current):
            count += 1
    return count


def last_workday_before(day: dt.date) -> dt.date:
    """The last working day on or before `day`: the day itself if it is a working day (Women's
    Day, Teachers' Day), otherwise the last working day before its holiday began."""
    current = day
    while not is_working_day(current):
        current -= ONE_DAY
    return current
