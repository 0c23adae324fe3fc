"""A competition's published results reach the honours register, the funds ledger (under the
activity's budget line) and the summary; its indicators reconcile with their records and the
prize money with the ledger rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_competitions import competition, entries
from tests.factories_funds import budget, refuse_outside_budget
from tests.personas import chair_of
from unionhall.competitions import services
from unionhall.competitions.models import Award, Competition
from unionhall.core import indicators
from unionhall.core.periods import Period
from unionhall.funds.models import Category, LedgerEntry
from unionhall.honours.models import Honour, Level, Source
from unionhall.honours.selectors import has_honour
from unionhall.reports.build import summary_build

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(morning_of(dt.date(2025, 10, 20)), tick=False),
]
YEAR = Period.year(2025)


@pytest.fixture
def published(school):
    budget(school, 2025, Category.ACTIVITIES, 5000)
    comp = competition(school, title="青年教师教学比武", level=Level.SCHOOL)
    organiser = comp.created_by
    made = entries(comp, organiser, 9, scores=[95, 93, 91, 89, 87, 85, 83, 81, 79])
    team = services.entry_add(
        competition=comp,
        actor=organiser,
        team_name="英语组",
        team_members=[MemberFactory(org=school), MemberFactory(org=school)],
    )
    for judge, score in (("评委甲", 70), ("评委乙", 70), ("评委丙", 70)):
        services.score_record(entry=team, actor=organiser, judge=judge, score=score)
    services.results_rank(competition=comp, actor=organiser)
    services.results_publish(competition=comp, actor=organiser, awarded_on=dt.date(2025, 10, 16))
    return comp, made


def test_winners_go_into_the_honours_register_linked_to_their_award(school, published):
    _comp, made = published
    # 10 entries, 6 places, 2/3 of 10 = 6: all six places are given.
    assert Award.objects.count() == 6
    first = Honour.objects.get(member=made[0].member)
    assert first.source == Source.COMPETITION and first.rank == "first"
    assert first.title == "青年教师教学比武" and first.level == Level.SCHOOL
    assert first.source_record == Award.objects.get(entry=made[0])
    on = dt.date(2025, 10, 20)
    assert has_honour(made[0].member, title_contains="教学比武", within_years=1, on=on)
    assert not has_honour(made[8].member, title_contains="教学比武")


def test_money_prizes_post_to_the_ledger_under_the_activity_budget_line(school, published):
    comp, _made = published
    rows = LedgerEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(Award),
        source_id__in=Award.objects.values("pk"),
    )
    assert rows.count() == 6
    assert {r.category for r in rows} == {comp.activity.budget_category}
    assert sum(r.amount for r in rows) == -Decimal("500.00") - 2 * Decimal("300.00") - 3 * Decimal(
        "200.00"
    )
    money = indicators.get("competitions.prize_money")(school, YEAR)
    assert money.value == Decimal("1700.00") == -sum(r.amount for r in rows)


def test_the_indicators_reconcile_with_their_records(school, published):
    for name, expected in (
        ("competitions.held", 1),
        ("competitions.entries", 10),
        ("competitions.prizes", 6),
    ):
        result = indicators.get(name)(school, YEAR)
        assert result.value == expected == len(list(result.records)), name
    by_rank = indicators.get("competitions.prizes_by_rank")(school, YEAR)
    assert by_rank.value == {"一等奖": 1, "二等奖": 2, "三等奖": 3} or by_rank.value == {
        "First prize": 1,
        "Second prize": 2,
        "Third prize": 3,
    }
    honours = indicators.get("honours.by_level")(school, YEAR)
    assert sum(honours.value.values()) == 6


def test_the_summary_names_the_winners_with_their_prizes_and_levels(school, published):
    _comp, made = published
    built = summary_build(org=school, period=YEAR)
    [section] = [s for s in built.sections if s.key == "competitions"]
    text = " ".join(p.text for p in section.paragraphs)
    # The section counts the prizes by rank and sends the reader to the honours for the names
    # (issue 22 §1: figures aggregated where a list would run on; each winner named once).
    [honours] = [s for s in built.sections if s.key == "honours"]
    assert "共评出奖项6个，其中一等奖1项、二等奖2项、三等奖3项" in text
    assert f"获奖名单见“{honours.title}”" in text and made[0].member.name not in text
    assert "1,700.00" in text or "1700.00" in text
    [winners] = [t for t in honours.tables if t.title == "获奖名单"]
    named = sorted((row.label, row.cell.text) for row in winners.rows)
    prizes = ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖"]
    assert named == sorted(
        (entry.member.name, f"青年教师教学比武{prize}（校级）")
        for entry, prize in zip(made, prizes, strict=False)
    )


def test_an_empty_year_says_nothing_was_recorded(school, english):
    built = summary_build(org=school, period=Period.year(2001))
    for key, sentence in (
        ("competitions", "No competitions were recorded in this period."),
        ("honours", "No honours or prizes were recorded in this period."),
    ):
        [section] = [s for s in built.sections if s.key == key]
        assert not section.tables
        assert [p.text for p in section.paragraphs] == [sentence]


def test_a_budget_refusal_publishes_nothing(school):
    refuse_outside_budget(school)
    comp = competition(school)
    organiser = comp.created_by
    entries(comp, organiser, 6, scores=[90, 89, 88, 87, 86, 85])
    services.results_rank(competition=comp, actor=organiser)
    with pytest.raises(ValidationError, match=r"预算|budget"):
        services.results_publish(competition=comp, actor=chair_of(school))
    assert not Award.objects.exists() and not Honour.objects.exists()
    assert Competition.objects.get().state == Competition.State.OPEN
