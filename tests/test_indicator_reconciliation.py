"""Every registered indicator reconciles with its records, over the demo school, for every kind
of period: a count is the number of its records, a sum the sum over them, a rate's denominator
is its records and its numerator is counted among them, a breakdown's parts each reconcile with
their own records and add up to the whole; no records means "not recorded" (None), never 0.

The indicators are read from the registry, so a new one is covered the day it is registered,
and fails here if it does not say what kind of figure it is.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import SchoolFactory
from tests.seeded import demo_seeded
from unionhall.core import indicators
from unionhall.core.indicators import BREAKDOWN, COUNT, KINDS, RATE, SUM, Indicator, Period
from unionhall.core.periods import AUTUMN
from unionhall.orgs.models import Organisation

pytestmark = pytest.mark.django_db

DEMO_SCHOOL = "sj-diyi-xiaoxue"
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1

# Periods of every kind that hold demo data (the demo seeds last year and this year so far),
# and one long before any record.
PERIODS = {
    "month": Period.month(LAST_YEAR, 11),
    "semester": Period.semester(LAST_YEAR, AUTUMN),
    "school year": Period.school_year(LAST_YEAR - 1 if TODAY.month < 9 else LAST_YEAR),
    "last calendar year": Period.year(LAST_YEAR),
    "this calendar year": Period.year(TODAY.year),
    "before any record": Period.year(1950),
}

# Indicators known not to reconcile yet, with the reason; strict: they fail here once fixed.
KNOWN: dict[str, str] = {}

REGISTERED = indicators.all_indicators()


@pytest.fixture(scope="module")
def demo_school(django_db_setup, django_db_blocker):
    """The demo district, seeded once for the module inside a transaction that is rolled back
    afterwards, so that no other test sees it."""
    with demo_seeded(django_db_blocker):
        yield Organisation.objects.get(code=DEMO_SCHOOL)


def _rows(records) -> list:
    return list(records) if records is not None else []


def _pks(rows) -> list:
    return sorted(row.pk for row in rows)


def _total(found: Indicator, rows) -> Decimal:
    return sum((found.amount_of(row) for row in rows), Decimal("0.00"))


def _check_count(found, result, rows):
    assert result.value == len(rows), f"{len(rows)} records"


def _check_sum(found, result, rows):
    assert result.value == _total(found, rows), f"{len(rows)} records"


def _check_rate(found, result, rows):
    numerator, denominator = result.detail["numerator"], result.detail["denominator"]
    assert denominator == len(rows), "the records are the denominator's rows"
    assert 0 <= numerator <= denominator
    assert float(result.value) == pytest.approx(100 * numerator / denominator, abs=0.05)


def _check_breakdown(found, result, rows):
    assert set(result.parts) == set(result.value), "every part has its own records"
    together = []
    for key, part in result.parts.items():
        entry = result.value[key]
        shown = entry[found.part_field] if found.part_field else entry
        assert part.value == shown, key
        part_rows = _rows(part.records)
        if found.part_kind == COUNT:
            assert part.value == len(part_rows), key
        else:
            assert part.value == _total(found, part_rows), key
        together += part_rows
    assert _pks(together) == _pks(rows), "the parts add up to the whole"


CHECKS = {COUNT: _check_count, SUM: _check_sum, RATE: _check_rate, BREAKDOWN: _check_breakdown}


def test_every_indicator_says_what_kind_of_figure_it_is():
    wrong = []
    for name, found in REGISTERED.items():
        if found.kind not in KINDS:
            wrong.append(f"{name}: kind {found.kind!r}, not one of {KINDS}")
        elif SUM in (found.kind, found.part_kind) and found.summed is None:
            wrong.append(f"{name}: a sum must name what it sums (summed=)")
        elif found.kind == BREAKDOWN and found.part_kind not in (COUNT, SUM):
            wrong.append(f"{name}: a breakdown's parts must be counts or sums (part_kind=)")
    assert not wrong, "\n".join(wrong)


def _cases():
    for name in REGISTERED:
        for period in PERIODS:
            marks = []
            if name in KNOWN and period != "before any record":
                marks = [pytest.mark.xfail(strict=True, reason=KNOWN[name])]
            yield pytest.param(name, period, marks=marks, id=f"{name}-{period}")


@pytest.mark.parametrize(("name", "period"), list(_cases()))
def test_it_reconciles_with_its_records(demo_school, name, period):
    found = REGISTERED[name]
    result = found(demo_school, PERIODS[period])
    rows = _rows(result.records)
    if not rows:
        assert result.value is None, "no records: not recorded, not 0"
        return
    CHECKS[found.kind](found, result, rows)


@pytest.mark.parametrize("name", list(REGISTERED))
def test_the_demo_school_has_records_for_it(demo_school, name):
    """Otherwise the reconciliation above proves nothing for this indicator."""
    found = REGISTERED[name]
    assert any(_rows(found(demo_school, period).records) for period in PERIODS.values())


def test_the_periods_cover_every_kind():
    lengths = {(p.end - p.start).days for p in PERIODS.values()}
    assert min(lengths) < 31 and max(lengths) >= 364
    assert PERIODS["school year"].start.month == 9
    assert PERIODS["school year"].end <= TODAY + dt.timedelta(days=366)


@pytest.mark.parametrize("period", list(PERIODS))
def test_grouped_forms_give_each_organisation_its_own_value(demo_school, period):
    """`compute_many` (one GROUP BY query for indicators that have a grouped form, one call per
    organisation for the others) gives what the indicator gives for each organisation alone."""
    empty = SchoolFactory(parent=demo_school.parent)  # no members: "not recorded"
    schools = list(Organisation.objects.filter(parent=demo_school.parent))
    assert len(schools) >= 2
    for name, found in REGISTERED.items():
        if found.by_org is None and not name.startswith("members."):
            continue
        grouped = indicators.compute_many(found, schools, PERIODS[period])
        alone = {school.pk: found(school, PERIODS[period]).value for school in schools}
        assert grouped == alone, name
        assert grouped[empty.pk] is None, name
