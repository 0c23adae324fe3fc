import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_care import record
from tests.factories_funds import budget, opening, post
from tests.personas import welfare_of
from unionhall.care.models import CareRule, Kind, Payer
from unionhall.core import indicators
from unionhall.funds.models import Category
from unionhall.funds.selectors import care_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _year_of_entries(school):
    opening(school, 0, date=dt.date(2024, 12, 1))  # the ledger starts with nothing
    post(school, 3000, Category.ALLOCATION, date=dt.date(2024, 12, 20), memo="上年结余来源")
    post(school, 24000, Category.ALLOCATION, date=dt.date(2025, 3, 15), memo="行政拨交经费")
    post(school, 1800, Category.DUES, date=dt.date(2025, 6, 30), memo="会费留成")
    post(school, 5200, Category.ACTIVITIES, date=dt.date(2025, 3, 8), memo="三八节活动")
    post(school, 2000, Category.RIGHTS, date=dt.date(2025, 9, 20), memo="困难帮扶 王某")
    post(school, 650, Category.OPERATIONS, date=dt.date(2025, 10, 9), memo="办公用品")


@pytest.fixture(autouse=True)
def _fresh_care_lookup():
    """The disclosure looks the care indicator up once per process; tests swap it."""
    care_indicator.cache_clear()
    yield
    care_indicator.cache_clear()


def _care_visits(school, day: dt.date):
    """Real care visits through the care service: three illness visits of 500 and two hardship
    visits of 2000, paid by the school administration so that the funds ledger stays as posted.
    Returns the hardship member, whom a disclosure must never name."""
    for kind in (Kind.ILLNESS, Kind.HARDSHIP):
        CareRule.objects.create(
            org=school,
            kind=kind,
            payer=Payer.ADMINISTRATION,
            payer_for_retirees=Payer.ADMINISTRATION,
        )
    officer = welfare_of(school)
    hardship = MemberFactory(org=school, name="欧阳困难", hardship="severe")
    for illness in ("骨折", "肺炎", "阑尾炎"):
        record(school, officer, kind=Kind.ILLNESS, illness=illness, amount=Decimal("500"), date=day)
    record(school, officer, [hardship], kind=Kind.HARDSHIP, amount=Decimal("2000"), date=day)
    record(school, officer, kind=Kind.HARDSHIP, amount=Decimal("2000"), date=day)
    return hardship


def test_every_member_sees_income_expenses_and_the_balance(client, school):
    _year_of_entries(school)
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(
        f"/o/{school.code}/funds/disclosure/", {"kind": "year", "year": 2025}
    ).content.decode()
    assert '<div class="fs-5" id="opening">3,000.00</div>' in html
    assert 'id="income-total">25,800.00<' in html
    assert 'id="expense-total">7,850.00<' in html
    assert 'id="closing">20,950.00<' in html
    assert "5,200.00" in html  # staff activities
    assert "王某" not in html  # memos are not disclosed, only totals


def test_it_covers_a_month_or_a_semester(client, school):
    _year_of_entries(school)
    client.force_login(grant(UserFactory(), school, "member"))
    url = f"/o/{school.code}/funds/disclosure/"
    month = client.get(url, {"kind": "month", "year": 2025, "month": 3}).content.decode()
    assert 'id="opening">3,000.00<' in month
    assert 'id="expense-total">5,200.00<' in month
    autumn = client.get(url, {"kind": "semester", "year": 2025, "half": 1}).content.decode()
    assert 'id="expense-total">2,650.00<' in autumn
    assert 'id="opening">23,600.00<' in autumn


def test_care_totals_are_shown_by_kind_without_naming_anyone(client, school):
    hardship = _care_visits(school, timezone.localdate())
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(f"/o/{school.code}/funds/disclosure/").content.decode()
    assert "Illness or hospital stay" in html and "Hardship support" in html
    assert "5,500.00" in html  # care total
    assert hardship.name not in html
    content = client.get(f"/o/{school.code}/funds/disclosure.xlsx").content
    cells = [
        str(v) for sheet in load_workbook(io.BytesIO(content)) for row in sheet.values for v in row
    ]
    assert hardship.name not in cells
    assert "Hardship support" in cells


