"""Who may give whom a new password (orgs/login_rights): officers keeping the register reset
role-less members' logins, the chair also officers', only the district a chair's; nobody on a
page a district administrator's. A reset password is shown once and changed at the next login.

The attack this closes: the committee member for organisation (组织委员) posted to the chair's
member page, read the chair's new password and logged in as the chair."""

import re

import pytest

from tests.factories import MemberFactory, SchoolFactory, UserFactory, grant
from tests.personas import chair_of, district_admin_of, user_with_role
from unionhall.core.models import AuditEntry
from unionhall.orgs.login_rights import may_reset_login
from unionhall.orgs.models import User
from unionhall.orgs.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # every factory user's
BUTTON = 'type="submit">重置密码</button>'  # the member page's "Give a new password"
REGISTER_KEEPERS = {Role.CHAIR, Role.COMMITTEE_ORGANISATION}  # members.edit


def expected(actor: str, target: str) -> bool:
    """The rule as the issue states it, written out independently of the code."""
    if target == Role.DISTRICT_ADMIN:
        return False
    if target == Role.CHAIR:
        return actor == Role.DISTRICT_ADMIN
    if target == Role.MEMBER:
        return actor in REGISTER_KEEPERS
    return actor == Role.CHAIR


ALL = [role.value for role in Role]


@pytest.mark.parametrize("actor", ALL)
def test_the_rule_on_roles_for_every_pair(actor):
    wrong = [
        f"{actor} → {target}"
        for target in ALL
        # Every login holds the member role as well as its others.
        if may_reset_login({actor}, {Role.MEMBER, target}) != expected(actor, target)
        or may_reset_login({actor}, {target}) != expected(actor, target)
    ]
    assert not wrong, wrong


def _reset_entries(user):
    return AuditEntry.objects.filter(object_id=user.pk, summary_msgid="password reset")


def _target(school, role: str) -> tuple[User, object]:
    """A login holding `role` (and the member role) with its member record in `school`."""
    user = UserFactory()
    grant(user, school, Role.MEMBER)
    if role == Role.DISTRICT_ADMIN:
        grant(user, school.parent, role)  # a district administrator who is a teacher here
    elif role != Role.MEMBER:
        grant(user, school, role)
    return user, MemberFactory(org=school, user=user)


def _district_reset(district, school, user) -> str:
    return f"/o/{district.code}/schools/manage/{school.code}/chairs/{user.pk}/password/"


def _password_in(page: str, username: str) -> str | None:
    found = re.search(rf"“{re.escape(username)}”[^“]*“([a-z0-9]{{10}})”", page)
    return found[1] if found else None


@pytest.mark.parametrize("target_role", ALL)
@pytest.mark.parametrize("actor_role", ALL)
def test_every_actor_and_target_over_http(client, school, actor_role, target_role):
    """Each role tries its own way in: a school's officers the member page's button, the
    district its page of the school. A refusal changes nothing and audits no reset."""
    target, member = _target(school, target_role)
    if actor_role == Role.DISTRICT_ADMIN:
        actor = district_admin_of(school.parent)
        url = _district_reset(school.parent, school, target)
    else:
        actor = user_with_role(school, actor_role)
        MemberFactory(org=school, user=actor)
        url = f"/o/{school.code}/members/{member.pk}/login/"
    client.force_login(actor)
    response = client.post(url, follow=True)
    target.refresh_from_db()
    password = _password_in(response.content.decode(), target.username)
    if expected(actor_role, target_role):
        assert password and target.check_password(password) and target.must_change_password
        assert _reset_entries(target).count() == 1
    else:
        assert response.status_code in {200, 403}
        assert password is None
        assert target.check_password(PASSWORD) and not target.must_change_password
        assert not _reset_entries(target).exists()


def test_the_organiser_cannot_take_over_the_chair(client, school):
    """The attacker's steps: as the organiser, post to the chair's member record."""
    chair, chair_member = _target(school, Role.CHAIR)
    organiser = user_with_role(school, Role.COMMITTEE_ORGANISATION)
    client.force_login(organiser)
    page = client.get(f"/o/{school.code}/members/{chair_member.pk}/").content.decode()
    assert BUTTON not in page and "只有区教育工会可以重置工会主席的密码" in page

    response = client.post(f"/o/{school.code}/members/{chair_member.pk}/login/", follow=True)
    text = response.content.decode()
    assert "只有区教育工会可以重置工会主席的密码" in text
    assert _password_in(text, chair.username) is None
    chair.refresh_from_db()
    assert chair.check_password(PASSWORD) and not chair.must_change_password
    assert not _reset_entries(chair).exists()
    # The chair still logs in with their own password.
    client.logout()
    assert (
        client.post("/login/", {"username": chair.username, "password": PASSWORD}).status_code
        == 302
    )
    assert client.get(f"/o/{school.code}/roles/").status_code == 200


def test_the_member_page_shows_the_button_only_where_the_viewer_may_reset(client, school):
    _plain, plain_member = _target(school, Role.MEMBER)
    _treasurer, treasurer_member = _target(school, Role.TREASURER)
    organiser = user_with_role(school, Role.COMMITTEE_ORGANISATION)
    client.force_login(organiser)
    assert BUTTON in client.get(f"/o/{school.code}/members/{plain_member.pk}/").content.decode()
    page = client.get(f"/o/{school.code}/members/{treasurer_member.pk}/").content.decode()
    assert BUTTON not in page and "只有工会主席可以重置" in page
    client.force_login(chair_of(school))
    page = client.get(f"/o/{school.code}/members/{treasurer_member.pk}/").content.decode()
    assert BUTTON in page


