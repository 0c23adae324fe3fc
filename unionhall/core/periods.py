"""Periods: a month, a semester, a school year or a calendar year, each with one label.

A school year runs from 1 September to 31 August. Its autumn semester runs from 1 September to
31 January, its spring semester from 1 February to 31 August; both are named after the school
year, so "2025–2026 autumn semester" starts on 1 September 2025 and the spring semester of the
same school year starts on 1 February 2026.

Labels: a calendar year is "2025", a school year "2025-2026", a month "2025-03" (the same in
every language; the summary's URLs carry them, and `reports.periods.parse` reads them back);
a semester's label is a translated sentence.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

YEAR, SCHOOL_YEAR, SEMESTER, MONTH = "year", "school_year", "semester", "month"
AUTUMN, SPRING = 1, 2


def _first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def school_year_of(day: dt.date) -> int:
    """The year the school year `day` falls in started: 2026-03-01 → 2025."""
    return day.year if day.month >= 9 else day.year - 1


def semester_of(day: dt.date) -> tuple[int, int]:
    """(start year of the school year, AUTUMN or SPRING) of the semester `day` falls in."""
    return school_year_of(day), AUTUMN if day.month >= 9 or day.month == 1 else SPRING


@dataclass(frozen=True)
class Period:
    """A closed range of dates: a month, a semester, a school year or a calendar year."""

    start: dt.date
    end: dt.date
    label: str = ""

    def as_range(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> Iterator[dt.date]:
        """The first day of each month the period touches, in order."""
        month = self.start.replace(day=1)
        while month <= self.end:
            yield month
            month = _first_of_next_month(month)

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        first = dt.date(year, month, 1)
        return cls(first, _first_of_next_month(first) - dt.timedelta(days=1), f"{year}-{month:02d}")

    @classmethod
    def school_year(cls, start_year: int) -> "Period":
        """1 September to 31 August, e.g. 2025 → 2025-09-01 … 2026-08-31."""
        return cls(
            dt.date(start_year, 9, 1),
            dt.date(start_year + 1, 8, 31),
            f"{start_year}-{start_year + 1}",
        )

    @classmethod
    def semester(cls, start_year: int, half: int) -> "Period":
        """The AUTUMN (1 September to 31 January) or SPRING (1 February to 31 August) semester
        of the school year starting in `start_year`."""
        years = {"start": start_year, "end": start_year + 1}
        if half == AUTUMN:
            start, end = dt.date(start_year, 9, 1), dt.date(start_year + 1, 1, 31)
            label = _("%(start)s–%(end)s autumn semester") % years
        elif half == SPRING:
            start, end = dt.date(start_year + 1, 2, 1), dt.date(start_year + 1, 8, 31)
            label = _("%(start)s–%(end)s spring semester") % years
        else:
            raise ValueError(f"a semester is AUTUMN (1) or SPRING (2), not {half!r}")
        return cls(start, end, label)

    @classmethod
    def of(cls, kind: str, year: int, number: int | None = None) -> "Period":
        """A period by kind: the month `number` of `year`, the semester `number` (AUTUMN or
        SPRING) of the school year starting in `year`, that school year, or the calendar year."""
        if kind == MONTH:
            return cls.month(year, number or 1)
        if kind == SEMESTER:
            return cls.semester(year, number or AUTUMN)
        if kind == SCHOOL_YEAR:
            return cls.school_year(year)
        if kind == YEAR:
            return cls.year(year)
        raise ValueError(f"no period of kind {kind!r}")

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "Period":
        """The month, semester, school year or calendar year that `day` falls in."""
        if kind == MONTH:
            return cls.month(day.year, day.month)
        if kind == SEMESTER:
            return cls.semester(*semester_of(day))
        if kind == SCHOOL_YEAR:
            return cls.school_year(school_year_of(day))
        return cls.of(kind, day.year)

    @classmethod
    def semesters_overlapping(cls, start: dt.date, end: dt.date) -> list["Period"]:
        """The semesters that share at least one day with [start, end], in order."""
        found = []
        for year in range(school_year_of(start), school_year_of(end) + 1):
            for half in (AUTUMN, SPRING):
                semester = cls.semester(year, half)
                if semester.start <= end and semester.end >= start:
                    found.append(semester)
        return found
