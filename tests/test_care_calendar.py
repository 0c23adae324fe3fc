"""Lunar birthdays and festivals, and the working day before a festival's holiday."""

import datetime as dt

import pytest

from unionhall.care import calendar
from unionhall.care.models import Festival
from unionhall.core import workdays


@pytest.mark.parametrize(
    ("year", "spring", "dragon_boat", "mid_autumn", "double_ninth"),
    [
        (
            2024,
            dt.date(2024, 2, 10),
            dt.date(2024, 6, 10),
            dt.date(2024, 9, 17),
            dt.date(2024, 10, 11),
        ),
        (
            2025,
            dt.date(2025, 1, 29),
            dt.date(2025, 5, 31),
            dt.date(2025, 10, 6),
            dt.date(2025, 10, 29),
        ),
        (
            2026,
            dt.date(2026, 2, 17),
            dt.date(2026, 6, 19),
            dt.date(2026, 9, 25),
            dt.date(2026, 10, 18),
        ),
        (
            2031,
            dt.date(2031, 1, 23),
            dt.date(2031, 6, 24),
            dt.date(2031, 10, 1),
            dt.date(2031, 10, 24),
        ),
    ],
)
def test_lunar_festivals_are_computed_for_any_year(
    year, spring, dragon_boat, mid_autumn, double_ninth
):
    assert calendar.festival_date(Festival.SPRING, year) == spring
    assert calendar.festival_date(Festival.DRAGON_BOAT, year) == dragon_boat
    assert calendar.festival_date(Festival.MID_AUTUMN, year) == mid_autumn
    assert calendar.festival_date(Festival.DOUBLE_NINTH, year) == double_ninth
    assert calendar.festival_date(Festival.WOMEN, year) == dt.date(year, 3, 8)
    assert calendar.festival_date(Festival.TEACHERS, year) == dt.date(year, 9, 10)


def test_festivals_between_are_in_date_order():
    found = calendar.festivals_between(dt.date(2025, 9, 1), dt.date(2025, 10, 31))
    assert [f for f, _d in found] == [Festival.TEACHERS, Festival.MID_AUTUMN, Festival.DOUBLE_NINTH]


def test_a_lunar_birthday_is_converted():
    # Born 1980-05-20, which was the 7th day of the 4th lunar month.
    born = dt.date(1980, 5, 20)
    assert calendar.lunar_birthday_of(born) == (4, 7)
    assert calendar.next_birthday(born, lunar=True, today=dt.date(2026, 1, 1)) == dt.date(
        2026, 5, 23
    )
    assert calendar.next_birthday(born, lunar=True, today=dt.date(2026, 5, 24)) == dt.date(
        2027, 5, 12
    )
    assert calendar.next_birthday(born, lunar=False, today=dt.date(2026, 1, 1)) == dt.date(
        2026, 5, 20
    )


def test_a_lunar_birthday_early_in_the_year_can_fall_in_the_previous_lunar_year():
    # Lunar 12/20 of lunar year 2025 is 2026-02-07: on 2026-01-10 it is still ahead.
    born = dt.date(1975, 1, 31)  # lunar 1974-12-20
    assert calendar.lunar_birthday_of(born) == (12, 20)
    assert calendar.next_birthday(born, lunar=True, today=dt.date(2026, 1, 10)) == dt.date(
        2026, 2, 7
    )


def test_the_30th_of_a_short_lunar_month_becomes_its_last_day():
    # Lunar month 2 of 2025 has 29 days.
    assert calendar.lunar_to_solar(2025, 2, 30) == calendar.lunar_to_solar(2025, 2, 29)


def test_a_29_february_birthday_is_kept_on_28_february_in_common_years():
    assert calendar.next_birthday(
        dt.date(1988, 2, 29), lunar=False, today=dt.date(2026, 2, 1)
    ) == dt.date(2026, 2, 28)


def test_visits_before_spring_festival_are_due_before_the_holiday_starts():
    # 2025-01-29; the official holiday ran from 01-28, so the last working day was Monday 01-27.
    spring = calendar.festival_date(Festival.SPRING, 2025)
    assert workdays.last_workday_before(spring) == dt.date(2025, 1, 27)
    assert workdays.day_info(dt.date(2025, 1, 26)).is_workday  # a Sunday made a working day


def test_a_festival_on_a_working_day_is_its_own_deadline():
    assert workdays.last_workday_before(dt.date(2025, 9, 10)) == dt.date(2025, 9, 10)
