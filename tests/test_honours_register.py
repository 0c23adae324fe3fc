"""The honours register: recording, correcting, withdrawing, and the selector later selections
ask ("has this person won X in the last N years?")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of
from unionhall.core.audit import history
from unionhall.honours.models import Honour, Level, Rank, Source
from unionhall.honours.selectors import has_honour, honours_of
from unionhall.honours.services import honour_correct, honour_record, honour_withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _record(school, actor, **fields):
    values = {
        "title": "优秀班主任",
        "level": Level.COUNTY,
        "rank": "",
        "body": "某区教育局",
        "awarded_on": dt.date(2025, 9, 10),
    }
    values.update(fields)
    return honour_record(org=school, actor=actor, **values)


def test_it_records_an_individual_and_a_collective_honour(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    honour = _record(school, chair, member=member)
    department = DepartmentFactory(org=school, name="语文组")
    collective = _record(school, chair, department=department, title="先进教研组", level=Level.CITY)
    assert honour.holder_shown == member.name
    assert collective.holder_shown == "语文组"
    assert collective.is_collective
    assert history(honour).count() == 1


def test_it_refuses_two_holders_or_none(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    with pytest.raises(ValidationError, match="exactly one holder"):
        _record(school, chair, member=member, team_name="合唱队")
    with pytest.raises(ValidationError, match="exactly one holder"):
        _record(school, chair)
    assert not Honour.objects.exists()


def test_it_refuses_a_member_of_another_school(school, other_school):
    with pytest.raises(ValidationError, match="not on this organisation"):
        _record(school, chair_of(school), member=MemberFactory(org=other_school))


def test_it_refuses_a_future_date_and_an_unknown_level(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    with pytest.raises(ValidationError, match="future"):
        _record(school, chair, member=member, awarded_on=dt.date(2999, 1, 1))
    with pytest.raises(ValidationError, match="level"):
        _record(school, chair, member=member, level=15)


def test_evidence_must_be_an_image_or_a_pdf(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    bad = SimpleUploadedFile("certificate.exe", b"MZ")
    with pytest.raises(ValidationError, match=r"image .* or a PDF"):
        _record(school, chair, member=member, evidence=bad)
    good = SimpleUploadedFile("certificate.pdf", b"%PDF-1.4")
    assert _record(school, chair, member=member, evidence=good).evidence.name.endswith(".pdf")


def test_a_team_prize_counts_for_each_team_member(school):
    chair = chair_of(school)
    singers = [MemberFactory(org=school) for _ in range(3)]
    _record(school, chair, team_name="教工合唱队", team_members=singers, title="合唱比赛")
    assert all(has_honour(m, title_contains="合唱") for m in singers)


def test_the_selector_judges_title_level_and_years_on_a_date(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    _record(
        school,
        chair,
        member=member,
        title="市优秀教师",
        level=Level.CITY,
        awarded_on=dt.date(2022, 9, 10),
    )
    on = dt.date(2025, 9, 10)
    assert has_honour(member, title_contains="优秀教师", within_years=3, on=on)
    # A day later the three years have passed.
    assert not has_honour(member, title_contains="优秀教师", within_years=3, on=on.replace(day=11))
    assert has_honour(member, min_level=Level.COUNTY, on=on)
    assert not has_honour(member, min_level=Level.PROVINCE, on=on)
    assert not has_honour(member, title_contains="班主任", on=on)
    # Honours after the date asked about do not count.
    assert not has_honour(member, on=dt.date(2022, 9, 9))


def test_a_withdrawn_honour_no_longer_counts_but_is_kept(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    honour = _record(school, chair, member=member)
    with pytest.raises(ValidationError, match="reason"):
        honour_withdraw(honour=honour, actor=chair, reason=" ")
    honour_withdraw(honour=honour, actor=chair, reason="录入错误")
    assert not has_honour(member)
    assert honours_of(member, include_withdrawn=True).get() == honour
    assert Honour.objects.get().withdraw_reason == "录入错误"


def test_a_correction_keeps_old_and_new(school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    honour = _record(school, chair, member=member)
    honour_correct(
        honour=honour,
        actor=chair,
        member=member,
        title="优秀班主任",
        level=Level.CITY,
        rank=Rank.FIRST,
        body="某市教育局",
        awarded_on=dt.date(2025, 9, 10),
    )
    honour.refresh_from_db()
    assert honour.level == Level.CITY
    change = history(honour).first()
    assert change.changes["level"] == [str(Level.COUNTY.value), str(Level.CITY.value)]
    assert honour.source == Source.HAND
