"""The two prize rules (减一录取 and the award share), the chair's override, and the judges'
trimmed mean: as pure functions and through the services."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from tests.clock import morning_of
from tests.factories_activities import culture_of
from tests.factories_competitions import competition, entries
from tests.personas import chair_of
from unionhall.competitions import rules, services
from unionhall.competitions.models import Competition
from unionhall.core.audit import history
from unionhall.honours.models import Honour

D = Decimal


def test_one_fewer_place_is_awarded_than_entries_when_entries_are_fewer_than_places():
    assert rules.most_by_one_fewer(entries=4, places=6) == 3
    assert rules.most_by_one_fewer(entries=6, places=6) == 6
    assert rules.most_by_one_fewer(entries=1, places=3) == 0


def test_the_award_share_rounds_down():
    assert rules.most_by_share(entries=10, share=Fraction(2, 3)) == 6
    assert rules.most_by_share(entries=10, share=Fraction(1, 3)) == 3


def test_each_broken_rule_is_named():
    found = rules.breaches(entries=4, places=6, winners=4, share=Fraction(2, 3))
    assert [b.rule for b in found] == [rules.ONE_FEWER, rules.AWARD_SHARE]
    assert rules.breaches(entries=9, places=6, winners=6, share=Fraction(2, 3)) == []
    found = rules.breaches(entries=9, places=6, winners=4, share=Fraction(1, 3))
    assert [b.rule for b in found] == [rules.AWARD_SHARE]


def test_the_trimmed_mean_drops_the_highest_and_lowest():
    assert rules.final_score([D("90"), D("80"), D("85"), D("99"), D("60")], trim=1) == D("85.00")
    assert rules.final_score([D("90"), D("80")], trim=1) == D("85.00")
    assert rules.final_score([], trim=1) is None
    assert rules.places_of([D("9"), D("8"), D("9"), None, D("7")]) == [1, 3, 1, None, 4]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
@pytest.mark.time_machine(morning_of(dt.date(2025, 10, 20)), tick=False)
class TestThroughTheServices:
    def test_ranking_proposes_only_the_prizes_both_rules_allow(self, school):
        comp = competition(school)
        organiser = comp.created_by
        # 4 entries for 6 places: one fewer → 3; 2/3 of 4 → 2. So 2 prizes.
        made = entries(comp, organiser, 4, scores=[90, 80, 85, 70])
        services.results_rank(competition=comp, actor=organiser)
        ranked = {e.pk: e for e in comp.entries.all()}
        assert [ranked[e.pk].place for e in made] == [1, 3, 2, 4]
        prized = [e for e in made if ranked[e.pk].tier_id]
        assert len(prized) == 2
        assert ranked[made[0].pk].tier.rank == "first"
        assert ranked[made[2].pk].tier.rank == "second"

    def test_giving_too_many_prizes_is_refused_with_the_rules_named(self, school):
        comp = competition(school)
        organiser = comp.created_by
        made = entries(comp, organiser, 4, scores=[90, 80, 85, 70])
        services.results_rank(competition=comp, actor=organiser)
        third = comp.tiers.get(rank="third")
        services.entry_prize_set(entry=made[1], actor=organiser, tier=third)
        services.entry_prize_set(entry=made[3], actor=organiser, tier=third)
        with pytest.raises(services.PrizeRuleBroken) as refused:
            services.results_publish(competition=comp, actor=organiser)
        assert set(refused.value.rules) == {rules.ONE_FEWER, rules.AWARD_SHARE}
        assert any("one-fewer rule" in m for m in refused.value.broken)
        assert not Honour.objects.exists()
        # The culture committee member may not override …
        with pytest.raises(ValidationError, match="Only the union chair"):
            services.results_publish(competition=comp, actor=organiser, override_reason="全员鼓励")
        assert Competition.objects.get().state == Competition.State.OPEN

    def test_the_chair_overrides_with_a_reason_that_is_kept(self, school):
        comp = competition(school)
        organiser = comp.created_by
        made = entries(comp, organiser, 4, scores=[90, 80, 85, 70])
        services.results_rank(competition=comp, actor=organiser)
        third = comp.tiers.get(rank="third")
        services.entry_prize_set(entry=made[1], actor=organiser, tier=third)
        chair = chair_of(school)
        awards = services.results_publish(
            competition=comp, actor=chair, override_reason="区里推荐名额需要三名获奖者"
        )
        assert len(awards) == 3
        comp.refresh_from_db()
        assert comp.overridden_by == chair and "award share" in comp.overridden_rules
        assert comp.override_reason == "区里推荐名额需要三名获奖者"
        assert any("rules overridden" in e.summary_shown.lower() for e in history(comp))

    def test_an_organisation_sets_its_own_award_share(self, school):
        services.competition_policy_set(
            org=school, actor=chair_of(school), numerator=1, denominator=3, source="宁夏"
        )
        comp = competition(school)
        organiser = comp.created_by
        entries(comp, organiser, 9, scores=[90, 89, 88, 87, 86, 85, 84, 83, 82])
        ranked = services.results_rank(competition=comp, actor=organiser)
        assert sum(1 for e in ranked if e.tier_id) == 3
        with pytest.raises(ValidationError, match="fraction"):
            services.competition_policy_set(
                org=school, actor=chair_of(school), numerator=4, denominator=3
            )

    def test_a_published_competition_no_longer_changes(self, school):
        comp = competition(school)
        organiser = comp.created_by
        entries(comp, organiser, 6, scores=[90, 89, 88, 87, 86, 85])
        services.results_rank(competition=comp, actor=organiser)
        services.results_publish(competition=comp, actor=organiser)
        with pytest.raises(ValidationError, match="published"):
            services.entry_add(competition=comp, actor=culture_of(school), team_name="x")
