"""走访慰问 (visits and condolences) as unions report it: one figure in person-visits (人次) of
the visits to the ill, in hardship and at the other occasions of a member's life, festival and
birthday gifts left out; the figure equals its rows, and each kind of its breakdown opens its
own rows."""

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

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2025
PERIOD = Period.year(YEAR)
RECORDS = "/o/{code}/reports/indicator/{name}/"


@pytest.fixture
def year_of_care(school):
    """A Spring Festival gift to 10, birthdays for 3, and visits: 2 members in hospital (one
    visit each), a group hardship visit to 3, a wedding and a bereavement: 7 person-visits."""
    load_rules(school)
    officer = welfare_of(school)
    ten = MemberFactory.create_batch(10, org=school)
    record(
        school,
        officer,
        ten,
        kind="festival",
        festival="spring",
        amount=Decimal("300"),
        date=dt.date(YEAR, 1, 20),
    )
    for n, member in enumerate(ten[:3]):
        record(school, officer, [member], kind="birthday", date=dt.date(YEAR, n + 2, 1))
    for n, member in enumerate(ten[3:5]):
        record(
            school,
            officer,
            [member],
            kind="illness",
            illness="住院",
            is_cash=True,
            amount=Decimal("500"),
            date=dt.date(YEAR, 4, n + 1),
        )
    record(
        school,
        officer,
        ten[5:8],
        kind="hardship",
        is_cash=True,
        amount=Decimal("1000"),
        date=dt.date(YEAR, 12, 1),
    )
    record(school, officer, [ten[8]], kind="wedding", date=dt.date(YEAR, 5, 1))
    record(school, officer, [ten[9]], kind="bereavement", date=dt.date(YEAR, 6, 1))
    # Last year's visit is not this year's.
    record(school, officer, [ten[0]], kind="illness", illness="肺炎", date=dt.date(YEAR - 1, 6, 1))
    return ten


def test_the_figure_counts_person_visits_without_festivals_and_birthdays(school, year_of_care):
    visiting = indicators.get("care.visiting_person_visits")
    value = visiting(school, PERIOD)
    assert value.value == 7
    assert str(visiting.unit) == "person-visits"
    rows = list(value.records)
    assert len(rows) == value.value
    assert {row.visit.kind for row in rows} == {"illness", "hardship", "wedding", "bereavement"}
    # All care is 10 + 3 + 7 person-visits.
    assert indicators.get("care.person_visits")(school, PERIOD).value == 20


def test_its_breakdown_adds_up_and_each_kind_has_its_own_rows(school, year_of_care):
    by_kind = indicators.get("care.visiting_by_kind")(school, PERIOD)
    assert by_kind.value == {
        "Illness or hospital stay": 2,
        "Wedding": 1,
        "Bereavement": 1,
        "Hardship support": 3,
    }
    assert sum(by_kind.value.values()) == 7
    for label, part in by_kind.parts.items():
        assert len(list(part.records)) == by_kind.value[label]


def test_the_summary_states_it_and_links_it_to_its_rows(client, school, year_of_care):
    client.force_login(chair_of(school))
    page = unescape(
        client.get(f"/o/{school.code}/reports/summary/", {"period": str(YEAR)}).content.decode()
    )
    assert "festival and birthday gifts aside" in page
    link = re.search(r'href="([^"]*care\.visiting_person_visits/[^"]*)"[^>]*>\s*7\s*<', page)
    assert link, "the figure links to its records"
    records = unescape(client.get(link.group(1)).content.decode())
    assert "7 records behind this figure" in records
    assert records.count('<li class="list-group-item') == 7
    hardship = re.search(r'href="([^"]*care\.visiting_by_kind/[^"]*part=Hardship[^"]*)"', page)
    assert hardship, "the hardship row links to its own records"
    rows = unescape(client.get(hardship.group(1)).content.decode())
    assert "3 records behind this figure" in rows


def test_a_year_of_festival_gifts_only_says_so(client, school):
    load_rules(school)
    record(
        school,
        welfare_of(school),
        MemberFactory.create_batch(2, org=school),
        kind="festival",
        festival="spring",
        date=dt.date(YEAR, 1, 20),
    )
    client.force_login(chair_of(school))
    page = unescape(
        client.get(f"/o/{school.code}/reports/summary/", {"period": str(YEAR)}).content.decode()
    )
    assert "No visits and condolences were recorded besides festival and birthday gifts." in page


def test_its_record_list_costs_the_same_whatever_its_length(
    client, school, year_of_care, django_assert_num_queries
):
    client.force_login(chair_of(school))
    url = RECORDS.format(code=school.code, name="care.visiting_person_visits")
    with django_assert_num_queries(7):
        assert client.get(url, {"period": str(YEAR)}).status_code == 200
    record(
        school,
        welfare_of(school),
        MemberFactory.create_batch(4, org=school),
        kind="hardship",
        is_cash=True,
        amount=Decimal("500"),
        date=dt.date(YEAR, 11, 1),
    )
    with django_assert_num_queries(7):
        assert client.get(url, {"period": str(YEAR)}).status_code == 200
