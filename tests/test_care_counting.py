"""Care is counted as unions count it: 人次 (each person a visit reached), 次 (visits), 人
(different members); every figure's record list reconciles with it, person by person, and each
row of a care breakdown opens only its own records."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import chair_of, welfare_of
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.core.records import shown_row

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2025
PERIOD = Period.year(YEAR)
RECORDS = "/o/{code}/reports/indicator/{name}/"


@pytest.fixture
def group_visit(school):
    """A Mid-Autumn visit to 12 members at 150 each, and one illness visit to one of them."""
    load_rules(school)
    officer = welfare_of(school)
    twelve = MemberFactory.create_batch(12, org=school)
    visit, _warnings = record(
        school,
        officer,
        twelve,
        kind="festival",
        festival="mid_autumn",
        amount=Decimal("150"),
        goods="月饼",
        date=dt.date(YEAR, 10, 6),
    )
    record(
        school,
        officer,
        twelve[:1],
        kind="illness",
        illness="骨折",
        amount=Decimal("500"),
        is_cash=True,
        date=dt.date(YEAR, 3, 2),
    )
    return visit, twelve


def test_a_group_visit_to_12_members_is_12_person_visits(school, group_visit):
    person_visits = indicators.get("care.person_visits")(school, PERIOD)
    assert person_visits.value == 13
    assert str(indicators.get("care.person_visits").unit) == "person-visits"
    assert indicators.get("care.visits")(school, PERIOD).value == 2
    assert indicators.get("care.people")(school, PERIOD).value == 12


def test_the_amount_is_the_sum_of_what_each_person_received(school, group_visit):
    found = indicators.get("care.amount")
    amount = found(school, PERIOD)
    rows = list(amount.records)
    assert amount.value == Decimal("2300.00")  # 12 × 150 + 500
    assert len(rows) == 13
    assert sum(found.amount_of(row) for row in rows) == amount.value


def test_the_records_list_every_person_of_a_group_visit_linked_to_the_visit(
    client, school, group_visit
):
    visit, twelve = group_visit
    client.force_login(chair_of(school))
    response = client.get(
        RECORDS.format(code=school.code, name="care.amount"), {"period": str(YEAR)}
    )
    page = unescape(response.content.decode())
    assert "13 records behind this figure" in page
    for member in twelve:
        assert member.name in page
    links = re.findall(rf'href="/o/{school.code}/care/{visit.pk}/"', page)
    assert len(links) == 12
    assert page.count("150.00") >= 12


def test_each_row_of_a_breakdown_has_its_own_records(school, group_visit):
    by_kind = indicators.get("care.person_visits_by_kind")(school, PERIOD)
    assert by_kind.value == {"Illness or hospital stay": 1, "Festival": 12}
    assert len(list(by_kind.parts["Festival"].records)) == 12
    festival = indicators.get("care.festival_amount")(school, PERIOD)
    assert festival.value == {"Mid-Autumn Festival": Decimal("1800.00")}
    payers = indicators.get("care.amount_by_payer")(school, PERIOD)
    assert payers.value == {"Union funds": Decimal("2300.00")}


def test_a_breakdown_row_of_the_summary_opens_only_that_kinds_records(client, school, group_visit):
    _visit, twelve = group_visit
    client.force_login(chair_of(school))
    summary = client.get(f"/o/{school.code}/reports/summary/", {"period": str(YEAR)})
    page = unescape(summary.content.decode())
    link = re.search(r'href="([^"]*care\.person_visits_by_kind/[^"]*part=Illness[^"]*)"', page)
    assert link, "the illness row links to its own records"
    records = unescape(client.get(link.group(1)).content.decode())
    assert "1 record behind this figure" in records
    assert twelve[0].name in records
    # Exactly one row (names from Faker may repeat, so count rows rather than look for names).
    assert records.count('<li class="list-group-item') == 1
    missing = client.get(
        RECORDS.format(code=school.code, name="care.person_visits_by_kind"),
        {"period": str(YEAR), "part": "No such kind"},
    )
    assert missing.status_code == 404


def test_the_summary_says_which_unit_it_means(client, school, group_visit):
    client.force_login(chair_of(school))
    page = unescape(
        client.get(f"/o/{school.code}/reports/summary/", {"period": str(YEAR)}).content.decode()
    )
    assert "person-visits: each member a group visit reaches counts once" in page
    assert "Festival care, in person-visits" in page
    assert "Who paid for the care" in page


def test_a_year_without_care_is_one_sentence(client, school):
    client.force_login(chair_of(school))
    page = unescape(
        client.get(f"/o/{school.code}/reports/summary/", {"period": str(YEAR)}).content.decode()
    )
    assert "No care visits were recorded in this period." in page
    assert "Care by kind, in person-visits" not in page


def test_a_record_row_may_be_plain_text():
    assert shown_row("2025-01-01 something").href == ""


@pytest.mark.parametrize(
    ("name", "queries"), [("care.amount", 9), ("care.visits", 8), ("care.people", 7)]
)
def test_a_care_record_list_costs_the_same_whatever_its_length(
    client, school, group_visit, name, queries, django_assert_num_queries
):
    client.force_login(chair_of(school))
    url = RECORDS.format(code=school.code, name=name)
    with django_assert_num_queries(queries):
        assert client.get(url, {"period": str(YEAR)}).status_code == 200
