"""The one calendar of working days: official holidays and make-up working days from the State
Council's notice.

Where the days come from, one source per year:

- the `chinesecalendar` package, for every year it has (it is updated when the State Council
  publishes a year's notice, and has data up to its release year);
- for a year it does not have, the days a district administrator entered from the State
  Council's notice (`core.models.OfficialDay`, the district's 节假日 page). The package wins
  where both exist: entering a year the package knows is refused, and rows entered before a
  newer package learnt the year are ignored.
- a year in neither is unknown. `is_working_day` and the deadline counts then fall back to
  Monday to Friday (`has_official_data` tells a page to say so), but a public notice (公示) is
  never computed over an unknown year: `period_end` raises `CalendarUnknown`, naming the year.

Two ways of counting, one meaning each:

- `add_working_days(day, n)`: the day `n` working days after `day`. `day` itself never counts
  (it is the event the count runs from: a session's last day), so `n=1` is the next working day
  and `n=0` is `day` itself. Used for deadlines "within N working days of": congress reports.
- `period_end(start, n)`: the last day of a period of `n` working days that begins on `start`;
  `start` counts when it is a working day. Used for the public notice (公示) of a selection.
  It is `add_working_days(start - 1 day, n)`, refusing a year the calendar does not know.
"""

import datetime as dt
import time
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ONE_DAY = dt.timedelta(days=1)
# How long a process keeps the entered days of a year before reading them again (another
# process may have entered them; the process that enters them forgets at once).
ENTERED_TTL_SECONDS = 300


class CalendarUnknown(ValidationError):
    """The official holidays of a year are not known: nothing is counted over that year."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The official holidays of %(year)s are not known yet: a district administrator "
                "must enter them from the State Council's notice (节假日安排) before a period "
                "of working days can be counted in %(year)s."
            )
            % {"year": year},
            code="calendar_unknown",
        )


@dataclass(frozen=True)
class DayInfo:
    day: dt.date
    is_workday: bool
    holiday_name: str  # the official holiday's name, or "" (also when unknown)
    official: bool  # True when the official days of this year are known (package or entered)
    source: str = ""  # "package", "entered", or "" when the year is unknown


@lru_cache(maxsize=4096)
def _from_package(day: dt.date) -> DayInfo | None:
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    return DayInfo(day, not holiday, name or "", True, "package")


def package_has_year(year: int) -> bool:
    return _from_package(dt.date(year, 1, 1)) is not None


_entered: dict[int, tuple[float, dict[dt.date, tuple[bool, str]]]] = {}


def _entered_year(year: int) -> dict[dt.date, tuple[bool, str]]:
    """{day: (is_workday, name)} as entered for `year`; empty when nothing was entered."""
    cached = _entered.get(year)
    if cached is not None and time.monotonic() - cached[0] < ENTERED_TTL_SECONDS:
        return cached[1]
    from unionhall.core.models import OfficialDay

    days = {
        row.day: (row.kind == OfficialDay.Kind.WORK, row.name)
        for row in OfficialDay.objects.filter(day__year=year)
    }
    _entered[year] = (time.monotonic(), days)
    return days


def forget() -> None:
    """Read the entered days again (after entering a year's days, and between tests)."""
    _entered.clear()


def day_info(day: dt.date) -> DayInfo:
    """Working day or holiday. Years no source knows fall back to Monday–Friday, unofficially."""
    known = _from_package(day)
    if known is not None:
        return known
    entered = _entered_year(day.year)
    if not entered:
        return DayInfo(day, day.weekday() < 5, "", False, "")
    if day in entered:
        workday, name = entered[day]
        return DayInfo(day, workday, "" if workday else name, True, "entered")
    return DayInfo(day, day.weekday() < 5, "", True, "entered")


def has_official_data(year: int) -> bool:
    """Whether the official holidays of `year` are known (else Monday to Friday is assumed)."""
    return day_info(dt.date(year, 1, 1)).official


def is_working_day(day: dt.date) -> bool:
    return day_info(day).is_workday


def _known_working_day(day: dt.date) -> bool:
    info = day_info(day)
    if not info.official:
        raise CalendarUnknown(day.year)
    return info.is_workday


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
    it is a working day). Raises `CalendarUnknown` when the period reaches a year whose official
    holidays are not known."""
    if days < 1:
        raise ValueError(f"a period lasts at least one working day, not {days}")
    current, count = start - ONE_DAY, days
    while count > 0:
        current += ONE_DAY
        if _known_working_day(current):
            count -= 1
    return current


def working_days_in(start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from `start` to `end`, both included."""
    days, current = [], start
    while current <= end:
        if is_working_day(current):
            days.append(current)
        current += ONE_DAY
    return days


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
