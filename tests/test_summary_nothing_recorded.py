"""Nothing recorded is not zero: the summary says so in words, a rate without a denominator says
there was nothing to measure, and a section with nothing recorded is one sentence with no table
and no chart, on the page and in the .docx."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from docx import Document

from tests.factories_funds import opening, post
from tests.personas import chair_of
from unionhall.core import indicators, summary
from unionhall.core.indicators import RATE, Indicator, IndicatorValue, Period, format_value
from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table
from unionhall.funds.models import Category
from unionhall.reports import charts
from unionhall.reports.build import BuiltChart, summary_build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGE = "/o/{code}/reports/summary/"
DOCX = "/o/{code}/reports/summary.docx"


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def _sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="mb-4" id="section-(\w+)">(.*?)</section>', html, re.S))


def _docx(content: bytes) -> tuple[str, list[str], list[list[str]]]:
    """The text, the images and each table's first column (below its header)."""
    document = Document(io.BytesIO(content))
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
    tables = [[row.cells[0].text for row in table.rows[1:]] for table in document.tables]
    return "\n".join(p.text for p in document.paragraphs), images, tables


def test_an_empty_year_says_nothing_was_recorded_on_the_page_and_in_the_docx(client, school, chair):
    html = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    sections = _sections(html)
    assert {"care", "funds", "congress", "voice"} <= set(sections)
    for key in ("care", "funds", "congress", "voice"):
        body = sections[key]
        assert body.count("<p data-computed>") == 1, key  # one sentence
        assert "<table" not in body and "<img" not in body, key
    assert "Nothing was recorded in the funds ledger" in sections["funds"]
    assert not re.search(r">0(\.0+)?%?<", html)  # no zero stated as a fact
    text, images, tables = _docx(
        client.get(DOCX.format(code=school.code), {"period": "2025-2026"}).content
    )
    assert "Nothing was recorded in the funds ledger" in text
    # No chart and no table of figures: only the appendix 数据来源, whose one row is the one
    # problem an empty year still has (no work plan, no photos: archive parts missing).
    assert images == []
    assert tables == [["Archive parts missing"]]


@pytest.fixture
def registry(monkeypatch):
    """Only the sections and indicators a test registers."""
    indicators.all_indicators()
    summary.all_sections()
    monkeypatch.setattr(indicators, "_REGISTRY", {})
    monkeypatch.setattr(summary, "_REGISTRY", {})
    monkeypatch.setattr(indicators, "autodiscover", lambda: None)
    monkeypatch.setattr(summary, "autodiscover", lambda: None)

    def add(name, value, *, kind="count", unit="", empty=""):
        compute = lambda org, period: IndicatorValue(value, [])  # noqa: E731
        indicators._REGISTRY[name] = Indicator(
            name, name, unit, compute, kind=kind, empty=empty, summed="x"
        )

    return add


def _only(school, *parts, empty=""):
    @summary.section("s", order=1, title="S")
    def build(org, period):
        return Section(
            paragraphs=[p for p in parts if isinstance(p, Paragraph)],
            tables=[p for p in parts if isinstance(p, Table)],
            charts=[p for p in parts if isinstance(p, Chart)],
            empty=empty,
        )

    [built] = summary_build(org=school, period=Period.year(2025)).sections
    return built


def test_a_rate_prints_its_per_cent_sign_once_and_without_a_denominator_says_so(registry, school):
    registry("answer_rate", 66.7, kind=RATE)
    registry("on_time", None, kind=RATE, empty="no proposals to answer")
    registry("answered", 4)
    built = _only(
        school,
        Paragraph(
            "{answered} answered: {rate}% of them.",
            answered=Figure("answered"),
            rate=Figure("answer_rate"),
        ),
        Paragraph(
            "{answered} answered; on time: {on_time}%.",
            answered=Figure("answered"),
            on_time=Figure("on_time"),
        ),
    )
    # A sentence never says "nothing" in its middle: it is left out, and the section says once
    # what was not recorded.
    assert [p.text for p in built.paragraphs] == [
        "4 answered: 66.7% of them.",
        "Not recorded in this period: on_time.",
    ]
    # the same rendering on every page: pages and documents all call the indicator's format
    assert indicators.get("answer_rate").format(66.7) == "66.7%"
    assert indicators.get("on_time").format(None) == "no proposals to answer"
    assert format_value(None, kind=RATE) == "nothing to measure"
    assert format_value(None) == "not recorded"


