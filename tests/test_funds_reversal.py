import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories_funds import post
from tests.personas import treasurer_of
from unionhall.funds import selectors
from unionhall.funds.models import Category, LedgerEntry
from unionhall.funds.services import ledger_reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_it_reverses_an_entry_from_its_page_and_keeps_both(client, school):
    post(school, 5000, Category.ALLOCATION, date=dt.date(2025, 3, 1))
    entry = post(school, 480, memo="羽毛球比赛奖品", date=dt.date(2025, 4, 20))
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/reverse/",
        {"date": "2025-04-21", "reason": "重复入账"},
    )
    assert response.status_code == 302
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert reversal.amount == Decimal("480.00")
    assert "重复入账" in reversal.memo
    assert LedgerEntry.objects.filter(org=school).count() == 3
    assert selectors.balance(org=school) == Decimal("5000.00")
    html = client.get(f"/o/{school.code}/funds/{entry.pk}/").content.decode()
    assert f"#{reversal.pk}" in html


def test_it_reverses_an_entry_once_only(school):
    entry = post(school, 100)
    actor = treasurer_of(school)
    ledger_reverse(entry=entry, actor=actor, date=dt.date(2025, 9, 11), reason="错账")
    with pytest.raises(ValidationError, match="already been reversed"):
        ledger_reverse(entry=entry, actor=actor, date=dt.date(2025, 9, 11), reason="again")
    assert LedgerEntry.objects.count() == 2


def test_a_reversal_cannot_itself_be_reversed(school):
    actor = treasurer_of(school)
    reversal = ledger_reverse(
        entry=post(school, 100), actor=actor, date=dt.date(2025, 9, 11), reason="错账"
    )
    with pytest.raises(ValidationError, match="cannot itself be reversed"):
        ledger_reverse(entry=reversal, actor=actor, date=dt.date(2025, 9, 12), reason="x")


@pytest.mark.parametrize(
    ("date", "reason", "message"),
    [
        ("2025-09-11", "  ", "This field is required."),
        ("2025-09-01", "错账", "before the entry it reverses"),
    ],
)
def test_it_refuses_a_reversal_without_reason_or_dated_before_the_entry(
    client, school, date, reason, message
):
    entry = post(school, 100, date=dt.date(2025, 9, 10))
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/reverse/", {"date": date, "reason": reason}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert LedgerEntry.objects.count() == 1


def test_the_service_needs_a_reason(school):
    with pytest.raises(ValidationError, match="reason"):
        ledger_reverse(
            entry=post(school, 100),
            actor=treasurer_of(school),
            date=dt.date(2025, 9, 11),
            reason="",
        )


def test_reversing_an_over_budget_expense_is_never_refused(school):
    from tests.factories_funds import budget, refuse_outside_budget

    budget(school, 2025, Category.ACTIVITIES, 100)
    entry = post(school, 100)
    refuse_outside_budget(school)
    actor = treasurer_of(school)
    ledger_reverse(entry=entry, actor=actor, date=dt.date(2025, 9, 11), reason="退货")
    assert selectors.balance(org=school) == Decimal("0")


def test_an_entry_posted_by_another_record_is_corrected_there(client, school):
    from tests.factories import MemberFactory
    from unionhall.funds.services import ledger_post

    treasurer = treasurer_of(school)
    entry = ledger_post(
        org=school,
        actor=treasurer,
        category=Category.RIGHTS,
        amount=Decimal("500.00"),
        date=dt.date(2025, 9, 1),
        memo="困难帮扶",
        source=MemberFactory(org=school, name="张帮扶"),
    )
    client.force_login(treasurer)
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/reverse/",
        {"date": "2025-09-02", "reason": "错账"},
    )
    assert "correct or cancel that record instead" in response.content.decode()
    assert LedgerEntry.objects.count() == 1


def test_opening_the_reverse_page_of_an_entry_posted_elsewhere_explains_without_a_500(
    client, school
):
    """A scanner found GET on such an entry's reverse page gave a 500 (an error added to an
    unbound form); the page now says where to correct it and offers no form."""
    from tests.factories import MemberFactory
    from unionhall.funds.services import ledger_post

    treasurer = treasurer_of(school)
    entry = ledger_post(
        org=school,
        actor=treasurer,
        category=Category.RIGHTS,
        amount=Decimal("500.00"),
        date=dt.date(2025, 9, 1),
        memo="困难帮扶",
        source=MemberFactory(org=school, name="张帮扶"),
    )
    client.force_login(treasurer)
    response = client.get(f"/o/{school.code}/funds/{entry.pk}/reverse/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "张帮扶" in page and 'name="reason"' not in page
