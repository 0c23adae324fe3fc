"""A care visit paid from union funds posts its expense to the funds ledger."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import welfare_of
from unionhall.care.services import care_visit_cancel
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("english")


def test_it_posts_the_total_of_a_group_visit(school):
    load_rules(school)
    members = MemberFactory.create_batch(4, org=school)
    visit, _w = record(
        school,
        welfare_of(school),
        members,
        kind="festival",
        festival="spring",
        amount=Decimal("300"),
    )
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("-1200.00")
    assert entry.category == "expense_activities"
    assert entry.source == visit
    assert visit.ledger_entry == entry


def test_hardship_support_is_rights_protection(school):
    load_rules(school)
    record(school, welfare_of(school), kind="hardship", is_cash=True, amount=Decimal("1000"))
    assert LedgerEntry.objects.get().category == "expense_rights"


def test_retirees_festival_gifts_are_paid_by_the_administration(school):
    load_rules(school)
    retiree = MemberFactory(org=school, status="retired", retired_on=dt.date(2020, 7, 1))
    active = MemberFactory(org=school)
    visit, _w = record(
        school,
        welfare_of(school),
        [retiree, active],
        kind="festival",
        festival="double_ninth",
        amount=Decimal("200"),
    )
    assert visit.union_amount == Decimal("200.00")
    assert LedgerEntry.objects.get().amount == Decimal("-200.00")
    visit, _w = record(
        school,
        welfare_of(school),
        [retiree],
        kind="festival",
        festival="spring",
        amount=Decimal("200"),
    )
    assert visit.payer == "administration"
    assert visit.ledger_entry is None
    assert LedgerEntry.objects.count() == 1


def test_cancelling_a_visit_reverses_its_entry(school):
    officer = welfare_of(school)
    visit, _w = record(school, officer, amount=Decimal("500"))
    care_visit_cancel(visit=visit, actor=officer, reason="录入重复")
    assert sum(e.amount for e in LedgerEntry.objects.all()) == 0
    visit.refresh_from_db()
    assert visit.cancelled_at is not None


def test_a_ledger_refusal_records_no_visit(school, monkeypatch):
    """When the ledger refuses the expense (e.g. outside a refusing budget), nothing is kept."""
    from django.core.exceptions import ValidationError

    from unionhall.care import services
    from unionhall.care.models import CareRecipient, CareVisit

    def refuse(**kwargs):
        raise ValidationError("“Expense: staff activities” has no budget line for this year.")

    monkeypatch.setattr(services, "ledger_post", refuse)
    with pytest.raises(ValidationError) as refused:
        record(school, welfare_of(school), amount=Decimal("300"))
    assert "no budget line" in refused.value.messages[0]
    assert not CareVisit.objects.exists() and not CareRecipient.objects.exists()
