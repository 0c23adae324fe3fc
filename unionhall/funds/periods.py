"""The periods a disclosure covers: a month, a semester or a year."""

import datetime as dt

from django.utils.translation import gettext as _

from unionhall.core.indicators import Period

YEAR, SEMESTER, MONTH = "year", "semester", "month"


def semester(start_year: int, half: int) -> Period:
    """Autumn semester (1) is 1 September to 31 January; spring semester (2) is 1 February
    to 31 August of the following calendar year."""
    if half == 1:
        start, end = dt.date(start_year, 9, 1), dt.date(start_year + 1, 1, 31)
        label = _("%(start)s–%(end)s autumn semester")
    else:
        start, end = dt.date(start_year + 1, 2, 1), dt.date(start_year + 1, 8, 31)
        label = _("%(start)s–%(end)s spring semester")
    return Period(start, end, label % {"start": start_year, "end": start_year + 1})


def period_for(kind: str, year: int, number: int | None = None) -> Period:
    if kind == MONTH:
        return Period.month(year, number or 1)
    if kind == SEMESTER:
        return semester(year, number or 1)
    return Period.year(year)


def current_semester(today: dt.date) -> tuple[int, int]:
    """(start year, half) of the semester `today` falls in."""
    if today.month >= 9:
        return today.year, 1
    if today.month == 1:
        return today.year - 1, 1
    return today.year - 1, 2