def test_without_the_care_app_the_care_section_is_empty(client, school, monkeypatch):
    indicators.autodiscover()
    monkeypatch.delitem(indicators._REGISTRY, "care.by_kind", raising=False)
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(f"/o/{school.code}/funds/disclosure/").content.decode()
    assert "No care visits to report for this period." in html


def test_the_export_holds_the_same_figures(client, school):
    _year_of_entries(school)
    _care_visits(school, dt.date(2025, 5, 12))
    budget(school, 2025, Category.ACTIVITIES, 6000)
    client.force_login(grant(UserFactory(), school, "member"))
    response = client.get(f"/o/{school.code}/funds/disclosure.xlsx", {"kind": "year", "year": 2025})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = dict(book["Summary"].values)
    assert summary["Opening balance"] == 3000
    assert summary["Income"] == 25800
    assert summary["Expenses"] == 7850
    assert summary["Closing balance"] == 20950
    expenses = {row[0]: row[1:] for row in book["Expenses"].iter_rows(min_row=2, values_only=True)}
    assert expenses["Expense: staff activities"] == (5200, 6000)
    care = {row[0]: row[1:] for row in book["Care"].iter_rows(min_row=2, values_only=True)}
    assert care["Hardship support"] == (2, 4000)
    assert care["Illness or hospital stay"] == (3, 1500)
    months = list(book["By month"].iter_rows(min_row=2, values_only=True))
    assert len(months) == 12 and months[2] == ("2025-03", 24000, 5200)


def test_the_page_prints_without_navigation(client, school):
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(f"/o/{school.code}/funds/disclosure/").content.decode()
    # No inline style or script (the Content-Security-Policy): the print rules are in the
    # stylesheet every page links, the print button's behaviour in the site's script.
    from django.contrib.staticfiles import finders

    assert "data-print" in html and "core/unionhall.css" in html and "core/unionhall.js" in html
    css = open(finders.find("core/unionhall.css"), encoding="utf-8").read()
    assert "@media print" in css and "nav.navbar" in css.split("@media print")[1]
    assert "window.print()" in open(finders.find("core/unionhall.js"), encoding="utf-8").read()


def test_its_query_count_does_not_grow_with_the_entries(client, school, django_assert_num_queries):
    _care_visits(school, dt.date(2025, 2, 3))
    client.force_login(grant(UserFactory(), school, "member"))
    url = f"/o/{school.code}/funds/disclosure/"
    params = {"kind": "year", "year": 2025}
    # session, user, roles, unread notices; opening balance (none yet), sums, budget; care
    with django_assert_num_queries(8):
        client.get(url, params)
    _year_of_entries(school)
    for day in range(1, 29):
        post(school, day, Category.OPERATIONS, date=dt.date(2025, 2, day))
    # … and with an opening balance, the entries brought forward from its date
    with django_assert_num_queries(9):
        client.get(url, params)
    with django_assert_num_queries(8):
        client.get(url, {"kind": "month", "year": 2025, "month": 2})


def test_a_posting_shows_at_once(client, school):
    client.force_login(grant(UserFactory(), school, "member"))
    url = f"/o/{school.code}/funds/disclosure/"
    params = {"kind": "year", "year": 2025}
    before = client.get(url, params).content.decode()
    assert "4,321.00" not in before
    post(school, 4321, Category.OPERATIONS, date=dt.date(2025, 5, 6))
    assert "4,321.00" in client.get(url, params).content.decode()


def test_each_language_gets_its_own_figures(client, school, english, settings):
    post(school, 4321, Category.OPERATIONS, date=dt.date(2025, 5, 6))
    client.force_login(grant(UserFactory(), school, "member"))
    url = f"/o/{school.code}/funds/disclosure/"
    english_page = client.get(url, {"year": 2025}).content.decode()
    assert "Brought forward" in english_page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese_page = client.get(url, {"year": 2025}).content.decode()
    assert "Brought forward" not in chinese_page and "4,321.00" in chinese_page


def test_another_schools_figures_never_appear(client, school, other_school):
    post(other_school, 99999, Category.ALLOCATION, date=dt.date(2025, 3, 1))
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(f"/o/{school.code}/funds/disclosure/", {"year": 2025}).content.decode()
    assert "99,999.00" not in html
    assert client.get(f"/o/{other_school.code}/funds/disclosure/").status_code == 404
    assert client.get(f"/o/{other_school.code}/funds/disclosure.xlsx").status_code == 404
