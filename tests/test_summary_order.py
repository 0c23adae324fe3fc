"""The sections of the summary come in the order of a school union's year-end summary, set in one
place (core.summary.SECTION_ORDER), so that a later app's section slots into its place."""

import pytest

from unionhall.core import indicators, summary
from unionhall.core.indicators import Indicator, IndicatorValue, Period
from unionhall.core.summary import SECTION_ORDER, Figure, Paragraph, Section
from unionhall.reports.build import summary_build


def test_the_installed_apps_sections_come_in_the_usual_order():
    keys = [spec.key for spec in summary.all_sections()]
    assert keys == [
        "members",
        "congress",
        "voice",
        "polls",
        "care",
        "activities",
        "women",
        "competitions",
        "honours",
        "mentoring",
        "funds",
        "plans",
    ]


def test_the_order_is_that_of_a_union_summary():
    def place(key):
        return SECTION_ORDER.index(key)

    # The union itself first, then democratic management, care, culture, the funds; plans last.
    assert place("members") < place("congress") < place("voice") < place("care")
    assert place("care") < place("activities") < place("funds") < place("plans")
    assert SECTION_ORDER[-1] == "plans"


@pytest.fixture
def registry(monkeypatch):
    summary.all_sections()
    monkeypatch.setattr(summary, "_REGISTRY", {})
    monkeypatch.setattr(summary, "autodiscover", lambda: None)


@pytest.mark.usefixtures("registry")
def test_a_later_apps_section_slots_into_its_place():
    for key in ("funds", "activities", "members", "latecomer", "polls"):
        summary.section(key, title=key)(lambda org, period: None)
    # A section SECTION_ORDER does not list goes after every listed one, unless it says where.
    summary.section("early", title="early", order=1)(lambda org, period: None)
    keys = [spec.key for spec in summary.all_sections()]
    assert keys == ["early", "members", "polls", "activities", "funds", "latecomer"]


@pytest.mark.usefixtures("registry")
def test_a_listed_section_keeps_its_place_whatever_order_it_declares():
    summary.section("funds", title="经费", order=1)(lambda org, period: None)
    summary.section("members", title="会员", order=99)(lambda org, period: None)
    assert [spec.key for spec in summary.all_sections()] == ["members", "funds"]


@pytest.mark.usefixtures("registry")
def test_the_numbers_follow_the_order(school, monkeypatch):
    indicators.all_indicators()
    monkeypatch.setattr(indicators, "_REGISTRY", {})
    monkeypatch.setattr(indicators, "autodiscover", lambda: None)
    indicators._REGISTRY["x.count"] = Indicator(
        "x.count", "x", "", lambda org, period: IndicatorValue(3, [])
    )

    def with_a_figure(org, period):
        return Section(paragraphs=[Paragraph("{n}", n=Figure("x.count"))])

    for key in ("funds", "care", "congress"):
        summary.section(key, title=key)(with_a_figure)
    built = summary_build(org=school, period=Period.year(2025))
    assert [(s.number, s.key) for s in built.sections] == [
        ("（一）", "congress"),
        ("（二）", "care"),
        ("（三）", "funds"),
    ]
