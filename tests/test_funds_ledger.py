import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_funds import post
from tests.personas import auditor_of, member_of, treasurer_of
from unionhall.funds.models import Category, LedgerEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _url(org, suffix=""):
    return f"/o/{org.code}/funds/{suffix}"


def test_it_posts_an_expense_from_the_form_and_shows_who_and_when(client, school):
    treasurer = treasurer_of(school)
    client.force_login(treasurer)
    response = client.post(
        _url(school, "new/"),
        {
            "category": Category.ACTIVITIES,
            "amount": "1234.50",
            "date": "2025-09-10",
            "memo": "教师节慰问品",
        },
    )
    entry = LedgerEntry.objects.get(org=school)
    assert response.status_code == 302
    assert entry.amount == Decimal("-1234.50")
    assert entry.posted_by == treasurer
    page = client.get(_url(school, f"{entry.pk}/")).content.decode()
    assert "教师节慰问品" in page
    assert str(treasurer) in page
    assert timezone.localtime(entry.posted_at).strftime("%Y-%m-%d %H:%M") in page


def test_it_lists_entries_with_a_running_balance(client, school, django_assert_num_queries):
    treasurer = treasurer_of(school)
    post(school, 10000, Category.ALLOCATION, date=dt.date(2025, 3, 1), memo="行政拨交经费")
    post(school, 2500, Category.ACTIVITIES, date=dt.date(2025, 3, 8), memo="三八节活动")
    post(school, 800, Category.OPERATIONS, date=dt.date(2025, 4, 2), memo="办公用品")
    client.force_login(treasurer)
    # session, user, roles, notices, the opening balance, count, page of entries, balance
    with django_assert_num_queries(9):
        page = client.get(_url(school), {"start": "2025-01-01", "end": "2025-12-31"})
    html = page.content.decode()
    assert "7,500.00" in html  # after the 三八节 expense
    assert "6,700.00" in html  # after the office supplies
    for n in range(20):
        post(school, 1, Category.OPERATIONS, date=dt.date(2025, 5, 1), memo=f"x{n}")
    with django_assert_num_queries(9):
        client.get(_url(school), {"start": "2025-01-01", "end": "2025-12-31"})


def test_it_filters_by_period_and_category_with_the_balance_brought_forward(client, school):
    post(school, 10000, Category.ALLOCATION, date=dt.date(2024, 12, 1), memo="上年拨款")
    post(school, 300, Category.ACTIVITIES, date=dt.date(2025, 5, 4), memo="青年教师活动")
    post(school, 200, Category.OPERATIONS, date=dt.date(2025, 5, 6), memo="打印纸")
    client.force_login(treasurer_of(school))
    html = client.get(
        _url(school), {"start": "2025-01-01", "end": "2025-12-31", "category": "expense_activities"}
    ).content.decode()
    assert "青年教师活动" in html
    assert "打印纸" not in html and "上年拨款" not in html
    html = client.get(_url(school), {"start": "2025-01-01", "end": "2025-12-31"}).content.decode()
    assert "10,000.00" in html  # brought forward
    assert "9,500.00" in html


