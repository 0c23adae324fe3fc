"""The suggestions section of the year-end summary: staff and public counted apart; how many
were routed, answered and adopted; the leading themes, each linked to its own suggestions."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories_voice import SuggestionFactory
from tests.personas import chair_of, leader_of
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.reports.build import summary_build
from unionhall.voice.models import Suggestion, Theme

pytestmark = pytest.mark.usefixtures("english")

YEAR = Period.year(2026)
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def box(school):
    """Nine suggestions of 2026: six from staff, two from parents, one from a student; five
    routed, four answered, two adopted; three themes."""
    leader = leader_of(school)
    canteen = Theme.objects.create(org=school, name="食堂伙食")
    parking = Theme.objects.create(org=school, name="停车")
    Theme.objects.create(org=school, name="没有建议的主题")
    channels = ["member"] * 6 + ["parent"] * 2 + ["student"]
    rows = [
        SuggestionFactory(org=school, channel=channel, submitted_on=DAY) for channel in channels
    ]
    answered = {"state": "answered", "answer": "已落实。", "answered_at": timezone.now()}
    handled = [
        {"adopted": True, **answered},
        {"adopted": True, **answered},
        answered,
        answered,
        {"state": "routed"},
    ]
    for row, fields in zip(rows[3:8], handled, strict=True):
        for name, value in {"assignee": leader, "routed_at": timezone.now(), **fields}.items():
            setattr(row, name, value)
        row.save()
    for row in rows[:4]:
        row.theme = canteen
        row.save()
    rows[4].theme = parking
    rows[4].save()
    # Last year's, not counted.
    SuggestionFactory(org=school, submitted_on=dt.date(2025, 12, 31), theme=canteen)
    return rows


def _section(school):
    [found] = [s for s in summary_build(org=school, period=YEAR).sections if s.key == "voice"]
    return found


def test_staff_and_public_suggestions_are_counted_apart(school, box):
    texts = [p.text for p in _section(school).paragraphs]
    assert "Suggestions received in the period: 9, 6 of them from staff." in texts
    assert "Suggestions from parents, students and the public: 3." in texts


def test_it_says_how_many_were_routed_answered_and_adopted(school, box):
    texts = [p.text for p in _section(school).paragraphs]
    assert (
        "Passed to the school's leaders to handle: 5 suggestions; answered: 4; adopted: 2." in texts
    )
    table = _section(school).tables[0]
    assert [(r.label, r.cell.text) for r in table.rows] == [
        ("Received", "9"),
        ("From staff", "6"),
        ("From parents, students and the public", "3"),
        ("Routed to leaders", "5"),
        ("Answered", "4"),
        ("Adopted", "2"),
    ]


def test_it_names_the_leading_themes_largest_first(school, box):
    section = _section(school)
    assert (
        "Suggestions the committee grouped into themes: 5; the themes raised most often are "
        "listed in the table below." in [p.text for p in section.paragraphs]
    )
    themes = next(t for t in section.tables if t.title == "Leading themes of the suggestions")
    assert [(r.label, r.cell.text) for r in themes.rows] == [("食堂伙食", "4"), ("停车", "1")]


def test_each_theme_lists_its_own_suggestions(school, box):
    result = indicators.get("voice.leading_themes")(school, YEAR)
    assert [s.pk for s in result.parts["食堂伙食"].records] == [s.pk for s in box[:4]]
    assert list(result.parts["停车"].records) == [box[4]]


def test_only_the_leading_themes_are_named(school):
    for n in range(7):
        theme = Theme.objects.create(org=school, name=f"主题{n}")
        for _ in range(n + 1):
            SuggestionFactory(org=school, submitted_on=DAY, theme=theme)
    result = indicators.get("voice.leading_themes")(school, YEAR)
    assert list(result.value) == ["主题6", "主题5", "主题4", "主题3", "主题2"]
    assert result.records.count() == 7 + 6 + 5 + 4 + 3


def test_on_the_page_the_figures_link_to_their_records(client, school, box):
    client.force_login(chair_of(school))
    page = client.get(f"/o/{school.code}/reports/summary/", {"period": "2026"}).content.decode()
    for name in ("voice.received_staff", "voice.received_public", "voice.routed", "voice.answered"):
        assert f'href="/o/{school.code}/reports/indicator/{name}/?period=2026"' in page


def test_the_public_ones_are_those_of_parents_and_students(school, box):
    records = indicators.get("voice.received_public")(school, YEAR).records
    assert {s.channel for s in records} == {Suggestion.Channel.PARENT, Suggestion.Channel.STUDENT}
