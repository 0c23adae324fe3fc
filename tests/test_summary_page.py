import datetime as dt

import pytest

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_reports import (  # noqa: F401
    funds_indicators,
    only_members_and_funds_sections,
    school_year_2025,
    without_funds_indicators,
)
from tests.personas import chair_of, district_admin_of, treasurer_of

URL = "/o/{code}/reports/summary/"
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


@pytest.mark.usefixtures("funds_indicators")
def test_it_shows_the_figures_each_linked_to_its_records(client, school, chair):
    expected = school_year_2025(school, chair)
    response = client.get(URL.format(code=school.code), {"period": "2025-2026"})
    assert response.status_code == 200
    page = response.content.decode()
    records = f"/o/{school.code}/reports/indicator/members.count/?period=2025-2026"
    assert f'href="{records}"' in page
    assert f'title="Members at the end of the period">{expected["members"]}</a>' in page
    assert f">{expected['income']}</a>" in page
    assert f">{expected['balance']}</a>" in page
    assert "Download .docx" in page or "summary.docx" in page


@pytest.mark.usefixtures("funds_indicators")
def test_a_committee_member_may_read_it(client, school):
    client.force_login(grant(UserFactory(), school, "committee_culture"))
    assert client.get(URL.format(code=school.code)).status_code == 200


@pytest.mark.parametrize("role", ["member", "representative", "treasurer", "leader"])
def test_it_is_forbidden_to_other_roles(client, school, role):
    client.force_login(grant(UserFactory(), school, role))
    assert client.get(URL.format(code=school.code)).status_code == 403
    docx = f"/o/{school.code}/reports/summary.docx"
    assert client.get(docx).status_code == 403


def test_another_schools_summary_is_not_found(client, school, other_school, chair):
    assert client.get(URL.format(code=other_school.code)).status_code == 404
    assert client.get(f"/o/{other_school.code}/reports/summary.docx").status_code == 404


@pytest.mark.usefixtures("without_funds_indicators")
def test_without_funds_indicators_the_funds_sentences_are_left_out(client, school, chair):
    school_year_2025(school, chair)
    page = client.get(URL.format(code=school.code), {"period": "2025-2026"}).content.decode()
    assert "members on its register" in page
    assert "income in the period came to" not in page
    assert "balance of the union funds" not in page


def test_a_calendar_year_is_offered_and_a_bad_period_explained(client, school, chair):
    MemberFactory(org=school, joined_on=dt.date(2025, 3, 1))
    page = client.get(URL.format(code=school.code), {"period": "2025"}).content.decode()
    assert "2025-01-01" in page and "2025-12-31" in page
    page = client.get(URL.format(code=school.code), {"period": "last year"}).content.decode()
    assert "is not a period" in page


@pytest.mark.usefixtures("funds_indicators", "only_members_and_funds_sections")
def test_its_query_count_is_pinned_and_does_not_grow_with_the_records(
    client, school, chair, django_assert_num_queries
):
    school_year_2025(school, chair)
    # session, user, roles, the school's data version (the key of the kept summary, off in
    # tests: tests/test_summary_fresh.py), unread notices, the chair's own paragraphs, the
    # custom template;
    # then one query per indicator:
    # members.count/women/joined/retired, funds.income/expense/expense_by_category/closing_balance;
    # the opening balance in force (none here), read once for funds.opening_balance and
    # funds.closing_balance; dues.collected; and one for dues.owed and dues.collection_rate
    # together, which share the member-months owed (the first dues collection: none here, so
    # no dues are recorded); the chair's choices for the problems (存在的问题和不足); the figures
    # of the opening paragraph not already read (activities.held, care.person_visits,
    # congress.proposals_received, voice.received); those of the problems (congress late
    # answers, hardship members not visited, the plan tasks due, read once for those done and
    # those not done; the activities with low participation are the opening's activities held,
    # read once; the dues unpaid share the member-months owed; the archive parts missing, every
    # expected part in one query)
    queries = 7 + 8 + 1 + 1 + 1 + 1 + 4 + 4
    with django_assert_num_queries(queries):
        client.get(URL.format(code=school.code), {"period": "2025-2026"})
    for _ in range(30):
        MemberFactory(org=school)
    school_year_2025(school, chair)
    with django_assert_num_queries(queries):
        client.get(URL.format(code=school.code), {"period": "2025-2026"})


@pytest.mark.usefixtures("funds_indicators")
def test_with_every_installed_section_the_query_count_does_not_grow(client, school, chair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(URL.format(code=school.code), {"period": "2025-2026"})
        return len(captured)

    school_year_2025(school, chair)
    before = count()
    for _ in range(25):
        MemberFactory(org=school)
    school_year_2025(school, chair)
    assert count() == before


@pytest.mark.usefixtures("funds_indicators")
def test_the_page_shows_the_charts_of_the_docx(client, school, other_school, chair):
    school_year_2025(school, chair)
    page = client.get(URL.format(code=school.code), {"period": "2025-2026"}).content.decode()
    chart = f"/o/{school.code}/reports/summary/chart/members/0.png?period=2025-2026"
    assert chart in page
    response = client.get(chart)
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")
    assert client.get(f"/o/{school.code}/reports/summary/chart/members/9.png").status_code == 404
    other = client.get(f"/o/{other_school.code}/reports/summary/chart/members/0.png")
    assert other.status_code == 404


def test_the_nav_links_to_the_summary_only_for_those_who_may_read_it(client, school):
    client.force_login(chair_of(school))
    summary = f"/o/{school.code}/reports/summary/"
    assert summary in client.get(f"/o/{school.code}/members/").content.decode()
    client.force_login(treasurer_of(school))
    assert summary not in client.get(f"/o/{school.code}/members/").content.decode()


def test_the_district_administrator_reads_the_districts_own_summary(client, school):
    district = school.parent
    client.force_login(district_admin_of(district))
    assert client.get(URL.format(code=district.code)).status_code == 200
    # a school's summary stays the school's until the roll-up exists
    assert client.get(URL.format(code=school.code)).status_code == 404