def test_a_chair_cannot_reset_a_fellow_chair(client, school):
    other, other_member = _target(school, Role.CHAIR)
    client.force_login(chair_of(school))
    text = client.post(
        f"/o/{school.code}/members/{other_member.pk}/login/", follow=True
    ).content.decode()
    assert "只有区教育工会可以重置工会主席的密码" in text
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


def test_the_district_resets_the_chair_who_must_choose_a_new_password(client, school):
    chair, _member = _target(school, Role.CHAIR)
    admin = district_admin_of(school.parent)
    client.force_login(admin)
    page_url = f"/o/{school.parent.code}/schools/manage/{school.code}/"
    page = client.get(page_url).content.decode()
    button = f"/schools/manage/{school.code}/chairs/{chair.pk}/password/"
    assert button in page
    response = client.post(f"/o/{school.parent.code}{button}")
    assert response.status_code == 302 and response.url == page_url
    shown = client.get(page_url).content.decode()
    password = _password_in(shown, chair.username)
    assert password
    assert _password_in(client.get(page_url).content.decode(), chair.username) is None  # once
    assert _reset_entries(chair).get().actor == admin
    assert _reset_entries(chair).get().org == school.parent

    client.logout()
    assert (
        client.post("/login/", {"username": chair.username, "password": PASSWORD}).status_code
        == 200
    )
    assert (
        client.post("/login/", {"username": chair.username, "password": password}).status_code
        == 302
    )
    for page in (f"/o/{school.code}/", f"/o/{school.code}/roles/"):
        assert client.get(page)["Location"] == "/password/"
    own = "Shen-jiang-2026!"
    client.post(
        "/password/", {"old_password": password, "new_password1": own, "new_password2": own}
    )
    chair.refresh_from_db()
    assert not chair.must_change_password
    assert client.get(f"/o/{school.code}/roles/").status_code == 200


def test_the_district_resets_only_chairs_of_its_own_schools(client, school, other_school):
    teacher, _member = _target(school, Role.COMMITTEE_ORGANISATION)
    client.force_login(district_admin_of(school.parent))
    url = _district_reset(school.parent, school, teacher)
    text = client.post(url, follow=True).content.decode()
    assert "不是本校的工会主席" in text
    # Another district's school, and a chair of another school named under this one.
    elsewhere = SchoolFactory()
    their_chair = chair_of(elsewhere)
    url = _district_reset(school.parent, elsewhere, their_chair)
    assert client.post(url).status_code == 404
    neighbour_chair = chair_of(other_school)
    url = _district_reset(school.parent, school, neighbour_chair)
    assert client.post(url).status_code == 404
    for user in (teacher, their_chair, neighbour_chair):
        user.refresh_from_db()
        assert user.check_password(PASSWORD) and not _reset_entries(user).exists()


def test_the_chair_resets_an_officer_who_must_choose_a_new_password(client, school):
    treasurer, member = _target(school, Role.TREASURER)
    other = client.__class__()
    other.force_login(treasurer)  # the treasurer's session from before the reset
    assert other.get(f"/o/{school.code}/").status_code == 200
    client.force_login(chair_of(school))
    text = client.post(f"/o/{school.code}/members/{member.pk}/login/", follow=True).content.decode()
    password = _password_in(text, treasurer.username)
    assert password
    # The old session ends with the old password.
    assert other.get(f"/o/{school.code}/").status_code == 302
    client.logout()
    assert (
        client.post("/login/", {"username": treasurer.username, "password": password}).status_code
        == 302
    )
    assert client.get(f"/o/{school.code}/funds/")["Location"] == "/password/"


def test_a_role_held_in_another_school_is_out_of_reach(client, school, other_school):
    """One login, two schools: this school's chair cannot reset it to get the other school's
    officer role, nor this school's organiser to get its chair role there."""
    officer_there, member_here = _target(school, Role.MEMBER)
    grant(officer_there, other_school, Role.COMMITTEE_ORGANISATION)
    client.force_login(chair_of(school))
    text = client.post(
        f"/o/{school.code}/members/{member_here.pk}/login/", follow=True
    ).content.decode()
    assert "此账号在其他工会也担任职务" in text

    chair_there, member_here = _target(school, Role.MEMBER)
    grant(chair_there, other_school, Role.CHAIR)
    client.force_login(user_with_role(school, Role.COMMITTEE_ORGANISATION))
    text = client.post(
        f"/o/{school.code}/members/{member_here.pk}/login/", follow=True
    ).content.decode()
    assert "只有区教育工会可以重置工会主席的密码" in text
    for user in (officer_there, chair_there):
        user.refresh_from_db()
        assert user.check_password(PASSWORD) and not _reset_entries(user).exists()


def test_a_member_of_two_schools_with_no_role_is_reset_by_either(client, school, other_school):
    teacher, member_here = _target(school, Role.MEMBER)
    grant(teacher, other_school, Role.MEMBER)
    client.force_login(user_with_role(school, Role.COMMITTEE_ORGANISATION))
    text = client.post(
        f"/o/{school.code}/members/{member_here.pk}/login/", follow=True
    ).content.decode()
    assert _password_in(text, teacher.username)


def test_a_new_login_for_a_member_without_one_is_still_made_by_the_organiser(client, school):
    member = MemberFactory(org=school, mobile="13955550001")
    client.force_login(user_with_role(school, Role.COMMITTEE_ORGANISATION))
    text = client.post(
        f"/o/{school.code}/members/{member.pk}/login/", {"username": ""}, follow=True
    ).content.decode()
    assert _password_in(text, "13955550001")
    member.refresh_from_db()
    assert member.user.must_change_password
    assert set(member.user.role_assignments.values_list("role", flat=True)) == {"member"}
