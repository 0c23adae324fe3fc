"""The section registry: how an app's section becomes prose, tables and charts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from unionhall.core import indicators, summary
from unionhall.core.indicators import Indicator, IndicatorValue, Period
from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table
from unionhall.reports import periods
from unionhall.reports.build import summary_build


@pytest.fixture
def registry(monkeypatch):
    """Only the sections and indicators a test registers."""
    indicators.all_indicators()
    summary.all_sections()
    monkeypatch.setattr(indicators, "_REGISTRY", {})
    monkeypatch.setattr(summary, "_REGISTRY", {})
    monkeypatch.setattr(indicators, "autodiscover", lambda: None)
    monkeypatch.setattr(summary, "autodiscover", lambda: None)
    calls = []

    def add(name, value):
        def compute(org, period):
            calls.append(name)
            return IndicatorValue(value, [])

        indicators._REGISTRY[name] = Indicator(name, name, "", compute)

    return add, calls


def test_a_sentence_naming_a_missing_indicator_is_left_out(registry, school):
    add, _calls = registry
    add("care.visits", 12)

    @summary.section("care", order=20, title="关爱")
    def care(org, period):
        return Section(
            paragraphs=[
                Paragraph("Visits: {visits}.", visits=Figure("care.visits")),
                Paragraph("Amount: {amount}.", amount=Figure("care.amount")),
            ],
            tables=[Table(columns=("a", "b"), rows=[("v", Figure("care.amount"))])],
        )

    built = summary_build(org=school, period=Period.year(2025))
    [section] = built.sections
    assert [p.text for p in section.paragraphs] == ["Visits: 12."]
    assert section.tables == []  # its only row named a missing indicator
    assert built.figures == {"care.visits": "12"}


def test_sections_come_in_order_numbered_and_each_indicator_is_computed_once(registry, school):
    add, calls = registry
    add("a.count", 3)
    add("b.money", Decimal("1234.5"))

    @summary.section("later", order=50, title="后")
    def later(org, period):
        both = Paragraph("{n} and {m}", n=Figure("a.count"), m=Figure("b.money"))
        return Section(paragraphs=[both])

    @summary.section("first", order=5, title="先")
    def first(org, period):
        return Section(
            paragraphs=[Paragraph("{n} people", n=Figure("a.count"))],
            charts=[Chart("图", bars=[("人数", Figure("a.count"))])],
        )

    @summary.section("empty", order=7, title="空")
    def empty(org, period):
        return None

    built = summary_build(org=school, period=Period.year(2025))
    assert [(s.number, s.title) for s in built.sections] == [("（一）", "先"), ("（二）", "后")]
    assert built.sections[1].paragraphs[0].text == "3 and 1,234.50"
    assert built.sections[0].charts[0].bars == [("人数", 3.0)]
    assert sorted(calls) == ["a.count", "b.money"]


def test_a_breakdown_becomes_table_rows_and_chart_bars(registry, school):
    add, _calls = registry
    add("care.by_kind", {"生病住院": 4, "婚嫁": 2})

    @summary.section("care", order=20, title="关爱")
    def care(org, period):
        return Section(
            paragraphs=[Paragraph("{n} weddings", n=Figure("care.by_kind", key="婚嫁"))],
            tables=[Table.breakdown("care.by_kind", columns=("类别", "次数"))],
            charts=[Chart.breakdown("care.by_kind", title="慰问")],
        )

    [section] = summary_build(org=school, period=Period.year(2025)).sections
    assert section.paragraphs[0].text == "2 weddings"
    rows = [(r.label, r.cell.text) for r in section.tables[0].rows]
    assert rows == [("生病住院", "4"), ("婚嫁", "2")]
    assert section.charts[0].bars == [("生病住院", 4.0), ("婚嫁", 2.0)]


def test_a_section_key_cannot_be_registered_twice(registry):
    summary.section("x", order=1, title="x")(lambda org, period: None)
    with pytest.raises(ValueError, match="registered twice"):
        summary.section("x", order=2, title="x")(lambda org, period: None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-2026", dt.date(2025, 9, 1), dt.date(2026, 8, 31)),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    ],
)
def test_periods_are_written_as_their_labels(text, start, end):
    period = periods.parse(text)
    assert (period.start, period.end, period.label) == (start, end, text)


@pytest.mark.parametrize("text", ["", "2025-2027", "2025-13", "last year"])
def test_a_bad_period_is_explained(text):
    with translation.override("en"), pytest.raises(periods.BadPeriod, match="is not a period"):
        periods.parse(text)


def test_the_default_period_is_the_latest_school_year():
    assert periods.default(dt.date(2026, 7, 1)).label == "2025-2026"
    assert periods.default(dt.date(2026, 10, 9)).label == "2025-2026"
    assert periods.default(dt.date(2027, 1, 9)).label == "2026-2027"
