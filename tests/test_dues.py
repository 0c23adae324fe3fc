"""Member dues: the rate, collections posted to the ledger, arrears, and benefits that need them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_care import load_rules, record, with_dues
from tests.personas import chair_of, member_of, treasurer_of, welfare_of
from unionhall.care.models import CareVisit
from unionhall.care.services import CareRuleBroken
from unionhall.dues import selectors
from unionhall.dues.models import DuesCollection, DuesPayment
from unionhall.dues.services import dues_account_set, dues_collect, dues_settings_update
from unionhall.funds.models import LedgerEntry

# Dues are owed for months that have ended, so these tests fix today's date (a day in July:
# half a year has ended); test_dues_owed_on_any_day_of_the_year moves to the awkward days.
TODAY = dt.date(2026, 7, 15)
THIS_MONTH = TODAY.replace(day=1)

pytestmark = [
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
]


def test_dues_are_half_a_percent_of_the_base_pay_by_default(school):
    treasurer = treasurer_of(school)
    member = MemberFactory(org=school)
    account = with_dues(school, treasurer, member, Decimal("6543.00"))
    assert account.monthly_dues(Decimal("0.0050")) == Decimal("32.72")  # 32.715 rounds half up
    account = dues_account_set(
        org=school, actor=treasurer, member=member, base_pay=None, fixed_amount=Decimal("20.00")
    )
    assert account.monthly_dues(Decimal("0.0050")) == Decimal("20.00")
    account = dues_account_set(
        org=school, actor=treasurer, member=member, base_pay=Decimal("5000"), rate=Decimal("0.01")
    )
    assert account.monthly_dues(Decimal("0.0050")) == Decimal("50.00")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_pay": Decimal("-1")}, "The base pay must be zero or more."),
        ({"base_pay": Decimal("5000.001")}, "more than two decimal places"),
        ({"base_pay": Decimal("5000"), "rate": Decimal("0.5")}, "between 0 and 0.1"),
        ({"base_pay": None}, "Enter the base pay or a fixed monthly amount"),
    ],
)
def test_bad_dues_settings_are_refused(school, kwargs, message):
    member = MemberFactory(org=school)
    with pytest.raises(ValidationError) as refused:
        dues_account_set(org=school, actor=treasurer_of(school), member=member, **kwargs)
    assert message in refused.value.messages[0]


def test_a_collection_posts_dues_income_once(school):
    treasurer = treasurer_of(school)
    members = MemberFactory.create_batch(3, org=school)
    for member in members:
        with_dues(school, treasurer, member, Decimal("6000.00"))
    collection = dues_collect(
        org=school, actor=treasurer, period=THIS_MONTH, date=TODAY, members=members
    )
    assert collection.total == Decimal("90.00")
    entry = LedgerEntry.objects.get()
    assert entry.category == "income_dues" and entry.amount == Decimal("90.00")
    assert entry.source == collection
    with pytest.raises(ValidationError) as refused:
        dues_collect(org=school, actor=treasurer, period=THIS_MONTH, date=TODAY, members=members)
    assert "Already paid" in refused.value.messages[0]
    assert DuesCollection.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_a_collection_with_a_member_without_dues_records_nothing(school):
    treasurer = treasurer_of(school)
    paying, unset = MemberFactory.create_batch(2, org=school)
    with_dues(school, treasurer, paying)
    with pytest.raises(ValidationError) as refused:
        dues_collect(
            org=school, actor=treasurer, period=THIS_MONTH, date=TODAY, members=[paying, unset]
        )
    assert unset.name in refused.value.messages[0]
    assert not DuesPayment.objects.exists() and not LedgerEntry.objects.exists()


def test_arrears_list_the_unpaid_months(school):
    treasurer = treasurer_of(school)
    paid_up, behind = MemberFactory.create_batch(2, org=school, joined_on=dt.date(2010, 1, 1))
    late_joiner = MemberFactory(org=school, joined_on=dt.date(2025, 10, 15))
    for member in (paid_up, behind, late_joiner):
        with_dues(school, treasurer, member, Decimal("6000.00"))
    for month in range(1, 13):
        dues_collect(
            org=school,
            actor=treasurer,
            period=dt.date(2025, month, 1),
            date=dt.date(2025, month, 15),
            members=[paid_up] + ([behind] if month <= 9 else []),
        )
    rows = selectors.arrears(org=school, year=2025, through=dt.date(2025, 12, 31))
    owed = {row.member: row.owed for row in rows}
    assert paid_up not in owed
    assert owed[behind] == [dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 12, 1)]
    assert owed[late_joiner] == [dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 12, 1)]
    assert next(r for r in rows if r.member == behind).owed_amount == Decimal("90.00")


def test_retirees_owe_no_dues(school):
    retiree = MemberFactory(org=school, status="retired")
    with_dues(school, treasurer_of(school), retiree)
    assert selectors.months_owed(org=school, member=retiree, on=dt.date(2025, 12, 1)) == []


def test_the_arrears_page_and_excel_export(client, school, other_school):
    treasurer = treasurer_of(school)
    member = MemberFactory(org=school, name="李建国", joined_on=dt.date(2010, 1, 1))
    with_dues(school, treasurer, member)
    stranger = MemberFactory(org=other_school, name="外校人")
    with_dues(other_school, treasurer_of(other_school), stranger)
    client.force_login(treasurer)
    year = TODAY.year - 1
    page = client.get(f"/o/{school.code}/dues/arrears/?year={year}").content.decode()
    assert "李建国" in page and "外校人" not in page
    response = client.get(f"/o/{school.code}/dues/arrears.xlsx?year={year}")
    assert response.status_code == 200
    import io

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "李建国"
    assert rows[1][4] == 360  # 12 months × 30.00


def test_the_dues_pages_run_a_fixed_number_of_queries(client, school, django_assert_num_queries):
    treasurer = treasurer_of(school)
    for member in MemberFactory.create_batch(5, org=school):
        with_dues(school, treasurer, member)
    client.force_login(treasurer)
    with django_assert_num_queries(10) as first:
        client.get(f"/o/{school.code}/dues/")
    for member in MemberFactory.create_batch(5, org=school):
        with_dues(school, treasurer, member)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(f"/o/{school.code}/dues/")
    with django_assert_num_queries(8):
        client.get(f"/o/{school.code}/dues/arrears/")


def test_the_treasurer_records_a_collection_in_the_browser(client, school):
    treasurer = treasurer_of(school)
    a, b = MemberFactory.create_batch(2, org=school)
    with_dues(school, treasurer, a)
    with_dues(school, treasurer, b)
    client.force_login(treasurer)
    month = f"{THIS_MONTH:%Y-%m}"
    response = client.get(f"/o/{school.code}/dues/collect/?month={month}")
    assert a.name in response.content.decode()
    response = client.post(
        f"/o/{school.code}/dues/collect/",
        {"month": month, "date": TODAY.isoformat(), "member": [a.pk], "memo": ""},
    )
    assert response.status_code == 302
    assert list(DuesPayment.objects.values_list("member", flat=True)) == [a.pk]


def test_another_schools_member_dues_are_not_found(client, school, other_school):
    stranger = MemberFactory(org=other_school)
    client.force_login(chair_of(school))
    url = f"/o/{school.code}/dues/member/{stranger.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"base_pay": "5000"}).status_code == 404
    assert not stranger.dues_accounts.exists()


def _owing_member(school):
    member = MemberFactory(org=school, joined_on=dt.date(2010, 1, 1))
    with_dues(school, chair_of(school), member)
    return member


def test_benefits_warn_when_dues_are_owed(school):
    load_rules(school)
    member = _owing_member(school)
    visit_date = dt.date(TODAY.year, 6, 1)
    _visit, warnings = record(school, welfare_of(school), [member], date=visit_date)
    assert "owes dues" in warnings[0]


def test_benefits_refused_when_dues_are_owed_and_the_policy_says_so(school):
    load_rules(school)
    chair = chair_of(school)
    dues_settings_update(
        org=school, actor=chair, default_rate=Decimal("0.005"), benefits_need_dues="refuse"
    )
    member = _owing_member(school)
    visit_date = dt.date(TODAY.year, 6, 1)
    with pytest.raises(CareRuleBroken) as refused:
        record(school, welfare_of(school), [member], date=visit_date)
    assert "benefits need paid dues" in refused.value.messages[0]
    assert not CareVisit.objects.exists()
    visit, _w = record(school, chair, [member], date=visit_date, override_reason="已补缴")
    assert visit.overridden_by == chair


def test_a_collection_cannot_include_another_schools_member(client, school, other_school):
    stranger = MemberFactory(org=other_school)
    with_dues(other_school, treasurer_of(other_school), stranger)
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/dues/collect/",
        {"month": f"{THIS_MONTH:%Y-%m}", "date": TODAY.isoformat(), "member": [stranger.pk]},
    )
    assert response.status_code == 200
    assert "Choose at least one member who paid" in response.content.decode()
    assert not DuesPayment.objects.exists() and not LedgerEntry.objects.exists()


def test_a_collection_dated_in_the_future_is_refused(school):
    treasurer = treasurer_of(school)
    member = MemberFactory(org=school)
    with_dues(school, treasurer, member)
    with pytest.raises(ValidationError) as refused:
        dues_collect(
            org=school,
            actor=treasurer,
            period=THIS_MONTH,
            date=TODAY + dt.timedelta(days=3),
            members=[member],
        )
    assert "more than a day in the future" in refused.value.messages[0]
    assert not DuesCollection.objects.exists()


def test_the_chair_sets_the_benefits_rule(client, school):
    client.force_login(chair_of(school))
    response = client.post(
        f"/o/{school.code}/dues/settings/",
        {"default_rate": "0.0050", "benefits_need_dues": "refuse"},
    )
    assert response.status_code == 302
    assert selectors.settings_for(org=school).benefits_need_dues == "refuse"
    client.force_login(treasurer_of(school))
    assert client.get(f"/o/{school.code}/dues/settings/").status_code == 403


def test_a_member_sees_their_own_dues_and_nobody_elses(
    client, school, other_school, django_assert_num_queries
):
    treasurer = treasurer_of(school)
    user = member_of(school)
    me = MemberFactory(org=school, user=user, joined_on=dt.date(2010, 1, 1))
    colleague = MemberFactory(org=school, joined_on=dt.date(2010, 1, 1))
    for member in (me, colleague):
        with_dues(school, treasurer, member, Decimal("6000.00"))
    for month in (1, 2, 3):
        dues_collect(
            org=school,
            actor=treasurer,
            period=dt.date(2025, month, 1),
            date=dt.date(2025, month, 20),
            members=[me, colleague] if month < 3 else [colleague],
        )
    client.force_login(user)
    url = f"/o/{school.code}/dues/mine/"
    # session, user, roles, unread notices, member, account, settings, payments
    with django_assert_num_queries(8):
        page = client.get(url, {"year": 2025}).content.decode()
    assert "Your monthly dues: 30.00 yuan." in page
    assert 'data-figure="paid">60.00<' in page
    # March to December 2025 were due and are not received; January and February were.
    assert "Not yet received: 10 months." in page
    assert page.count('class="text-success"') == 2
    assert colleague.name not in page

    # Another school's member login sees nothing here, and this page never takes a member id.
    stranger = member_of(other_school)
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_login_without_a_register_entry_is_told_why(client, school):
    client.force_login(member_of(school))
    page = client.get(f"/o/{school.code}/dues/mine/").content.decode()
    assert "not linked to a member record" in page


@pytest.mark.parametrize(
    ("today", "owed"),
    [
        # No month of 2025 has ended yet, and 2024 is settled as a year of its own.
        (dt.date(2025, 1, 15), []),
        (dt.date(2024, 2, 29), [dt.date(2024, 1, 1)]),
        (dt.date(2025, 12, 31), [dt.date(2025, month, 1) for month in range(1, 12)]),
    ],
)
def test_dues_owed_on_any_day_of_the_year(client, school, time_machine, today, owed):
    """What a member owes is the months of this year that have ended, whatever today is: the
    member's own page, the arrears list, and the warning when care is given all agree."""
    time_machine.move_to(morning_of(today), tick=False)
    load_rules(school)
    treasurer = treasurer_of(school)
    user = member_of(school)
    member = MemberFactory(org=school, user=user, name="李建国", joined_on=dt.date(2010, 1, 1))
    with_dues(school, treasurer, member)
    months = "、".join(f"{month:%Y-%m}" for month in owed)

    client.force_login(user)
    mine = client.get(f"/o/{school.code}/dues/mine/").content.decode()
    assert f"My dues · {today.year}" in mine
    assert ('data-figure="owed"' in mine) == bool(owed)
    assert all(f"{month:%Y-%m}" in mine for month in owed)
    client.force_login(treasurer)
    arrears = client.get(f"/o/{school.code}/dues/arrears/").content.decode()
    assert ("李建国" in arrears) == bool(owed)

    # This month's dues can be received today; they are not owed yet.
    dues_collect(
        org=school, actor=treasurer, period=today.replace(day=1), date=today, members=[member]
    )
    _visit, warnings = record(school, welfare_of(school), [member], date=today)
    warned = [w for w in warnings if "owes dues" in w]
    assert warned == (
        [f"Rule “benefits need paid dues”: 李建国 owes dues for {months}."] if owed else []
    )
