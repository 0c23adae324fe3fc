"""`manage.py seed_demo` and `demo_logins`: a demo district that reads like a real one."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from unionhall.care.models import CareVisit
from unionhall.congress.models import Proposal
from unionhall.core import idcard
from unionhall.core.indicators import Period
from unionhall.demo import register
from unionhall.demo.management.commands import seed_demo as seed_demo_command
from unionhall.district.models import AnnualReturn
from unionhall.dues.models import DuesPayment
from unionhall.funds.models import LedgerEntry
from unionhall.funds.selectors import disclosure
from unionhall.members.models import Member, MemberEvent, Status
from unionhall.orgs.models import Department, Organisation, RoleAssignment, User
from unionhall.orgs.roles import Role
from unionhall.voice.models import Suggestion

pytestmark = pytest.mark.django_db


def seed(*args, full=False) -> str:
    """Run seed_demo; the register only, unless `full` asks for the year's ledgers too."""
    out = io.StringIO()
    call_command("seed_demo", *args, *([] if full else ["--register-only"]), stdout=out)
    return out.getvalue()


def demo_members():
    return Member.objects.filter(org__code=register.SCHOOL_CODE)


def test_it_builds_a_school_of_about_120_members():
    seed()
    members = list(demo_members().select_related("department"))
    statuses = Counter(m.status for m in members)
    assert len(members) == 120
    assert 10 <= statuses[Status.RETIRED] <= 14
    assert 2 <= statuses[Status.TRANSFERRED] <= 3
    assert statuses[Status.DECEASED] == 1
    women = sum(m.gender == "F" for m in members) / len(members)
    assert 0.65 <= women <= 0.75
    assert len({m.department.name for m in members}) >= 8
    assert any(m.lunar_birthday for m in members)
    assert len({m.name for m in members}) == len(members)


def test_its_people_are_consistent():
    seed()
    for m in demo_members():
        assert idcard.validate(m.id_number) == m.id_number
        assert idcard.gender_of(m.id_number) == m.gender
        assert idcard.birth_date_of(m.id_number) == m.birth_date
        assert m.name_pinyin and m.name_initials
        assert m.joined_on and m.joined_on > m.birth_date
        if m.status in (Status.RETIRED, Status.DECEASED):
            assert m.retired_on and m.retired_on > m.joined_on
        if m.status in (Status.TRANSFERRED, Status.DECEASED):
            assert m.left_on and m.left_on > m.joined_on


def test_hardship_members_have_a_level_and_a_note():
    seed()
    hardship = demo_members().exclude(hardship="")
    assert 4 <= hardship.count() <= 6
    assert all(m.hardship_note for m in hardship)


def test_every_member_has_a_dated_union_life():
    seed()
    events = Counter(MemberEvent.objects.values_list("kind", flat=True))
    assert events[MemberEvent.Kind.JOIN] == 120
    assert events[MemberEvent.Kind.RETIRE] == demo_members().exclude(retired_on=None).count()
    assert (
        events[MemberEvent.Kind.TRANSFER_OUT] == demo_members().filter(status="transferred").count()
    )
    assert events[MemberEvent.Kind.DEATH] == 1


@pytest.mark.parametrize(("username", "role"), register.DEMO_LOGINS)
def test_each_login_reaches_its_home_page(client, username, role):
    seed()
    assert client.login(username=username, password=register.DEMO_PASSWORD)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    org = RoleAssignment.objects.get(user__username=username, role=role).org
    assert org.name in response.content.decode()
    if role == "district_admin":
        assert not org.is_school
        assert not Member.objects.filter(user__username=username).exists()
    else:
        assert org.code == register.SCHOOL_CODE
        assert Member.objects.get(user__username=username).status == Status.ACTIVE


def test_the_chair_sees_the_demo_register(client):
    seed()
    client.force_login(User.objects.get(username="chair"))
    response = client.get(f"/o/{register.SCHOOL_CODE}/members/?q=")
    assert response.status_code == 200
    assert demo_members().order_by("name_pinyin").first().name in response.content.decode()


def _fresh_seed(*args) -> list[tuple]:
    with transaction.atomic():
        seed(*args)
        people = list(
            demo_members()
            .order_by("name_pinyin", "name")
            .values_list("name", "id_number", "department__name", "post", "status", "hardship")
        )
        transaction.set_rollback(True)
    return people


def test_it_is_the_same_district_every_time():
    first = _fresh_seed()
    assert not Organisation.objects.exists()
    assert _fresh_seed() == first


def test_a_different_seed_gives_different_people():
    default = {row[0] for row in _fresh_seed()}
    other = {row[0] for row in _fresh_seed("--seed", "7")}
    assert len(other) == 120
    assert len(default & other) < 60


