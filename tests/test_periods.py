"""Periods: months, semesters, school years and calendar years, and their labels."""

import datetime as dt

import pytest
from django.utils import translation

from unionhall.core.periods import AUTUMN, SPRING, Period, semester_of


@pytest.mark.parametrize(
    ("kind", "year", "number", "start", "end"),
    [
        ("year", 2025, None, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("month", 2024, 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("month", 2025, 12, dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        ("semester", 2025, 1, dt.date(2025, 9, 1), dt.date(2026, 1, 31)),
        ("semester", 2025, 2, dt.date(2026, 2, 1), dt.date(2026, 8, 31)),
        ("school_year", 2025, None, dt.date(2025, 9, 1), dt.date(2026, 8, 31)),
    ],
)
def test_a_period_is_a_year_a_month_a_semester_or_a_school_year(kind, year, number, start, end):
    period = Period.of(kind, year, number)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("today", "semester"),
    [
        (dt.date(2025, 9, 1), (2025, AUTUMN)),
        (dt.date(2025, 12, 31), (2025, AUTUMN)),
        (dt.date(2026, 1, 20), (2025, AUTUMN)),
        (dt.date(2026, 2, 1), (2025, SPRING)),
        (dt.date(2024, 2, 29), (2023, SPRING)),
        (dt.date(2026, 8, 31), (2025, SPRING)),
    ],
)
def test_the_semester_a_day_falls_in(today, semester):
    assert semester_of(today) == semester
    assert today in Period.containing("semester", today)


@pytest.mark.parametrize(
    ("day", "kind", "label"),
    [
        (dt.date(2024, 2, 29), "month", "2024-02"),
        (dt.date(2026, 1, 15), "school_year", "2025-2026"),
        (dt.date(2025, 12, 31), "school_year", "2025-2026"),
        (dt.date(2025, 12, 31), "year", "2025"),
    ],
)
def test_the_period_a_day_falls_in(day, kind, label):
    period = Period.containing(kind, day)
    assert period.label == label and day in period


def test_a_period_lists_the_months_it_touches():
    assert list(Period.semester(2023, SPRING).months()) == [
        dt.date(2024, month, 1) for month in range(2, 9)
    ]
    assert list(Period(dt.date(2025, 11, 30), dt.date(2026, 1, 1)).months()) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
    ]


def test_a_semester_has_one_label_in_each_language():
    with translation.override("en"):
        assert Period.semester(2025, AUTUMN).label == "2025–2026 autumn semester"
        assert Period.semester(2025, SPRING).label == "2025–2026 spring semester"
    with translation.override("zh-hans"):
        assert Period.semester(2025, AUTUMN).label == "2025—2026学年秋季学期"
        assert Period.semester(2025, SPRING).label == "2025—2026学年春季学期"


def test_the_semesters_of_a_term():
    found = Period.semesters_overlapping(dt.date(2024, 9, 1), dt.date(2025, 3, 1))
    assert [(s.start, s.end) for s in found] == [
        (dt.date(2024, 9, 1), dt.date(2025, 1, 31)),
        (dt.date(2025, 2, 1), dt.date(2025, 8, 31)),
    ]
