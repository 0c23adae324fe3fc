"""The one calendar of working days: official holidays and make-up days from chinesecalendar,
or entered by the district for a later year, Monday to Friday for a year nobody knows (and
saying so), and the two ways of counting."""

import datetime as dt

import pytest

from unionhall.core import workdays

# A year chinesecalendar does not know is looked up in the days entered by the district.
pytestmark = pytest.mark.django_db


def test_official_holidays_come_from_chinesecalendar():
    info = workdays.day_info(dt.date(2025, 10, 1))
    assert info.official and not info.is_workday
    assert info.holiday_name == "National Day"
    # 2025-09-28 was a Sunday made a working day before the National Day holiday.
    assert workdays.is_working_day(dt.date(2025, 9, 28))


def test_a_year_without_data_counts_monday_to_friday_and_says_so():
    assert workdays.has_official_data(2025)
    assert not workdays.has_official_data(2031)
    assert workdays.is_working_day(dt.date(2031, 1, 22))  # a Wednesday
    assert not workdays.is_working_day(dt.date(2031, 1, 25))  # a Saturday
    assert workdays.last_workday_before(dt.date(2031, 1, 26)) == dt.date(2031, 1, 24)


def test_adding_working_days_never_counts_the_day_it_starts_from():
    friday = dt.date(2026, 9, 25)  # the Mid-Autumn Festival, a holiday
    assert workdays.add_working_days(friday, 0) == friday
    assert workdays.add_working_days(friday, 1) == dt.date(2026, 9, 28)
    assert workdays.add_working_days(friday, 2) == dt.date(2026, 9, 29)
    # the National Day holiday of 2026 runs from 1 to 7 October
    assert workdays.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    with pytest.raises(ValueError):
        workdays.add_working_days(friday, -1)


def test_a_period_counts_its_first_day_when_it_is_a_working_day():
    monday, saturday = dt.date(2025, 6, 9), dt.date(2025, 6, 7)
    assert workdays.period_end(monday, 1) == monday
    assert workdays.period_end(saturday, 1) == monday
    assert workdays.period_end(monday, 5) == workdays.add_working_days(monday, 4)
    with pytest.raises(ValueError):
        workdays.period_end(monday, 0)


def test_working_days_between_is_the_inverse_of_adding_them():
    start = dt.date(2025, 9, 26)
    for count in range(12):
        day = workdays.add_working_days(start, count)
        assert workdays.working_days_between(start, day) == count
    assert workdays.working_days_between(start, start) == 0


def test_entered_days_count_for_a_year_the_package_lacks_and_the_package_wins_where_it_knows():
    from unionhall.core.models import OfficialDay

    OfficialDay.objects.create(day=dt.date(2031, 1, 22), kind=OfficialDay.Kind.OFF, name="测试")
    OfficialDay.objects.create(day=dt.date(2031, 1, 25), kind=OfficialDay.Kind.WORK, name="测试")
    # entered for 2025, which the package knows: ignored
    OfficialDay.objects.create(day=dt.date(2025, 6, 9), kind=OfficialDay.Kind.OFF, name="测试")
    workdays.forget()
    assert workdays.has_official_data(2031)
    assert not workdays.is_working_day(dt.date(2031, 1, 22))
    assert workdays.is_working_day(dt.date(2031, 1, 25))
    assert workdays.day_info(dt.date(2031, 1, 23)).source == "entered"
    assert workdays.is_working_day(dt.date(2025, 6, 9))
    assert workdays.day_info(dt.date(2025, 6, 9)).source == "package"
