"""Care is judged by the member's status on the date of the visit, from their history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import welfare_of
from unionhall.care.models import CareRecipient, Payer
from unionhall.members.models import Status
from unionhall.members.selectors import status_on

pytestmark = pytest.mark.usefixtures("english")


def _retired_in_june(school):
    return MemberFactory(
        org=school,
        name="六月退休",
        status=Status.RETIRED,
        joined_on=dt.date(1990, 9, 1),
        retired_on=dt.date(2025, 6, 1),
    )


def test_status_on_follows_the_members_history(school):
    member = _retired_in_june(school)
    assert status_on(member, dt.date(1990, 8, 31)) is None
    assert status_on(member, dt.date(2025, 5, 31)) == Status.ACTIVE
    assert status_on(member, dt.date(2025, 6, 1)) == Status.RETIRED
    gone = MemberFactory(org=school, status=Status.TRANSFERRED, left_on=dt.date(2024, 1, 1))
    assert status_on(gone, dt.date(2023, 12, 31)) == Status.ACTIVE
    assert status_on(gone, dt.date(2024, 1, 2)) == Status.TRANSFERRED


def test_a_gift_before_retirement_is_paid_as_in_service(school):
    # The example rules: festival gifts to serving staff from union funds, to retirees by the
    # school's administration.
    load_rules(school)
    member = _retired_in_june(school)
    officer = welfare_of(school)
    before, _w = record(
        school, officer, [member], kind="festival", festival="women", date=dt.date(2025, 3, 7)
    )
    after, _w = record(
        school, officer, [member], kind="festival", festival="mid_autumn", date=dt.date(2025, 10, 6)
    )
    assert CareRecipient.objects.get(visit=before).payer == Payer.UNION
    assert before.union_amount == Decimal("200.00")
    assert before.ledger_entry_id is not None
    assert CareRecipient.objects.get(visit=after).payer == Payer.ADMINISTRATION
    assert after.union_amount == Decimal("0.00") and after.ledger_entry_id is None


def test_a_visit_before_the_member_joined_is_refused_with_the_dates(school):
    member = MemberFactory(org=school, name="新会员", joined_on=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError) as refused:
        record(school, welfare_of(school), [member], date=dt.date(2025, 8, 20))
    message = refused.value.messages[0]
    assert "新会员" in message and "2025-09-01" in message and "2025-08-20" in message
    assert not CareRecipient.objects.exists()


def test_a_visit_after_the_member_left_is_refused_with_the_dates(school):
    member = MemberFactory(org=school, status=Status.TRANSFERRED, left_on=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError) as refused:
        record(school, welfare_of(school), [member], date=dt.date(2025, 4, 1))
    assert "2025-03-01" in refused.value.messages[0]
    assert "2025-04-01" in refused.value.messages[0]
    visit, _w = record(school, welfare_of(school), [member], date=dt.date(2025, 2, 1))
    assert visit.pk, "a visit while the member was still here is recorded"


def test_a_retirement_visit_far_from_the_retirement_date_warns(school, settings):
    settings.CARE_RETIREMENT_WINDOW_DAYS = 90
    member = _retired_in_june(school)
    officer = welfare_of(school)
    _visit, warnings = record(
        school, officer, [member], kind="retirement", date=dt.date(2025, 6, 20)
    )
    assert warnings == []
    still_serving = MemberFactory(org=school, name="未退休")
    visit, warnings = record(
        school, officer, [still_serving], kind="retirement", date=dt.date(2025, 6, 20)
    )
    assert visit.pk
    assert len(warnings) == 1 and "未退休" in warnings[0] and "90" in warnings[0]


def test_a_group_visit_pays_for_each_person_by_their_status_that_day(client, school):
    load_rules(school)
    retired = _retired_in_june(school)
    serving = MemberFactory(org=school, name="在职教师")
    officer = welfare_of(school)
    visit, _w = record(
        school,
        officer,
        [retired, serving],
        kind="festival",
        festival="mid_autumn",
        date=dt.date(2025, 10, 6),
    )
    assert visit.union_amount == Decimal("200.00"), "the union pays for the serving teacher"
    client.force_login(officer)
    page = client.get(f"/o/{school.code}/care/{visit.pk}/").content.decode()
    assert "Union funds" in page and "School administration budget" in page
