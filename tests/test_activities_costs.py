"""An activity's costs post to the funds ledger under its budget line and the organisation's
budget rules, and its page lists them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.clock import morning_of
from tests.factories_activities import activity, culture_of
from tests.factories_funds import budget, refuse_outside_budget
from unionhall.activities import services
from unionhall.funds.models import BudgetFlag, Category, LedgerEntry
from unionhall.funds.services import spent_in_year

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2025, 10, 20)), tick=False),
]


def test_a_cost_reaches_the_ledger_and_the_budget(school):
    budget(school, 2025, Category.ACTIVITIES, 5000)
    act = activity(school)
    entry = services.activity_cost_post(
        activity=act,
        actor=culture_of(school),
        kind="prize",
        amount=Decimal("1200.00"),
        date=dt.date(2025, 10, 15),
        memo="奖品",
    )
    assert entry.amount == Decimal("-1200.00")
    assert entry.category == Category.ACTIVITIES
    assert entry.source == act
    assert entry.memo.startswith("Prizes: 秋季教职工运动会")
    assert spent_in_year(org=school, category=Category.ACTIVITIES, year=2025) == Decimal("1200.00")


def test_a_cost_over_budget_is_refused_when_the_rules_say_so(school):
    budget(school, 2025, Category.ACTIVITIES, 1000)
    refuse_outside_budget(school)
    act = activity(school)
    with pytest.raises(ValidationError, match="over its 2025 budget"):
        services.activity_cost_post(
            activity=act,
            actor=culture_of(school),
            kind="hire",
            amount=Decimal("1500"),
            date=dt.date(2025, 10, 15),
        )
    assert not LedgerEntry.objects.exists()


def test_a_cost_under_another_budget_line_is_flagged(school):
    act = activity(school, budget_category=Category.OTHER_EXPENSE)
    entry = services.activity_cost_post(
        activity=act,
        actor=culture_of(school),
        kind="transport",
        amount=Decimal("300"),
        date=dt.date(2025, 10, 15),
    )
    assert entry.category == Category.OTHER_EXPENSE
    assert entry.budget_flag == BudgetFlag.NO_BUDGET


def test_the_activity_page_lists_its_costs(client, school):
    act = activity(school)
    organiser = act.organiser
    services.activity_cost_post(
        activity=act,
        actor=organiser,
        kind="prize",
        amount=Decimal("88.00"),
        date=dt.date(2025, 10, 15),
    )
    client.force_login(organiser)
    page = client.get(f"/o/{school.code}/activities/{act.pk}/")
    text = page.content.decode()
    assert "Prizes: 秋季教职工运动会" in text
    assert "88.00" in text
