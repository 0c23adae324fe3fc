"""Dates that care follows: lunar birthdays and festivals (lunar-python). Working days and
official holidays are the one calendar in `unionhall.core.workdays`."""

import datetime as dt
from functools import lru_cache

from lunar_python import Lunar, LunarMonth, Solar

from unionhall.care.models import Festival

# Festivals care visits follow: (festival, calendar, month, day). Lunar ones are computed per
# year from the lunar calendar, never written down per year.
CARE_FESTIVALS: tuple[tuple[str, str, int, int], ...] = (
    (Festival.SPRING, "lunar", 1, 1),
    (Festival.WOMEN, "solar", 3, 8),
    (Festival.DRAGON_BOAT, "lunar", 5, 5),
    (Festival.TEACHERS, "solar", 9, 10),
    (Festival.MID_AUTUMN, "lunar", 8, 15),
    (Festival.DOUBLE_NINTH, "lunar", 9, 9),
)


def _solar(lunar: Lunar) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


# lunar-python computes a whole lunar year for each conversion (milliseconds each); dates never
# change, so conversions are cached for the life of the process.
@lru_cache(maxsize=8192)
def lunar_to_solar(lunar_year: int, month: int, day: int) -> dt.date:
    """The solar date of a lunar (year, month, day). A day 30 in a 29-day month becomes the
    month's last day, as families do."""
    days = LunarMonth.fromYm(lunar_year, month).getDayCount()
    return _solar(Lunar.fromYmd(lunar_year, month, min(day, days)))


@lru_cache(maxsize=1024)
def festival_date(festival: str, year: int) -> dt.date:
    """The date of a care festival in a (solar) year."""
    for name, calendar, month, day in CARE_FESTIVALS:
        if name == festival:
            if calendar == "solar":
                return dt.date(year, month, day)
            return lunar_to_solar(year, month, day)
    raise ValueError(f"no date for festival {festival!r}")


def festivals_between(start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """Care festivals falling between two dates, in date order."""
    found = []
    for year in range(start.year, end.year + 1):
        for name, *_rest in CARE_FESTIVALS:
            day = festival_date(name, year)
            if start <= day <= end:
                found.append((name, day))
    return sorted(found, key=lambda item: item[1])


@lru_cache(maxsize=65536)
def lunar_birthday_of(birth_date: dt.date) -> tuple[int, int]:
    """The lunar (month, day) of a solar date of birth. A leap month counts as its month."""
    lunar = Solar.fromYmd(birth_date.year, birth_date.month, birth_date.day).getLunar()
    return abs(lunar.getMonth()), lunar.getDay()


def next_birthday(birth_date: dt.date, *, lunar: bool, today: dt.date) -> dt.date:
    """The next birthday on or after `today`, solar or lunar (converted to a solar date)."""
    if lunar:
        month, day = lunar_birthday_of(birth_date)
        this_lunar_year = Solar.fromYmd(today.year, today.month, today.day).getLunar().getYear()
        for year in (this_lunar_year - 1, this_lunar_year, this_lunar_year + 1):
            candidate = lunar_to_solar(year, month, day)
            if candidate >= today:
                return candidate
        raise AssertionError("a lunar birthday always falls within two lunar years")
    for year in (today.year, today.year + 1):
        try:
            candidate = birth_date.replace(year=year)
        except ValueError:  # 29 February in a common year
            candidate = dt.date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("a solar birthday always falls within a year")
