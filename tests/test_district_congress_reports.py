"""A school's congress session reaches the district by itself, with an on-time flag: within
seven working days of the session's last day (holidays from chinesecalendar)."""

import datetime as dt

import pytest

from tests.clock import morning_of
from tests.factories_district import make_district
from unionhall.congress import services as congress
from unionhall.core import workdays
from unionhall.district import selectors, services


@pytest.mark.django_db  # 2031, unknown to chinesecalendar, is looked up in the entered days
def test_working_days_skip_weekends_and_holidays():
    # Friday 2026-09-25 + 7 working days: National Day week (1-7 October) is a holiday.
    assert workdays.add_working_days(dt.date(2026, 9, 25), 1) == dt.date(2026, 9, 28)
    assert workdays.add_working_days(dt.date(2031, 3, 7), 7) == dt.date(2031, 3, 18)


@pytest.mark.django_db
def test_a_session_reaches_the_district_on_time_or_late(time_machine):
    d = make_district()
    school, chair = d.schools[0], d.chairs[0]
    time_machine.move_to(morning_of(dt.date(2026, 3, 10)), tick=False)
    term = congress.term_create(
        org=school, actor=chair, number=1, starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2028, 8, 31),
    )  # fmt: skip
    # Recorded on the day it was held: on time.
    congress.session_create(
        org=school, actor=chair, term=term, number=1, held_on=dt.date(2026, 3, 10)
    )
    assert services.congress_reports_collect(district=d.district) == 1
    # Typed in a month after it was held: late.
    time_machine.move_to(morning_of(dt.date(2026, 5, 20)), tick=False)
    congress.session_create(
        org=school, actor=chair, term=term, number=2, held_on=dt.date(2026, 4, 15)
    )
    assert services.congress_reports_collect(district=d.district) == 1
    assert services.congress_reports_collect(district=d.district) == 0
    reports = list(selectors.congress_reports(district=d.district))
    assert [(r.held_on, r.on_time) for r in reports] == [
        (dt.date(2026, 4, 15), False),
        (dt.date(2026, 3, 10), True),
    ]
    assert reports[1].due_on == dt.date(2026, 3, 19)
    assert "congress.proposals_received" in reports[1].figures
