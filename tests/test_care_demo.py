"""The demo year of care and dues is believable and stays within the rules it ships."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from unionhall.care.models import CareVisit
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.demo.care import seed_care_demo
from unionhall.dues.models import DuesPayment
from unionhall.funds.models import LedgerEntry
from unionhall.members.models import Member

pytestmark = pytest.mark.usefixtures("english")

YEAR = timezone.localdate().year - 1


def test_it_seeds_a_year_of_care_and_dues(school):
    made = seed_care_demo(school, YEAR)
    assert made >= 30
    assert Member.objects.filter(org=school).count() >= 40
    kinds = set(CareVisit.objects.filter(org=school).values_list("kind", flat=True))
    assert {"festival", "birthday", "illness", "hardship", "bereavement"} <= kinds
    # Only the chair's documented override breaks a rule.
    overridden = CareVisit.objects.filter(org=school).exclude(overridden_rules="")
    assert overridden.count() == 1 and overridden.get().override_reason
    union = CareVisit.objects.filter(org=school).aggregate(s=Sum("union_amount"))["s"]
    spent = LedgerEntry.objects.filter(org=school, category__startswith="expense_").aggregate(
        s=Sum("amount")
    )["s"]
    assert spent == -union
    dues = LedgerEntry.objects.filter(org=school, category="income_dues").aggregate(
        s=Sum("amount")
    )["s"]
    assert dues == DuesPayment.objects.filter(org=school).aggregate(s=Sum("amount"))["s"]
    rate = indicators.get("dues.collection_rate")(school, Period.year(YEAR)).value
    assert Decimal("90") < rate < Decimal("100")


def test_it_does_not_seed_twice_or_invent_the_future(school):
    today = dt.date(YEAR, 6, 30)
    seed_care_demo(school, YEAR, today=today)
    assert not CareVisit.objects.filter(date__gt=today).exists()
    assert seed_care_demo(school, YEAR, today=today) == 0


def test_every_care_and_dues_page_renders_with_the_demo_year(client, school):
    from unionhall.orgs.models import RoleAssignment

    seed_care_demo(school, timezone.localdate().year)
    chair = RoleAssignment.objects.get(org=school, role="chair").user
    client.force_login(chair)
    visit = CareVisit.objects.filter(org=school).first()
    member = Member.objects.filter(org=school, status="active").first()
    for url in (
        "",
        "care/",
        "care/?kind=festival",
        "care/new/",
        f"care/{visit.pk}/",
        "care/reminders/?days=60",
        "care/rules/",
        "care/rules/festival/",
        "dues/",
        "dues/collect/",
        "dues/arrears/",
        "dues/arrears.xlsx",
        "dues/settings/",
        f"dues/member/{member.pk}/",
    ):
        response = client.get(f"/o/{school.code}/{url}")
        assert response.status_code == 200, url