def test_if_empty_does_nothing_the_second_time():
    seed("--if-empty")
    counts = (Organisation.objects.count(), Member.objects.count(), User.objects.count())
    output = seed("--if-empty")
    # Commands speak the site's language, Chinese first.
    assert "未载入演示数据" in output
    assert (Organisation.objects.count(), Member.objects.count(), User.objects.count()) == counts


def test_a_second_run_is_refused_and_changes_nothing():
    seed()
    counts = (Organisation.objects.count(), Member.objects.count())
    with pytest.raises(CommandError, match=register.DISTRICT_CODE):
        seed()
    assert (Organisation.objects.count(), Member.objects.count()) == counts


def test_scale_options_build_that_many_schools():
    seed("--schools", "4", "--members-per-school", "30")
    district = Organisation.objects.get(code=register.DISTRICT_CODE)
    schools = Organisation.objects.filter(parent=district)
    assert schools.count() == 4
    for school in schools:
        assert Member.objects.filter(org=school).count() == 30
        assert Department.objects.filter(org=school).count() >= 8
        assert not Member.objects.filter(org=school).exclude(department__org=school).exists()
    assert User.objects.count() == len(register.DEMO_LOGINS)


def test_bad_scale_options_are_refused():
    with pytest.raises(CommandError, match="--schools"):
        seed("--schools", "0")
    assert not Organisation.objects.exists()


def test_production_settings_refuse_the_demo_and_change_nothing(settings):
    settings.PRODUCTION = True
    for args in ([], ["--if-empty"]):
        with pytest.raises(CommandError, match="UNIONHALL_ENV=production") as refused:
            seed(*args)
        assert "--force" in str(refused.value)
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_force_seeds_a_trial_server_with_production_settings(settings):
    settings.PRODUCTION = True
    seed("--force")
    assert demo_members().count() == 120
    assert User.objects.count() == len(register.DEMO_LOGINS)


def test_demo_logins_prints_a_table_and_the_address():
    seed()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username, _role in register.DEMO_LOGINS:
        assert f"\n  {username} " in text
    assert register.DEMO_PASSWORD in text
    assert register.SCHOOL_NAME in text
    assert "http://127.0.0.1:8000" in text


def test_demo_logins_says_when_there_are_none():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_the_full_demo_school_has_a_year_of_work_in_every_ledger():
    seed(full=True)
    school = Organisation.objects.get(code=register.SCHOOL_CODE)
    assert CareVisit.objects.filter(org=school).count() > 100
    assert LedgerEntry.objects.filter(org=school).count() > 100
    assert DuesPayment.objects.filter(org=school).exists()
    states = set(Proposal.objects.filter(org=school).values_list("state", flat=True))
    assert len(states) >= 6
    assert 90 <= Suggestion.objects.filter(org=school).count() <= 110
    # Each school's ledgers are its own: a care visit reaches only its own school's members
    # (the district's other schools keep their own, smaller ledgers).
    from django.db.models import F

    from unionhall.care.models import CareRecipient

    assert not CareRecipient.objects.exclude(member__org=F("visit__org")).exists()
    assert not CareRecipient.objects.exclude(org=F("visit__org")).exists()
    assert Member.objects.filter(org=school).count() == 120
    # A believable year: the union lives within its means.
    last_year = timezone.localdate().year - 1
    report = disclosure(org=school, period=Period.year(last_year))
    assert report.expense_total < report.income_total


def test_more_schools_with_the_full_demo_seed_each_get_a_chair_and_their_return():
    """`seed_demo --schools 3` crashed in the district's demo (the added schools had no chair)
    after the demo school was committed."""
    seed("--schools", "3", "--members-per-school", "8", full=True)
    district = Organisation.objects.get(code=register.DISTRICT_CODE)
    schools = Organisation.objects.filter(parent=district, kind=Organisation.Kind.SCHOOL)
    for school in schools:
        assert RoleAssignment.objects.filter(org=school, role=Role.CHAIR).exists(), school
    returns = AnnualReturn.objects.filter(org__parent=district)
    assert returns.count() == schools.count() == 4  # 3 asked for, and one small school
    assert returns.filter(state=AnnualReturn.State.SUBMITTED).count() == 3


def test_a_seed_that_fails_halfway_leaves_nothing_and_if_empty_then_seeds(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk filled up")

    with monkeypatch.context() as patched:
        # The first of the ledgers, after the register (which used to be committed by then).
        patched.setattr(seed_demo_command, "seed_funds_demo", fail)
        with pytest.raises(RuntimeError, match="the disk filled up"):
            seed("--schools", "2", "--members-per-school", "5", full=True)
    # The district, its schools, members and logins were written before the failure: all gone.
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert not Member.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert "未载入" not in seed("--if-empty", "--schools", "2", "--members-per-school", "5")
    assert Organisation.objects.filter(code=register.SCHOOL_CODE).exists()
