"""Term time, for dating the demo's records: a school's work happens on its working days in term
(September to 20 January, March to June), never in the winter or summer holiday nor in the
National Day week, so no seeded poll or activity reads as held in a holiday."""

import datetime as dt

from unionhall.core import workdays


def in_term(day: dt.date) -> bool:
    """A school day: in term and a working day by the official calendar."""
    if day.month in (2, 7, 8):
        return False
    if day.month == 1 and day.day > 20:
        return False
    if day.month == 10 and day.day <= 7:
        return False
    return workdays.is_working_day(day)


def term_day_on_or_before(day: dt.date) -> dt.date:
    """`day` if it is a school day, else the last school day before it (a date the demo
    computes as "so many days ago" that falls in the summer holiday goes back to June)."""
    while not in_term(day):
        day -= dt.timedelta(days=1)
    return day
