"""The care rules are rules of union funds: they judge what union funds pay. A gift paid from the
school's budget is not refused by them (a cash gift at a festival, say), whoever records it, in
a single visit, a batch and an import alike; and what the school paid does not count towards the
union's caps."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import welfare_of
from unionhall.care.models import CareRecipient, CareVisit, Payer
from unionhall.care.services import CareRuleBroken
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


@pytest.fixture
def rules(school):
    return load_rules(school)


@pytest.fixture
def retiree(school):
    return MemberFactory(org=school, status="retired", retired_on=dt.date(2015, 7, 1))


def test_a_school_funded_cash_gift_at_a_festival_is_accepted(school, rules, retiree):
    """The retirees' festival gifts are paid by the school (the rule's payer for retirees), so
    "festival: no cash" does not refuse them, and the welfare officer needs no override."""
    visit, _warnings = record(
        school,
        welfare_of(school),
        [retiree],
        kind="festival",
        festival="double_ninth",
        is_cash=True,
        goods="",
        amount=Decimal("300"),
    )
    assert visit.payer == Payer.ADMINISTRATION and visit.is_cash
    assert visit.overridden_rules == "" and visit.overridden_by is None
    assert not LedgerEntry.objects.exists()


def test_a_gift_stated_as_paid_by_the_school_is_not_judged_by_the_union_rules(school, rules):
    member = MemberFactory(org=school)
    visit, _warnings = record(
        school,
        welfare_of(school),
        [member],
        kind="festival",
        festival="teachers",
        is_cash=True,
        goods="",
        amount=Decimal("1500"),  # above the union's cap of 1000 per visit too
        payer=Payer.ADMINISTRATION,
    )
    assert CareRecipient.objects.get(visit=visit).payer == Payer.ADMINISTRATION
    assert not LedgerEntry.objects.exists()


def test_the_same_gift_from_union_funds_is_still_refused(school, rules, retiree):
    active = MemberFactory(org=school)
    with pytest.raises(CareRuleBroken) as refused:
        record(
            school,
            welfare_of(school),
            [active, retiree],  # the union pays for the member in service
            kind="festival",
            festival="spring",
            is_cash=True,
            goods="",
        )
    assert "no cash" in refused.value.messages[0]
    with pytest.raises(CareRuleBroken):
        record(
            school,
            welfare_of(school),
            [retiree],
            kind="festival",
            festival="spring",
            is_cash=True,
            goods="",
            payer=Payer.UNION,
        )
    assert not CareVisit.objects.exists()


def test_what_the_school_paid_does_not_count_towards_the_unions_caps(school, rules):
    member = MemberFactory(org=school)
    officer = welfare_of(school)
    for festival in ("spring", "dragon_boat"):
        record(
            school,
            officer,
            [member],
            kind="festival",
            festival=festival,
            amount=Decimal("1000"),
            payer=Payer.ADMINISTRATION,
            date=TODAY.replace(month=1, day=1),
        )
    # 2,000 from the school already; the union's 1,000 is within its 2,200 a year.
    visit, _w = record(
        school, officer, [member], kind="festival", festival="mid_autumn", amount=Decimal("1000")
    )
    assert visit.payer == Payer.UNION


def test_a_festival_batch_paid_by_the_school_in_cash_is_recorded(client, school, rules, retiree):
    client.force_login(welfare_of(school))
    url = f"/o/{school.code}/care/batch/festival/"
    form = {
        "festival": "spring",
        "group": "staff",
        "date": TODAY.isoformat(),
        "amount": "500",
        "is_cash": "on",
        "payer": Payer.ADMINISTRATION,
        "goods": "",
        "note": "",
    }
    staff = MemberFactory.create_batch(3, org=school)
    preview = client.post(url, form)
    assert preview.status_code == 200
    assert "no cash" not in preview.content.decode()
    response = client.post(url, {**form, "confirm": "1", "members": [m.pk for m in staff]})
    assert response.status_code == 302
    visit = CareVisit.objects.get()
    assert visit.is_cash and visit.payer == Payer.ADMINISTRATION
    assert visit.recipients.count() == 3
    # From union funds the same batch is refused, naming the rule.
    refused = client.post(
        url, {**form, "payer": "", "confirm": "1", "members": [m.pk for m in staff]}
    )
    assert "no cash" in refused.content.decode()
    assert CareVisit.objects.count() == 1


def test_the_visit_form_offers_who_paid(client, school, rules):
    client.force_login(welfare_of(school))
    member = MemberFactory(org=school)
    response = client.post(
        f"/o/{school.code}/care/new/",
        {
            "kind": "festival",
            "festival": "mid_autumn",
            "members": [member.pk],
            "date": TODAY.isoformat(),
            "amount": "300",
            "is_cash": "on",
            "payer": Payer.ADMINISTRATION,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CareVisit.objects.get().payer == Payer.ADMINISTRATION