@pytest.mark.parametrize(
    ("amount", "date", "message"),
    [
        ("-50", "2025-09-10", "The amount must be more than zero."),
        ("12.345", "2025-09-10", "more than two decimal places"),
        ("100", None, "more than a day in the future"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message_and_records_nothing(
    client, school, amount, date, message
):
    client.force_login(treasurer_of(school))
    date = date or (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(
        _url(school, "new/"),
        {"category": Category.ACTIVITIES, "amount": amount, "date": date, "memo": "x"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_the_service_refuses_bad_amounts_and_dates(school):
    from django.core.exceptions import ValidationError

    from unionhall.funds.services import ledger_post

    actor = treasurer_of(school)
    base = {"org": school, "actor": actor, "category": Category.ACTIVITIES, "memo": "x"}
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="more than zero"):
        ledger_post(**base, amount=Decimal("-1.00"), date=today)
    with pytest.raises(ValidationError, match="more than two decimal places"):
        ledger_post(**base, amount=Decimal("1.005"), date=today)
    with pytest.raises(ValidationError, match="more than a day in the future"):
        ledger_post(**base, amount=Decimal("1.00"), date=today + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="not a ledger category"):
        ledger_post(**{**base, "category": "bribes"}, amount=Decimal("1.00"), date=today)
    assert not LedgerEntry.objects.exists()
    ledger_post(**base, amount=Decimal("1.00"), date=today + dt.timedelta(days=1))


def test_there_is_no_way_to_edit_or_delete_an_entry(client, school):
    from django.urls import get_resolver

    names = {p.name for p in get_resolver().url_patterns[-1].url_patterns if p.name}
    assert not {n for n in names if "edit" in n or "delete" in n}


def test_it_keeps_other_schools_entries_out_of_reach(client, school, other_school):
    theirs = post(other_school, 500, memo="他校支出")
    client.force_login(treasurer_of(school))
    assert "他校支出" not in client.get(_url(school)).content.decode()
    assert client.get(_url(school, f"{theirs.pk}/")).status_code == 404
    response = client.post(
        _url(school, f"{theirs.pk}/reverse/"), {"date": "2025-09-11", "reason": "错账"}
    )
    assert response.status_code == 404
    assert LedgerEntry.objects.count() == 1
    assert client.get(_url(other_school)).status_code == 404


@pytest.mark.parametrize(
    ("role", "list_status", "post_status"),
    [
        ("treasurer", 200, 200),
        ("chair", 200, 200),
        ("committee_audit", 200, 403),
        ("member", 403, 403),
    ],
)
def test_it_lets_each_role_do_what_its_capabilities_allow(
    client, school, role, list_status, post_status
):
    client.force_login(grant(UserFactory(), school, role))
    assert client.get(_url(school)).status_code == list_status
    assert client.get(_url(school, "new/")).status_code == post_status
    assert client.get(_url(school, "disclosure/")).status_code == 200


def test_an_entry_posted_by_another_app_names_its_source(client, school):
    from unionhall.funds.services import ledger_post

    member = MemberFactory(org=school, name="张慰问")
    treasurer = treasurer_of(school)
    entry = ledger_post(
        org=school,
        actor=treasurer,
        category=Category.RIGHTS,
        amount=Decimal("500.00"),
        date=dt.date(2025, 9, 1),
        memo="慰问",
        source=member,
    )
    client.force_login(treasurer)
    html = client.get(_url(school, f"{entry.pk}/")).content.decode()
    assert "张慰问" in html


def test_the_list_answers_htmx_with_the_results_only(client, school):
    post(school, 100, memo="羽毛球")
    client.force_login(treasurer_of(school))
    html = client.get(
        _url(school), {"start": "2025-01-01", "end": "2025-12-31"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "羽毛球" in html


def test_a_posted_entry_cannot_be_changed_or_deleted(school):
    from unionhall.funds.models import LedgerIsAppendOnly

    entry = post(school, 100)
    entry.amount = Decimal("-1.00")
    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("-100.00")


def test_the_audit_committee_exports_the_filtered_ledger(client, school, other_school):
    import io

    from openpyxl import load_workbook

    post(school, 10000, Category.ALLOCATION, date=dt.date(2025, 3, 1), memo="行政拨交经费")
    post(school, 2500, Category.ACTIVITIES, date=dt.date(2025, 3, 8), memo="=三八节活动")
    post(school, 99, Category.OPERATIONS, date=dt.date(2024, 12, 1), memo="上年")
    post(other_school, 777, Category.ALLOCATION, date=dt.date(2025, 3, 1), memo="他校")
    client.force_login(auditor_of(school))
    response = client.get(_url(school, "ledger.xlsx"), {"start": "2025-01-01", "end": "2025-12-31"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][1] == "Brought forward" and rows[1][5] == -99
    assert rows[2][2] == "行政拨交经费" and rows[2][3] == 10000 and rows[2][5] == 9901
    assert rows[3][2] == "'=三八节活动" and rows[3][4] == 2500 and rows[3][5] == 7401
    assert len(rows) == 4
    client.force_login(member_of(school))
    assert client.get(_url(school, "ledger.xlsx")).status_code == 403
