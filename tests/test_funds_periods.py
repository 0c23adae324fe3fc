import datetime as dt

import pytest

from unionhall.funds.periods import current_semester, period_for


@pytest.mark.parametrize(
    ("kind", "year", "number", "start", "end"),
    [
        ("year", 2025, None, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("month", 2024, 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("semester", 2025, 1, dt.date(2025, 9, 1), dt.date(2026, 1, 31)),
        ("semester", 2025, 2, dt.date(2026, 2, 1), dt.date(2026, 8, 31)),
    ],
)
def test_a_disclosure_covers_a_year_a_month_or_a_semester(kind, year, number, start, end):
    period = period_for(kind, year, number)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("today", "semester"),
    [
        (dt.date(2025, 9, 1), (2025, 1)),
        (dt.date(2026, 1, 20), (2025, 1)),
        (dt.date(2026, 2, 1), (2025, 2)),
        (dt.date(2026, 8, 31), (2025, 2)),
    ],
)
def test_the_current_semester(today, semester):
    assert current_semester(today) == semester
