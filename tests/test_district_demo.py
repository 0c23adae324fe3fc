"""The demo district's annual returns, data call and assessment: what the district
administrator sees after `make demo`."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from unionhall.demo import register
from unionhall.district import selectors
from unionhall.district.models import AnnualReturn, Assessment, DataCall, ReturnRound
from unionhall.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        yield Organisation.objects.get(code=register.DISTRICT_CODE)
        call_command("flush", interactive=False, verbosity=0)


def test_returns_some_submitted_one_late(demo):
    round = ReturnRound.objects.get(org=demo)
    statuses = selectors.return_statuses(round=round, today=timezone.localdate())
    submitted = [s for s in statuses if s.annual_return and s.annual_return.is_submitted]
    assert len(submitted) == 3 and all(s.annual_return.on_time for s in submitted)
    assert [s.late for s in statuses].count(True) == 1
    assert AnnualReturn.objects.filter(district=demo).count() == 4


def test_a_data_call_with_one_reply(demo):
    call = DataCall.objects.get(org=demo)
    statuses = selectors.call_statuses(call=call, today=timezone.localdate())
    assert [s.reply is not None for s in statuses].count(True) == 1


def test_the_assessment_ranks_the_demo_school_first(demo):
    ranked = selectors.ranking(round=Assessment.objects.filter(district=demo).first().round)
    assert ranked[0].org.code == register.SCHOOL_CODE
    assert ranked[0].self_submitted_at is not None


def test_the_district_pages_open(demo, client):
    client.force_login(User.objects.get(username="district"))
    year = timezone.localdate().year - 1
    for name, kwargs in (
        ("district:home", {}),
        ("district:compare", {}),
        ("district:returns", {"year": year}),
        ("district:calls", {}),
        ("district:congress_reports", {}),
        ("district:assessment", {"year": year}),
    ):
        response = client.get(reverse(name, kwargs={"org": demo.code, **kwargs}))
        assert response.status_code == 200, name
    assert (
        client.get(reverse("district:summary_docx", kwargs={"org": demo.code})).status_code == 200
    )