def test_a_paragraph_with_nothing_recorded_is_its_nothing_recorded_sentence(registry, school):
    registry("visits", None, unit="visits")
    registry("amount", Decimal("120.00"), unit="yuan")
    built = _only(
        school,
        Paragraph("{visits} visits.", visits=Figure("visits"), empty="No visit was recorded."),
        Paragraph("Visits: {visits} times.", visits=Figure("visits")),
        Paragraph(
            "Given: {amount} yuan; visits: {visits} visits.",
            amount=Figure("amount"),
            visits=Figure("visits"),
        ),
    )
    # Its own sentence where it has one; else left out, and so is a sentence with a figure not
    # recorded beside one that is: the section says once what was not recorded.
    assert [p.text for p in built.paragraphs] == [
        "No visit was recorded.",
        "Not recorded in this period: visits.",
    ]


def test_a_section_with_nothing_recorded_is_one_sentence_without_table_or_chart(registry, school):
    registry("visits", None)
    registry("by_kind", None, kind="breakdown")
    parts = (
        Paragraph("{visits} visits.", visits=Figure("visits")),
        Table(columns=("a", "b"), rows=[("visits", Figure("visits"))]),
        Table.breakdown("by_kind", columns=("a", "b")),
        Chart(title="c", bars=[("visits", Figure("visits"))]),
        Chart.breakdown("by_kind", title="k"),
    )
    built = _only(school, *parts, empty="No care visit was recorded.")
    assert [p.text for p in built.paragraphs] == ["No care visit was recorded."]
    assert built.tables == [] and built.charts == []
    summary._REGISTRY.clear()
    built = _only(school, *parts)
    assert [p.text for p in built.paragraphs] == [
        "Nothing was recorded for this part of the union's work in the period (2025)."
    ]


def test_a_chart_with_nothing_to_draw_is_never_drawn(registry, school):
    registry("zero", 0)
    registry("missing", None)
    registry("some", 3)
    built = _only(
        school,
        Paragraph("{some}", some=Figure("some")),
        Chart(title="zeros", bars=[("a", Figure("zero")), ("b", Figure("missing"))]),
        Chart(title="drawn", bars=[("a", Figure("some")), ("b", Figure("missing"))]),
    )
    assert [(c.title, c.bars) for c in built.charts] == [("drawn", [("a", 3.0)])]
    with pytest.raises(charts.NothingToDraw):
        charts.bar_chart_png(BuiltChart("empty", "yuan", [("a", 0.0)]))


def test_the_funds_section_states_opening_income_spending_and_closing_and_they_reconcile(
    client, school, chair
):
    opening(school, "10000.00", date=dt.date(2025, 1, 1))
    post(school, 20000, Category.ALLOCATION, date=dt.date(2025, 9, 10))
    post(school, 3000, Category.ACTIVITIES, date=dt.date(2025, 10, 8))
    post(school, 500, Category.RIGHTS, date=dt.date(2026, 1, 20))
    period = Period.school_year(2025)
    figures = {
        name: indicators.get(name)(school, period)
        for name in (
            "funds.opening_balance",
            "funds.income",
            "funds.expense",
            "funds.closing_balance",
        )
    }
    values = {name: result.value for name, result in figures.items()}
    assert values == {
        "funds.opening_balance": Decimal("10000.00"),
        "funds.income": Decimal("20000.00"),
        "funds.expense": Decimal("3500.00"),
        "funds.closing_balance": Decimal("26500.00"),
    }
    for name, result in figures.items():
        found = indicators.get(name)
        assert sum(found.amount_of(r) for r in result.records) == result.value, name
    html = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    funds = _sections(html)["funds"]
    for text in ("10,000.00", "20,000.00", "3,500.00", "26,500.00"):
        assert re.search(rf'<a [^>]*href="[^"]+"[^>]*>{text}</a>', funds), text
    assert "No dues were recorded in the period." in funds
    records = re.search(r'href="([^"]+funds.opening_balance[^"]*)"', funds)[1].replace("&amp;", "&")
    page = client.get(records).content.decode()
    assert "2025-01-01 opening balance 10,000.00" in page


def test_the_year_before_the_opening_balance_says_it_is_not_recorded(client, school, chair):
    opening(school, "10000.00", date=dt.date(2025, 1, 1))
    post(school, 3000, Category.ACTIVITIES, date=dt.date(2024, 12, 10))  # inside the opening
    year_before = Period.year(2024)
    assert indicators.get("funds.opening_balance")(school, year_before).value is None
    assert indicators.get("funds.closing_balance")(school, year_before).value is None
    html = client.get(PAGE.format(code=school.code), {"period": "2024"}).content.decode()
    funds = _sections(html)["funds"]
    assert "The opening balance of the union funds for the period is not recorded." in funds
    assert "The balance of the union funds at the end of the period is not recorded." in funds
    assert "-3,000.00" not in funds
    assert indicators.get("funds.closing_balance")(school, Period.year(2025)).value == Decimal(
        "10000.00"
    )
