import datetime as dt

import pytest

from tests.factories import MemberFactory
from tests.personas import chair_of, member_of, treasurer_of

URL = "/o/{code}/reports/indicator/{name}/"
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def joined(school):
    return [
        MemberFactory(org=school, name="秋季入会", joined_on=dt.date(2025, 9, 15)),
        MemberFactory(org=school, name="春季入会", joined_on=dt.date(2026, 3, 1)),
    ]


@pytest.fixture
def earlier(school):
    return MemberFactory(org=school, name="早年入会", joined_on=dt.date(2019, 9, 1))


def test_it_lists_the_rows_behind_a_figure(client, school, joined, earlier):
    client.force_login(chair_of(school))
    response = client.get(
        URL.format(code=school.code, name="members.joined"), {"period": "2025-2026"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "秋季入会" in page and "春季入会" in page
    assert "早年入会" not in page
    assert "2 records behind this figure" in page
    assert "<h1" in page and "Members who joined</h1>" in page


def test_the_period_decides_the_rows(client, school, joined, earlier):
    client.force_login(chair_of(school))
    page = client.get(
        URL.format(code=school.code, name="members.joined"), {"period": "2026"}
    ).content.decode()
    assert "春季入会" in page
    assert "秋季入会" not in page


def test_the_indicators_own_capability_guards_its_records(client, school, joined):
    # An ordinary member holds a role here but not members.view, the indicator's capability.
    client.force_login(member_of(school))
    response = client.get(
        URL.format(code=school.code, name="members.joined"), {"period": "2025-2026"}
    )
    assert response.status_code == 403


def test_a_treasurer_may_see_member_counts_without_the_summary(client, school, joined):
    client.force_login(treasurer_of(school))
    response = client.get(
        URL.format(code=school.code, name="members.joined"), {"period": "2025-2026"}
    )
    assert response.status_code == 200


def test_another_schools_records_are_not_found(client, school, other_school, joined):
    MemberFactory(org=other_school, name="别校会员", joined_on=dt.date(2025, 10, 1))
    client.force_login(chair_of(school))
    response = client.get(
        URL.format(code=other_school.code, name="members.joined"), {"period": "2025-2026"}
    )
    assert response.status_code == 404
    page = client.get(
        URL.format(code=school.code, name="members.joined"), {"period": "2025-2026"}
    ).content.decode()
    assert "别校会员" not in page


def test_an_unknown_indicator_is_not_found(client, school):
    client.force_login(chair_of(school))
    assert client.get(URL.format(code=school.code, name="nope.nothing")).status_code == 404


def test_its_query_count_does_not_grow_with_the_records(client, school, django_assert_num_queries):
    client.force_login(chair_of(school))
    url = URL.format(code=school.code, name="members.count")
    # session, user, roles, unread notices; the figure (a count: its records are not counted
    # again); the ids of one page of records, then those records
    MemberFactory.create_batch(3, org=school)
    with django_assert_num_queries(7):
        client.get(url, {"period": "2025-2026"})
    MemberFactory.create_batch(20, org=school)
    with django_assert_num_queries(7):
        client.get(url, {"period": "2025-2026"})


def test_a_long_list_is_paged_in_the_database_and_counted_once(client, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from unionhall.core import indicators
    from unionhall.core.periods import Period

    client.force_login(chair_of(school))
    MemberFactory.create_batch(230, org=school, joined_on=dt.date(2015, 9, 1))
    url = URL.format(code=school.code, name="members.count")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"period": "2025-2026", "page": 3})
    page = response.content.decode()
    assert "230 records behind this figure" in page
    records = indicators.get("members.count")(school, Period.school_year(2025)).records
    expected = [member.name for member in records[200:]]
    assert len(expected) == 30
    assert all(f">{name}</li>" in page for name in expected)
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len([sql for sql in counts if "members_member" in sql]) == 1
    pages = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"].upper()]
    assert any("OFFSET 200" in sql for sql in pages)  # only this page is read
