"""Care visits under the organisation's care rules (慰问标准)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import chair_of, welfare_of
from unionhall.care.models import CareRecipient, CareRule, CareVisit
from unionhall.care.services import CareRuleBroken, care_rule_save
from unionhall.core.models import AuditEntry
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


@pytest.fixture
def rules(school):
    return load_rules(school)


def test_it_loads_the_example_rules_as_data(school, rules):
    assert CareRule.objects.filter(org=school).count() == 9
    festival = CareRule.objects.get(org=school, kind="festival")
    assert festival.annual_cap == Decimal("2200.00")
    assert festival.cash_allowed is False


def test_it_refuses_a_visit_over_the_cap_naming_the_rule(school, rules):
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    with pytest.raises(CareRuleBroken) as refused:
        record(school, officer, [member], kind="hardship", amount=Decimal("2500.00"), is_cash=True)
    assert "cap 2000.00 per visit" in refused.value.messages[0]
    assert not CareVisit.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_it_refuses_cash_where_goods_are_required(school, rules):
    with pytest.raises(CareRuleBroken) as refused:
        record(
            school, welfare_of(school), kind="festival", festival="spring", is_cash=True, goods=""
        )
    assert "no cash" in refused.value.messages[0]


def test_it_refuses_a_second_birthday_in_a_year(school, rules):
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    record(school, officer, [member], kind="birthday", date=TODAY.replace(day=1))
    with pytest.raises(CareRuleBroken) as refused:
        record(school, officer, [member], kind="birthday")
    assert "1 time(s) per member a year" in refused.value.messages[0]
    assert CareVisit.objects.count() == 1


def test_it_adds_festival_gifts_up_to_the_annual_cap(school, rules):
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    for _ in range(2):
        record(school, officer, [member], kind="festival", festival="other", amount=Decimal("1000"))
    with pytest.raises(CareRuleBroken) as refused:
        record(school, officer, [member], kind="festival", festival="other", amount=Decimal("300"))
    assert "2200.00 per member a year" in refused.value.messages[0]
    assert "2300.00" in refused.value.messages[0]


def test_it_covers_the_same_illness_once_a_year(school, rules):
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    record(school, officer, [member], kind="illness", illness="腰椎手术", is_cash=True)
    record(school, officer, [member], kind="illness", illness="肺炎", is_cash=True)
    with pytest.raises(CareRuleBroken) as refused:
        record(school, officer, [member], kind="illness", illness=" 腰椎手术 ", is_cash=True)
    assert "same illness" in refused.value.messages[0]


def test_the_chair_overrides_with_a_reason_and_it_is_logged(school, rules):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    visit, _warnings = record(
        school,
        chair,
        [member],
        kind="hardship",
        amount=Decimal("3000.00"),
        is_cash=True,
        override_reason="重大疾病，经工会委员会集体研究同意",
    )
    assert visit.overridden_by == chair
    assert "cap" in visit.overridden_rules
    logged = AuditEntry.objects.get(object_id=visit.pk, action=AuditEntry.Action.EVENT)
    assert "集体研究" in logged.summary


def test_the_welfare_officer_cannot_override(school, rules):
    officer = welfare_of(school)
    with pytest.raises(ValidationError) as refused:
        record(
            school,
            officer,
            kind="hardship",
            amount=Decimal("3000.00"),
            is_cash=True,
            override_reason="想多给一点",
        )
    assert "Only the union chair may override" in " ".join(refused.value.messages)
    assert not CareVisit.objects.exists()


def test_a_reason_without_a_broken_rule_is_not_an_override(school, rules):
    visit, _w = record(school, chair_of(school), override_reason="无")
    assert visit.overridden_by is None
    assert visit.override_reason == ""


def test_the_chair_edits_a_rule_and_the_change_is_audited(school, rules):
    chair = chair_of(school)
    rule = care_rule_save(
        org=school, actor=chair, kind="festival", data={"annual_cap": Decimal("2000.00")}
    )
    assert rule.annual_cap == Decimal("2000.00")
    entry = AuditEntry.objects.filter(object_id=rule.pk, action="update").first()
    assert entry.changes["annual_cap"] == ["2200.00", "2000.00"]


def test_a_group_visit_checks_each_member(school, rules):
    officer = welfare_of(school)
    members = MemberFactory.create_batch(3, org=school)
    record(school, officer, [members[0]], kind="birthday")
    with pytest.raises(CareRuleBroken) as refused:
        record(school, officer, members, kind="birthday")
    assert members[0].name in refused.value.messages[0]
    assert CareRecipient.objects.count() == 1
