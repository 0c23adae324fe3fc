"""Logins are refused for a while after too many wrong passwords, per account and per client
address; the chair (or for a chair, the district administrator) can unlock an account."""

import pytest

from tests.factories import SchoolFactory
from tests.personas import chair_of, district_admin_of, member_of
from unionhall.core.models import AuditEntry

PASSWORD = "pass-word-123"


def _login(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused_in_chinese(client, school):
    user = member_of(school)
    for _ in range(30):
        _login(client, user.username, "wrong")
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    assert "密码错误次数过多" in response.content.decode()


def test_the_refusal_is_in_english_for_an_english_reader(client, school, settings):
    user = member_of(school)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong")
    response = _login(client, user.username, PASSWORD)
    assert "Too many wrong passwords" in response.content.decode()


def test_the_account_is_locked_from_another_address_too(client, school, settings):
    user = member_of(school)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong", address="10.0.0.1")
    assert _login(client, user.username, PASSWORD, address="10.9.9.9").status_code == 429
    assert not _logged_in(client)


def test_an_address_is_locked_for_other_accounts_too(client, school, settings):
    """Guessing across many accounts from one address is stopped as well."""
    victims = [member_of(school) for _ in range(settings.AXES_FAILURE_LIMIT)]
    for victim in victims:
        _login(client, victim.username, "wrong", address="10.0.0.7")
    other = member_of(school)
    assert _login(client, other.username, PASSWORD, address="10.0.0.7").status_code == 429


def test_failures_for_one_account_do_not_lock_another_account_at_another_address(
    client, school, settings
):
    attacked, other = member_of(school), member_of(school)
    for _ in range(30):
        _login(client, attacked.username, "wrong", address="10.0.0.1")
    response = _login(client, other.username, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302 and _logged_in(client)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, school, settings):
    user = member_of(school)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_the_chair_sees_the_locked_login_and_unlocks_it_and_it_is_audited(client, school, settings):
    user = member_of(school, display_name="被锁的会员")
    for _ in range(30):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 429

    chair = chair_of(school)
    officer = client.__class__()
    officer.force_login(chair)
    page = officer.get(f"/o/{school.code}/roles/").content.decode()
    assert f"/logins/{user.pk}/unlock/" in page
    officer.post(f"/o/{school.code}/logins/{user.pk}/unlock/")
    page = officer.get(f"/o/{school.code}/roles/").content.decode()
    assert f"/logins/{user.pk}/unlock/" not in page
    assert AuditEntry.objects.filter(org=school, actor=chair, object_id=user.pk).exists()

    assert _login(client, user.username, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_a_chair_cannot_unlock_a_login_of_another_school(client, school):
    elsewhere = member_of(SchoolFactory(parent=school.parent))
    for _ in range(10):
        _login(client, elsewhere.username, "wrong")
    officer = client.__class__()
    officer.force_login(chair_of(school))
    officer.post(f"/o/{school.code}/logins/{elsewhere.pk}/unlock/")
    assert _login(client, elsewhere.username, PASSWORD).status_code == 429


def test_the_district_admin_unlocks_a_schools_chair(client, school):
    chair = chair_of(school, display_name="锁住的主席")
    for _ in range(10):
        _login(client, chair.username, "wrong")
    admin = client.__class__()
    admin.force_login(district_admin_of(school.parent))
    overview = admin.get(f"/o/{school.parent.code}/schools/").content.decode()
    assert f"/o/{school.parent.code}/logins/locked/" in overview
    page = admin.get(f"/o/{school.parent.code}/logins/locked/").content.decode()
    assert "锁住的主席" in page
    admin.post(f"/o/{school.parent.code}/logins/{chair.pk}/unlock/")
    assert _login(client, chair.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("role", ["member"])
def test_a_member_cannot_unlock(client, school, role):
    locked = member_of(school)
    for _ in range(10):
        _login(client, locked.username, "wrong")
    other = client.__class__()
    other.force_login(member_of(school))
    assert other.post(f"/o/{school.code}/logins/{locked.pk}/unlock/").status_code == 403
