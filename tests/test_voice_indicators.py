"""Suggestion indicators for the year-end summary, and the demo suggestions behind them."""

import datetime as dt

import pytest

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_voice import CategoryFactory, SuggestionFactory
from tests.personas import member_of
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.demo.voice import seed_voice_demo
from unionhall.voice.models import Suggestion

YEAR = Period.school_year(2025)
ANSWERED = {"state": "answered", "answer": "采纳", "answered_at": "2026-03-05T09:00:00+08:00"}


def test_received_adopted_and_by_category_count_the_period(school, other_school):
    canteen = CategoryFactory(org=school, name="后勤保障")
    safety = CategoryFactory(org=school, name="安全管理")
    SuggestionFactory(org=school, category=canteen, adopted=True, **ANSWERED)
    SuggestionFactory(org=school, category=canteen, adopted=False, **ANSWERED)
    SuggestionFactory(org=school, category=safety)
    SuggestionFactory(org=school, category=safety, submitted_on=dt.date(2025, 8, 31))  # before
    SuggestionFactory(org=other_school)

    received = indicators.get("voice.received")(school, YEAR)
    adopted = indicators.get("voice.adopted")(school, YEAR)
    by_category = indicators.get("voice.by_category")(school, YEAR)

    assert received.value == 3 and len(list(received.records)) == 3
    assert adopted.value == 1 and adopted.records.get().adopted
    assert by_category.value == {"后勤保障": 2, "安全管理": 1}
    assert sum(by_category.value.values()) == received.value


def test_records_are_described_without_the_author(school):
    author = member_of(school, display_name="不应出现")
    SuggestionFactory(org=school, author=author, title="增加停车位")
    indicator = indicators.get("voice.received")
    shown = [indicator.describe(r) for r in indicator(school, YEAR).records]
    assert "增加停车位" in shown[0] and "不应出现" not in shown[0]


@pytest.fixture
def demo_school(school):
    for role in ["chair", "leader", "leader", "committee_welfare"]:
        grant(UserFactory(), school, role)
    for _ in range(12):
        user = member_of(school)
        MemberFactory(org=school, user=user)
    seed_voice_demo(school, today=dt.date(2026, 6, 30))
    return school


def test_the_demo_gives_about_a_hundred_varied_suggestions(demo_school):
    rows = Suggestion.objects.filter(org=demo_school)
    assert 95 <= rows.count() <= 105
    states = set(rows.values_list("state", flat=True))
    assert states == {"new", "routed", "answered", "merged"}
    assert rows.filter(author__isnull=True, channel="member").count() >= 10
    assert rows.filter(channel="parent").exists()
    assert rows.filter(adopted=True).exists() and rows.exclude(board="").exists()
    assert rows.filter(board="public").exists()
    assert not rows.filter(submitted_on__gt=dt.date(2026, 6, 30)).exists()
    # Running it again adds nothing.
    assert seed_voice_demo(demo_school) == 0


def test_the_demo_figures_add_up(demo_school):
    year = Period(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    received = indicators.get("voice.received")(demo_school, year).value
    adopted = indicators.get("voice.adopted")(demo_school, year).value
    by_category = indicators.get("voice.by_category")(demo_school, year).value
    assert received == Suggestion.objects.filter(org=demo_school).count()
    assert 0 < adopted < received
    assert sum(by_category.values()) == received and len(by_category) == 7


def test_the_demo_pages_render(client, demo_school):
    chair = demo_school.role_assignments.filter(role="chair").first().user
    client.force_login(chair)
    for url in [
        "voice/all/",
        "voice/board/",
        "voice/grouping/",
        "voice/themes/",
        "voice/settings/",
    ]:
        assert client.get(f"/o/{demo_school.code}/{url}").status_code == 200, url
    assert client.get(f"/p/{demo_school.code}/answers/").status_code == 200
