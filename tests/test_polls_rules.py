"""The pure rules that decide a poll: quorum, thresholds and their base, surplus, elected or
not, ties, the runoff pool, satisfaction rates with answers left out."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionhall.polls import rules
from unionhall.polls.strokes import stroke_key


@pytest.mark.parametrize(
    ("present", "entitled", "met"),
    [(20, 30, True), (19, 30, False), (67, 100, True), (66, 100, False), (0, 0, False)],
)
def test_quorum_is_two_thirds_of_those_entitled(present, entitled, met):
    assert rules.quorum_met(present, entitled, (2, 3)) is met


@pytest.mark.parametrize(
    ("votes", "base", "passes"),
    [(51, 100, True), (50, 100, False), (16, 30, True), (15, 30, False)],
)
def test_more_than_half_means_strictly_more(votes, base, passes):
    assert rules.share_met(votes, base, (1, 2), strict=True) is passes


def test_eighty_percent_or_more_includes_eighty():
    assert rules.share_met(80, 100, (4, 5), strict=False)
    assert not rules.share_met(79, 100, (4, 5), strict=False)


def test_the_base_decides_more_than_half_of_those_entitled_not_of_those_voting():
    # 100 entitled, 70 voted: 40 votes are more than half of the votes but not of the entitled.
    base = rules.base_count(rules.ENTITLED, entitled=100, present=70, cast=70, valid=68)
    assert not rules.share_met(40, base, (1, 2), strict=True)
    base = rules.base_count(rules.CAST, entitled=100, present=70, cast=70, valid=68)
    assert rules.share_met(40, base, (1, 2), strict=True)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_least_to_pass_is_the_edge_of_share_met(base, numerator_seed):
    for share, strict in (((1, 2), True), ((2, 3), False), ((4, 5), False)):
        least = rules.least_to_pass(base, share, strict=strict)
        assert rules.share_met(least, base, share, strict=strict)
        assert least == 0 or not rules.share_met(least - 1, base, share, strict=strict)


@pytest.mark.parametrize(
    ("candidates", "seats", "ok"),
    [(7, 7, False), (8, 7, True), (20, 20, False), (21, 20, True), (41, 40, False), (42, 40, True)],
)
def test_a_contested_body_needs_five_percent_more_candidates(candidates, seats, ok):
    assert rules.surplus_ok(candidates, seats, 5) is ok


def test_an_uncontested_body_may_have_as_many_candidates_as_seats():
    assert rules.surplus_ok(3, 3, 0)


def test_over_voting_invalidates_the_ballot():
    assert rules.over_voted(4, 3)
    assert not rules.over_voted(3, 3)


def test_more_ballots_returned_than_issued_voids_the_poll():
    assert not rules.box_reconciles(issued=50, returned=51)
    assert rules.box_reconciles(issued=50, returned=50)


def test_the_most_votes_win_when_more_qualify_than_there_are_seats():
    votes = {"甲": 30, "乙": 28, "丙": 26, "丁": 10}
    outcome = rules.elect(votes, seats=2, base=40)
    assert outcome.elected == ["甲", "乙"]
    assert not outcome.needs_runoff


def test_a_tie_at_the_last_seat_goes_to_a_runoff_among_the_tied():
    votes = {"甲": 30, "乙": 26, "丙": 26, "丁": 10}
    outcome = rules.elect(votes, seats=2, base=40)
    assert outcome.elected == ["甲"]
    assert sorted(outcome.runoff_candidates) == ["丙", "乙"]
    assert outcome.runoff_seats == 1


def test_a_tie_left_vacant_when_the_rules_say_so():
    votes = {"甲": 30, "乙": 26, "丙": 26}
    outcome = rules.elect(votes, seats=2, base=40, tie=rules.VACANT)
    assert outcome.elected == ["甲"] and outcome.vacant == 1 and not outcome.needs_runoff


def test_a_shortfall_goes_to_a_runoff_among_those_below_the_threshold():
    votes = {"甲": 30, "乙": 18, "丙": 15, "丁": 12, "戊": 3}
    outcome = rules.elect(votes, seats=3, base=40, surplus_percent=5)
    assert outcome.elected == ["甲"]
    assert outcome.shortfall == 2 and outcome.runoff_seats == 2
    # two seats need at least three candidates: the three best of the others
    assert outcome.runoff_candidates == ["乙", "丙", "丁"]


def test_a_shortfall_left_vacant():
    outcome = rules.elect({"甲": 30, "乙": 10}, seats=2, base=40, shortfall=rules.VACANT)
    assert outcome.elected == ["甲"] and outcome.vacant == 1


@given(
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 60), min_size=1, max_size=9),
    st.integers(1, 5),
    st.integers(1, 60),
)
def test_never_more_elected_than_seats_and_all_elected_pass(votes, seats, base):
    outcome = rules.elect(votes, seats=seats, base=base)
    assert len(outcome.elected) + outcome.runoff_seats + outcome.vacant <= seats
    assert all(rules.share_met(votes[c], base, (1, 2), strict=True) for c in outcome.elected)
    assert not set(outcome.elected) & set(outcome.runoff_candidates)


def test_satisfaction_rate_leaves_dont_know_out_of_the_denominator():
    counts = {"satisfied": 20, "fairly": 10, "basic": 5, "dissatisfied": 5, "unknown": 10}
    rate = rules.satisfaction_rate(
        counts, satisfied=["satisfied", "fairly", "basic"], excluded=["unknown"]
    )
    assert (rate.numerator, rate.denominator, rate.excluded) == (35, 40, 10)
    assert rate.value == Decimal("87.5")


def test_no_answers_is_no_rate():
    assert rules.satisfaction_rate({}, satisfied=["satisfied"]).value is None


def test_a_class_counts_when_two_thirds_of_its_codes_were_used():
    assert rules.participation_met(30, 45)
    assert not rules.participation_met(29, 45)


def test_candidates_in_stroke_order_of_the_surname():
    names = ["王芳", "丁一", "李明", "马力", "欧阳晓", "刘洋"]
    assert sorted(names, key=stroke_key) == ["丁一", "马力", "王芳", "刘洋", "李明", "欧阳晓"]


def test_every_kind_has_defaults_from_the_rules():
    assert rules.defaults_for("election")["quorum"] == [2, 3]
    assert rules.defaults_for("election")["pass_base"] == "entitled"
    assert rules.defaults_for("selection")["pass"] == [4, 5]
    assert rules.defaults_for("satisfaction")["excluded"] == ["unknown"]
