"""Birthday gifts for a month and festival gifts to a group: a preview of each person, then one
group visit recorded all or nothing, each person checked against the care rules."""

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import chair_of, welfare_of
from unionhall.care import batch
from unionhall.care.models import CareRecipient, CareVisit, Kind
from unionhall.members.models import Status

pytestmark = pytest.mark.usefixtures("english")

BIRTHDAYS = "/o/{code}/care/batch/birthdays/"
FESTIVAL = "/o/{code}/care/batch/festival/"


@pytest.fixture(autouse=True)
def in_2025():
    with time_machine.travel(dt.datetime(2025, 12, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def march_birthdays(school):
    load_rules(school)
    born_in_march = [
        MemberFactory(org=school, name=f"三月{n}", birth_date=dt.date(1980 + n, 3, 10 + n))
        for n in range(3)
    ]
    MemberFactory(org=school, name="五月生日", birth_date=dt.date(1985, 5, 5))
    return born_in_march


def _birthdays(**data):
    return {
        "year": "2025",
        "month": "3",
        "date": "2025-03-03",
        "amount": "200",
        "goods": "蛋糕券",
        **data,
    }


def test_the_preview_lists_each_person_with_amount_and_payer(client, school, march_birthdays):
    client.force_login(welfare_of(school))
    response = client.post(BIRTHDAYS.format(code=school.code), _birthdays(preview=""))
    page = unescape(response.content.decode())
    assert response.status_code == 200
    for member in march_birthdays:
        assert member.name in page
    assert "五月生日" not in page
    assert "3 members, 600.00 yuan in all" in page
    assert "Union funds" in page
    assert not CareVisit.objects.exists(), "a preview records nothing"


def test_confirming_records_one_group_visit_of_the_ticked_people(client, school, march_birthdays):
    client.force_login(welfare_of(school))
    ticked = [m.pk for m in march_birthdays[:2]]
    response = client.post(
        BIRTHDAYS.format(code=school.code), _birthdays(confirm="", members=ticked)
    )
    visit = CareVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/care/{visit.pk}/")
    assert visit.kind == Kind.BIRTHDAY
    assert sorted(CareRecipient.objects.values_list("member_id", flat=True)) == sorted(ticked)


def test_one_breach_records_nothing_and_names_the_person(client, school, march_birthdays):
    # The example birthday rule allows one gift a year: the first member already had hers.
    record(
        school, welfare_of(school), march_birthdays[:1], kind="birthday", date=dt.date(2025, 3, 1)
    )
    client.force_login(welfare_of(school))
    everyone = [m.pk for m in march_birthdays]
    preview = unescape(
        client.post(BIRTHDAYS.format(code=school.code), _birthdays(preview="")).content.decode()
    )
    assert "三月0 has already received 1" in preview
    response = client.post(
        BIRTHDAYS.format(code=school.code), _birthdays(confirm="", members=everyone)
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "nothing was recorded" in page
    assert CareVisit.objects.count() == 1, "all or nothing: the batch is not recorded"


def test_the_chair_overrides_a_batch_with_a_reason(client, school, march_birthdays):
    record(
        school, welfare_of(school), march_birthdays[:1], kind="birthday", date=dt.date(2025, 3, 1)
    )
    client.force_login(chair_of(school))
    everyone = [m.pk for m in march_birthdays]
    response = client.post(
        BIRTHDAYS.format(code=school.code),
        _birthdays(confirm="", members=everyone, override_reason="生日补发，委员会同意"),
    )
    assert response.status_code == 302
    visit = CareVisit.objects.latest("id")
    assert visit.recipients.count() == 3
    assert visit.override_reason == "生日补发，委员会同意"


def test_a_lunar_birthday_falls_in_its_solar_month(school):
    # 农历正月十五 of 1980 is 1 March 1980; in 2025 the 15th of the first month is 12 February.
    lunar = MemberFactory(org=school, birth_date=dt.date(1980, 3, 1), lunar_birthday=True)
    assert batch.birthday_in(lunar, year=2025, month=2) == dt.date(2025, 2, 12)
    assert batch.birthday_in(lunar, year=2025, month=3) is None


def test_festival_groups_are_taken_as_of_the_gift_date(client, school):
    load_rules(school)
    serving = MemberFactory(org=school, name="在职", gender="M")
    retired_in_june = MemberFactory(
        org=school,
        name="六月退休",
        gender="F",
        status=Status.RETIRED,
        retired_on=dt.date(2025, 6, 1),
    )
    joined_late = MemberFactory(
        org=school, name="九月入会", gender="M", joined_on=dt.date(2025, 9, 1)
    )
    may = dt.date(2025, 5, 30)
    assert set(batch.group_members(org=school, group="staff", date=may)) == {
        serving,
        retired_in_june,
    }
    assert batch.group_members(org=school, group="retirees", date=may) == []
    october = dt.date(2025, 10, 6)
    assert set(batch.group_members(org=school, group="staff", date=october)) == {
        serving,
        joined_late,
    }
    assert batch.group_members(org=school, group="women", date=october) == [retired_in_june]

    client.force_login(welfare_of(school))
    data = {
        "festival": "dragon_boat",
        "group": "staff",
        "date": "2025-05-30",
        "amount": "100",
        "goods": "粽子",
    }
    page = unescape(
        client.post(FESTIVAL.format(code=school.code), {**data, "preview": ""}).content.decode()
    )
    assert "六月退休" in page and "In service" in page
    assert "九月入会" not in page
    response = client.post(
        FESTIVAL.format(code=school.code),
        {**data, "confirm": "", "members": [serving.pk, retired_in_june.pk]},
    )
    assert response.status_code == 302
    visit = CareVisit.objects.get()
    assert visit.festival == "dragon_boat"
    assert visit.union_amount == Decimal("200.00"), "both were in service on the day"
