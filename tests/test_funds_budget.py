import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories_funds import budget, post, refuse_outside_budget
from tests.personas import auditor_of, chair_of, treasurer_of
from unionhall.funds.models import (
    BudgetFlag,
    BudgetLine,
    BudgetPolicy,
    Category,
    FundsAccount,
    LedgerEntry,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_it_refuses_spending_over_the_budget_naming_category_budget_and_overrun(school):
    refuse_outside_budget(school)
    budget(school, 2025, Category.ACTIVITIES, 5000)
    post(school, 4000)
    with pytest.raises(ValidationError) as caught:
        post(school, 1500)
    message = caught.value.messages[0]
    assert "Expense: staff activities" in message
    assert "budget 5,000.00" in message
    assert "already spent 4,000.00" in message
    assert "over by 500.00" in message
    assert LedgerEntry.objects.count() == 1


def test_it_refuses_spending_without_a_budget_line(school):
    refuse_outside_budget(school)
    budget(school, 2025, Category.ACTIVITIES, 5000)
    with pytest.raises(ValidationError, match="has no budget line for 2025"):
        post(school, 10, Category.CAPITAL)
    with pytest.raises(ValidationError, match="has no budget line for 2026"):
        post(school, 10, date=dt.date(2026, 1, 5))
    assert not LedgerEntry.objects.exists()


def test_income_is_never_checked_against_the_budget(school):
    refuse_outside_budget(school)
    post(school, 100000, Category.ALLOCATION)
    assert LedgerEntry.objects.count() == 1


def test_it_flags_instead_when_the_organisation_chooses_so(client, school):
    budget(school, 2025, Category.ACTIVITIES, 1000)
    within = post(school, 1000)
    over = post(school, 0.01)
    unbudgeted = post(school, 50, Category.OPERATIONS, memo="打印机墨盒")
    assert within.budget_flag == ""
    assert over.budget_flag == BudgetFlag.OVER_BUDGET
    assert "over by 0.01" in over.budget_note
    assert unbudgeted.budget_flag == BudgetFlag.NO_BUDGET
    client.force_login(treasurer_of(school))
    html = client.get(
        f"/o/{school.code}/funds/", {"start": "2025-01-01", "end": "2025-12-31"}
    ).content.decode()
    assert html.count("table-warning") == 2
    assert "no budget line" in html and "over budget" in html
    flagged = client.get(
        f"/o/{school.code}/funds/",
        {"start": "2025-01-01", "end": "2025-12-31", "flagged": "on"},
    ).content.decode()
    assert "打印机墨盒" in flagged and "教师节活动" in flagged
    detail = client.get(f"/o/{school.code}/funds/{over.pk}/").content.decode()
    assert "over by 0.01" in detail


def test_the_form_shows_the_refusal(client, school):
    refuse_outside_budget(school)
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/new/",
        {"category": Category.RIGHTS, "amount": "2000", "date": "2025-06-01", "memo": "困难帮扶"},
    )
    assert "has no budget line for 2025" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_the_chair_sets_the_budget_and_the_rule_and_sees_spending_against_it(client, school):
    chair = chair_of(school)
    post(school, 1200, date=dt.date(2025, 3, 8), memo="三八节活动")
    client.force_login(chair)
    data = {c.value: "" for c in Category.expense()}
    data.update(
        {"expense_activities": "20000.00", "expense_rights": "8000", "budget_policy": "refuse"}
    )
    response = client.post(f"/o/{school.code}/funds/budget/?year=2025", data)
    assert response.status_code == 302
    assert BudgetLine.objects.get(org=school, category="expense_activities").amount == Decimal(
        "20000.00"
    )
    assert FundsAccount.objects.get(org=school).budget_policy == BudgetPolicy.REFUSE
    html = client.get(f"/o/{school.code}/funds/budget/?year=2025").content.decode()
    assert "18,800.00" in html  # remaining for staff activities
    data["expense_activities"] = "-5"
    response = client.post(f"/o/{school.code}/funds/budget/?year=2025", data)
    assert response.status_code == 200
    assert BudgetLine.objects.get(org=school, category="expense_activities").amount == Decimal(
        "20000.00"
    )


def test_only_chair_and_treasurer_set_the_budget(client, school, other_school):
    client.force_login(auditor_of(school))
    assert client.get(f"/o/{school.code}/funds/budget/").status_code == 403
    client.force_login(treasurer_of(other_school))
    assert client.get(f"/o/{school.code}/funds/budget/").status_code == 404
    data = {c.value: "1" for c in Category.expense()} | {"budget_policy": "refuse"}
    assert client.post(f"/o/{school.code}/funds/budget/", data).status_code == 404
    assert not BudgetLine.objects.exists()
    assert not FundsAccount.objects.filter(org=school).exists()
