import pytest

from tests.factories import MemberFactory, UserFactory
from tests.personas import chair_of, member_of
from unionhall.core.models import AuditEntry
from unionhall.orgs.models import RoleAssignment, User


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def test_a_member_gets_a_login_that_works_and_shows_their_profile(client, school, chair):
    member = MemberFactory(org=school, mobile="13955556666")
    response = client.post(
        f"/o/{school.code}/members/{member.pk}/login/", {"username": ""}, follow=True
    )
    message = str(next(iter(response.context["messages"])))
    password = message.split("“")[2].split("”")[0]
    member.refresh_from_db()
    assert member.user.username == "13955556666"
    assert set(RoleAssignment.objects.filter(user=member.user).values_list("role", flat=True)) == {
        "member"
    }
    client.logout()
    assert client.login(username="13955556666", password=password)
    # The password was one-time: the member chooses their own before anything else.
    assert client.get(f"/o/{school.code}/me/")["Location"] == "/password/"
    own = "Hai-tang-2024-spring"
    client.post(
        "/password/", {"old_password": password, "new_password1": own, "new_password2": own}
    )
    assert member.name in client.get(f"/o/{school.code}/me/").content.decode()


def test_a_taken_username_is_refused_and_nothing_is_created(client, school, chair):
    UserFactory(username="T0001")
    member = MemberFactory(org=school)
    client.post(f"/o/{school.code}/members/{member.pk}/login/", {"username": "T0001"})
    member.refresh_from_db()
    assert member.user is None and User.objects.filter(username="T0001").count() == 1


def test_the_chair_grants_and_removes_a_role(client, school, chair):
    teacher = member_of(school)
    client.post(f"/o/{school.code}/roles/", {"user": teacher.pk, "role": "representative"})
    assignment = RoleAssignment.objects.get(user=teacher, role="representative")
    client.post(f"/o/{school.code}/roles/{assignment.pk}/revoke/")
    assert not RoleAssignment.objects.filter(user=teacher, role="representative").exists()
    assert (
        AuditEntry.objects.filter(object_id=teacher.pk, summary__contains="教代会代表").count() == 2
    )


def test_the_last_chair_cannot_be_removed(client, school, chair):
    only = RoleAssignment.objects.get(user=chair, role="chair")
    client.post(f"/o/{school.code}/roles/{only.pk}/revoke/")
    assert RoleAssignment.objects.filter(pk=only.pk).exists()


def test_a_district_role_cannot_be_granted_in_a_school(client, school, chair):
    teacher = member_of(school)
    response = client.post(
        f"/o/{school.code}/roles/", {"user": teacher.pk, "role": "district_admin"}
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=teacher, role="district_admin").exists()


def test_roles_of_another_school_cannot_be_touched(client, school, other_school, chair):
    outsider = chair_of(other_school)
    theirs = RoleAssignment.objects.get(user=outsider)
    assert client.post(f"/o/{school.code}/roles/{theirs.pk}/revoke/").status_code == 404
    assert RoleAssignment.objects.filter(pk=theirs.pk).exists()
    client.post(f"/o/{school.code}/roles/", {"user": outsider.pk, "role": "leader"})
    assert not RoleAssignment.objects.filter(user=outsider, org=school).exists()
