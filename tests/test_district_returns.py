"""The annual return (年报): filled from the indicators, corrected and submitted by the chair,
frozen once submitted, summed for the district; the district sees who is late."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_care import record
from tests.factories_district import make_district
from unionhall.district import selectors, services
from unionhall.district.models import AnnualReturn
from unionhall.notices.models import Notice

TODAY = dt.date(2026, 12, 10)
pytestmark = pytest.mark.time_machine(morning_of(TODAY), tick=False)


@pytest.fixture
def d(db):
    made = make_district()
    made.round = services.return_round_open(
        district=made.district, actor=made.admin, year=2026, due_on=dt.date(2026, 12, 20)
    )
    return made


def test_the_return_is_filled_from_the_indicators(d):
    found = services.return_prepare(school=d.schools[0], year=2026)
    assert (found.members, found.staff, found.women_members) == (4, 4, 2)
    assert found.care_person_visits == 2
    assert found.care_amount == Decimal("400.00")
    assert found.sources["care_amount"] == "care.amount"
    assert found.state == AnnualReturn.State.DRAFT


def test_it_freezes_on_submit(d, django_capture_on_commit_callbacks):
    school, chair = d.schools[0], d.chairs[0]
    draft = services.return_prepare(school=school, year=2026)
    services.return_update(annual_return=draft, actor=chair, staff=5)
    submitted = services.return_submit(annual_return=draft, actor=chair)
    assert submitted.join_rate == 80.0
    # Later records change the indicators, not the submitted return.
    MemberFactory(org=school)
    record(school, chair, amount=Decimal("500.00"))
    again = AnnualReturn.objects.get(pk=draft.pk)
    assert (again.members, again.care_amount) == (4, Decimal("400.00"))
    with pytest.raises(ValidationError):
        services.return_update(annual_return=again, actor=chair, staff=9)
    with pytest.raises(ValidationError):
        services.return_refill(annual_return=again, actor=chair)
    with pytest.raises(ValidationError):
        services.return_submit(annual_return=again, actor=chair)


def test_a_draft_refuses_more_women_than_staff(d):
    draft = services.return_prepare(school=d.schools[0], year=2026)
    with pytest.raises(ValidationError) as refused:
        services.return_update(annual_return=draft, actor=d.chairs[0], staff=3, women_staff=4)
    assert "women_staff" in refused.value.message_dict


def test_the_district_sums_the_submitted_returns_and_sees_who_is_late(d, time_machine):
    for school, chair in zip(d.schools[:2], d.chairs[:2], strict=True):
        services.return_submit(
            annual_return=services.return_prepare(school=school, year=2026), actor=chair
        )
    totals = selectors.return_totals(round=d.round)
    assert totals["schools"] == 2
    assert totals["members"] == 4 + 6
    assert totals["care_person_visits"] == 2
    assert totals["care_amount"] == Decimal("400.00")
    statuses = selectors.return_statuses(round=d.round, today=TODAY)
    assert [s.late for s in statuses] == [False, False, False]
    statuses = selectors.return_statuses(round=d.round, today=dt.date(2026, 12, 21))
    # Listed by name ("第10" before "第9"): compare by school, whatever the names' numbers.
    is_late = {s.school: s.late for s in statuses}
    assert [is_late[school] for school in d.schools] == [False, False, True]
    time_machine.move_to(morning_of(dt.date(2026, 12, 22)), tick=False)
    late = services.return_submit(
        annual_return=services.return_prepare(school=d.schools[2], year=2026), actor=d.chairs[2]
    )
    assert late.on_time is False


def test_the_late_are_chased_through_the_bell(d, django_capture_on_commit_callbacks):
    services.return_submit(
        annual_return=services.return_prepare(school=d.schools[0], year=2026), actor=d.chairs[0]
    )
    with django_capture_on_commit_callbacks(execute=True):
        chased = services.returns_chase(round=d.round, actor=d.admin, today=TODAY)
    assert chased == 2
    overdue = Notice.objects.filter(kind=Notice.Kind.OVERDUE)
    assert {n.user for n in overdue} == set(d.chairs[1:])


def test_the_chair_reviews_and_submits_on_the_page(d, client):
    client.force_login(d.chairs[1])
    url = reverse("district:my_return", kwargs={"org": d.schools[1].code, "year": 2026})
    page = client.get(url)
    assert page.status_code == 200
    assert "6" in page.content.decode()
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 302
    assert AnnualReturn.objects.get(org=d.schools[1]).is_submitted


def test_the_district_sees_the_returns(d, client, django_assert_num_queries):
    services.return_submit(
        annual_return=services.return_prepare(school=d.schools[0], year=2026), actor=d.chairs[0]
    )
    client.force_login(d.admin)
    url = reverse("district:returns", kwargs={"org": d.district.code, "year": 2026})
    with django_assert_num_queries(9):
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert d.schools[0].name in text and d.schools[2].name in text
