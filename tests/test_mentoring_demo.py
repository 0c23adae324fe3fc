"""The demo school's mentoring: four pairs over the last full school year, one short of its
targets, each assessed."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from unionhall.core import indicators
from unionhall.core.periods import SCHOOL_YEAR, Period
from unionhall.mentoring import selectors
from unionhall.mentoring.models import Contract, Log
from unionhall.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_four_pairs_and_one_falls_short():
    call_command("seed_demo", stdout=io.StringIO())
    school = Organisation.objects.get(code="sj-diyi-xiaoxue")
    year = Period.school_year(Period.containing(SCHOOL_YEAR, timezone.localdate()).start.year - 1)
    assert indicators.get("mentoring.pairs")(school, year).value == 4
    assert indicators.get("mentoring.pairs_met")(school, year).value == 3
    grades = indicators.get("mentoring.assessments")(school, year).value
    assert sum(grades.values()) == 4
    assert Log.objects.filter(org=school).count() > 60
    # One mentor shares a mentee's prize of that year.
    shared = {
        contract.mentor.name
        for contract in Contract.objects.filter(org=school, starts_on=year.start).select_related(
            "mentor"
        )
        if any(h.awarded_on in year for h in selectors.shared_honours(contract.mentor))
    }
    assert len(shared) == 1
    # The pair that fell short goes on in the school year under way, with what it logged so far.
    this_year = Period.containing(SCHOOL_YEAR, timezone.localdate())
    [going_on] = Contract.objects.filter(org=school, starts_on=this_year.start)
    assert Log.objects.filter(contract=going_on, date__lte=timezone.localdate()).exists()
    assert not Log.objects.filter(contract=going_on, date__gt=timezone.localdate()).exists()
