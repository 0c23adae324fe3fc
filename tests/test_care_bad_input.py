"""Bad input to a care visit gets a clear message, and nothing is recorded."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import welfare_of
from unionhall.care.models import CareRecipient, CareVisit
from unionhall.core.models import AuditEntry
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("english")


def _nothing_recorded():
    assert not CareVisit.objects.exists()
    assert not CareRecipient.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": Decimal("-50.00")}, "more than zero"),
        ({"amount": Decimal("0")}, "more than zero"),
        ({"amount": Decimal("10.005")}, "more than two decimal places"),
        ({"date": timezone.localdate() + dt.timedelta(days=2)}, "more than a day in the future"),
        ({"kind": "festival"}, "Choose the festival"),
        ({"kind": "illness", "is_cash": True}, "Name the illness"),
        ({"goods": ""}, "Describe the goods"),
    ],
)
def test_it_refuses_bad_input(school, kwargs, message):
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    with pytest.raises(ValidationError) as refused:
        record(school, officer, [member], **kwargs)
    assert message in " ".join(refused.value.messages)
    _nothing_recorded()


def test_tomorrow_is_accepted(school):
    record(school, welfare_of(school), date=timezone.localdate() + dt.timedelta(days=1))
    assert CareVisit.objects.count() == 1


@pytest.mark.parametrize("status", ["transferred", "deceased"])
def test_it_refuses_a_visit_to_a_member_who_left(school, status):
    officer = welfare_of(school)
    gone = MemberFactory(org=school, status=status, left_on=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as refused:
        record(school, officer, [gone])
    assert "no longer on the register" in refused.value.messages[0]
    _nothing_recorded()


def test_a_bereavement_visit_for_a_member_who_died_is_accepted(school):
    load_rules(school)
    gone = MemberFactory(org=school, status="deceased", left_on=timezone.localdate())
    visit, _w = record(
        school,
        welfare_of(school),
        [gone],
        kind="bereavement",
        relation="本人",
        is_cash=True,
        amount=Decimal("2000"),
    )
    assert list(visit.members.all()) == [gone]


def test_it_refuses_another_schools_member(school, other_school):
    stranger = MemberFactory(org=other_school)
    with pytest.raises(ValidationError) as refused:
        record(school, welfare_of(school), [stranger])
    assert "not on this organisation's register" in refused.value.messages[0]
    _nothing_recorded()


def test_a_cap_exceeded_without_override_records_nothing(school):
    load_rules(school)
    with pytest.raises(ValidationError):
        record(school, welfare_of(school), kind="birthday", amount=Decimal("800"))
    _nothing_recorded()
