"""The opening balance (期初余额): entered once by the treasurer with its date, audited, corrected
only by a replacing entry with its reason; balances and the ledger's running balance start
from it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories_funds import opening, post
from tests.personas import member_of, treasurer_of
from unionhall.core import audit
from unionhall.funds import selectors, services
from unionhall.funds.models import Category, LedgerIsAppendOnly, OpeningBalance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _url(school) -> str:
    return f"/o/{school.code}/funds/opening-balance/"


def test_the_treasurer_enters_it_once_on_its_page_and_it_is_audited(client, school):
    treasurer = treasurer_of(school)
    client.force_login(treasurer)
    page = client.get(_url(school)).content.decode()
    assert "not recorded yet" in page
    response = client.post(
        _url(school), {"amount": "12345.60", "date": "2025-01-01", "note": "上年结余"}
    )
    assert response.status_code == 302
    current = selectors.opening_balance_current(org=school)
    assert (current.amount, current.date, current.entered_by) == (
        Decimal("12345.60"),
        dt.date(2025, 1, 1),
        treasurer,
    )
    [entry] = audit.history(current)
    assert entry.actor == treasurer and "12,345.60" in entry.summary
    with pytest.raises(ValidationError, match=r"already entered: 12,345\.60 yuan on 2025-01-01"):
        services.opening_balance_enter(
            org=school, actor=treasurer, amount=Decimal("1"), date=dt.date(2025, 1, 1)
        )
    with pytest.raises(LedgerIsAppendOnly):
        current.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningBalance.objects.create(
            org=school, date=dt.date(2025, 1, 1), amount=1, entered_by=treasurer
        )
    assert OpeningBalance.objects.filter(org=school).count() == 1


def test_a_correction_replaces_it_with_its_reason_and_keeps_the_old_one(client, school):
    treasurer = treasurer_of(school)
    first = opening(school, "12345.60", date=dt.date(2025, 1, 1))
    client.force_login(treasurer)
    refused = client.post(_url(school), {"amount": "12354.60", "date": "2025-01-01"})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    response = client.post(
        _url(school), {"amount": "12354.60", "date": "2025-01-01", "reason": "数字抄错"}
    )
    assert response.status_code == 302
    current = selectors.opening_balance_current(org=school)
    assert current.amount == Decimal("12354.60") and current.replaces == first
    assert OpeningBalance.objects.get(pk=first.pk).amount == Decimal("12345.60")
    [entry] = audit.history(current)
    assert entry.changes == {
        "amount": ["12,345.60", "12,354.60"],
        "date": ["2025-01-01", "2025-01-01"],
    }
    assert "数字抄错" in entry.summary
    page = client.get(_url(school)).content.decode()
    assert "12,345.60" in page and "12,354.60" in page and "数字抄错" in page


def test_only_the_treasurer_or_chair_may_enter_it(client, school):
    client.force_login(member_of(school))
    assert client.get(_url(school)).status_code == 403


def test_balances_and_the_running_balance_start_from_it(client, school):
    post(school, 999, Category.ACTIVITIES, date=dt.date(2024, 12, 20), memo="上年的活动")
    opening(school, "5000.00", date=dt.date(2025, 1, 1))
    post(school, 1000, Category.ALLOCATION, date=dt.date(2025, 3, 1), memo="拨款")
    post(school, 300, Category.ACTIVITIES, date=dt.date(2025, 3, 8), memo="三八节")
    assert selectors.balance(org=school) == Decimal("5700.00")
    client.force_login(treasurer_of(school))
    html = client.get(
        f"/o/{school.code}/funds/", {"start": "2024-01-01", "end": "2025-12-31"}
    ).content.decode()
    assert "6,000.00" in html and "5,700.00" in html
    assert "inside the opening balance" in html  # the entry before it has no balance of its own
    report = selectors.disclosure(org=school, period=selectors.Period.year(2025))
    assert (report.opening, report.closing) == (Decimal("5000.00"), Decimal("5700.00"))
    before = selectors.disclosure(org=school, period=selectors.Period.year(2024))
    assert before.opening is None and before.closing is None
    page = client.get(
        f"/o/{school.code}/funds/disclosure/", {"kind": "year", "year": 2024}
    ).content.decode()
    assert "opening balance not recorded" in page and "-999.00" not in page


def test_an_entry_dated_before_it_is_posted_with_a_warning(client, school):
    opening(school, "5000.00", date=dt.date(2025, 1, 1))
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/new/",
        {"category": Category.ACTIVITIES, "amount": "80", "date": "2024-12-30", "memo": "补录"},
        follow=True,
    )
    assert "dated before the opening balance (2025-01-01)" in response.content.decode()
    assert selectors.balance(org=school) == Decimal("5000.00")
