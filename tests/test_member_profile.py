import datetime as dt

import pytest

from tests.factories import MemberFactory, UserFactory, grant
from tests.personas import chair_of
from unionhall.core.models import AuditEntry, SensitiveAccess
from unionhall.members.models import Member


@pytest.fixture
def member(school):
    return MemberFactory(org=school, name="陈静", hardship="ordinary", hardship_note="配偶重病")


def _login(client, school, role):
    user = grant(UserFactory(), school, role)
    client.force_login(user)
    return user


def test_chair_sees_the_full_id_number_and_the_read_is_logged(client, school, member):
    chair = _login(client, school, "chair")
    page = client.get(f"/o/{school.code}/members/{member.pk}/").content.decode()
    assert member.id_number in page and "配偶重病" in page
    assert SensitiveAccess.objects.filter(actor=chair, object_id=member.pk).count() == 1


def test_a_leader_sees_the_id_number_masked_and_no_hardship(client, school, member):
    _login(client, school, "leader")
    page = client.get(f"/o/{school.code}/members/{member.pk}/").content.decode()
    assert member.id_number not in page
    assert member.id_number_masked in page
    assert "配偶重病" not in page
    assert not SensitiveAccess.objects.exists()


def test_editing_keeps_who_changed_what_and_when(client, school, member):
    chair = _login(client, school, "chair")
    form = {
        "name": "陈静",
        "gender": member.gender,
        "birth_date": member.birth_date.isoformat(),
        "id_number": member.id_number,
        "mobile": "13912345678",
        "department": member.department_id,
        "post": "高级教师",
        "joined_on": "2010-09-01",
        "hardship": "ordinary",
        "hardship_note": "配偶重病",
        "notes": "",
    }
    response = client.post(f"/o/{school.code}/members/{member.pk}/edit/", form)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.mobile == "13912345678" and member.post == "高级教师"
    entry = AuditEntry.objects.get(object_id=member.pk, action="update")
    assert entry.actor == chair
    assert entry.changes["post"] == ["一级教师", "高级教师"]
    page = client.get(f"/o/{school.code}/members/{member.pk}/").content.decode()
    assert "一级教师 → 高级教师" in page


def test_history_hides_sensitive_changes_from_roles_without_access(client, school, member):
    chair = chair_of(school)
    from unionhall.members import services

    services.member_update(
        member=member, actor=chair, data={"hardship_note": "住院治疗中", "post": "教研组长"}
    )
    _login(client, school, "leader")
    page = client.get(f"/o/{school.code}/members/{member.pk}/").content.decode()
    assert "教研组长" in page and "住院治疗中" not in page


def test_an_invalid_id_number_is_refused_by_name(client, school, member):
    _login(client, school, "chair")
    response = client.post(
        f"/o/{school.code}/members/new/",
        {
            "name": "新老师",
            "gender": "F",
            "id_number": member.id_number[:17] + "0",
            "department": member.department_id,
        },
    )
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert Member.objects.filter(org=school).count() == 1


def test_a_duplicate_id_number_is_refused(client, school, member):
    _login(client, school, "chair")
    response = client.post(
        f"/o/{school.code}/members/new/",
        {
            "name": "重复",
            "gender": member.gender,
            "id_number": member.id_number,
            "department": member.department_id,
        },
    )
    assert response.context["form"].errors["id_number"]
    assert Member.objects.filter(org=school).count() == 1


def test_retiring_a_member_is_a_dated_event_with_history(client, school, member):
    _login(client, school, "chair")
    client.post(
        f"/o/{school.code}/members/{member.pk}/event/", {"kind": "retire", "date": "2026-07-01"}
    )
    member.refresh_from_db()
    assert member.status == "retired" and member.retired_on == dt.date(2026, 7, 1)
    assert member.events.filter(kind="retire").exists()
    assert AuditEntry.objects.filter(object_id=member.pk, action="event").exists()


def test_a_member_who_died_cannot_then_transfer_out(client, school, member):
    _login(client, school, "chair")
    client.post(
        f"/o/{school.code}/members/{member.pk}/event/", {"kind": "death", "date": "2026-03-01"}
    )
    response = client.post(
        f"/o/{school.code}/members/{member.pk}/event/",
        {"kind": "transfer_out", "date": "2026-04-01"},
        follow=True,
    )
    member.refresh_from_db()
    assert member.status == "deceased"
    assert not member.events.filter(kind="transfer_out").exists()
    assert any(
        "cannot be recorded" in str(m) or "不能" in str(m) for m in response.context["messages"]
    )


def test_members_are_never_deleted(school, member):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        member.department.delete()
    assert Member.objects.filter(pk=member.pk).exists()
