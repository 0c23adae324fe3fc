"""Login throttling locks out attackers, not schools.

Wrong passwords for one account from one address lock that account at that address only; an
address is locked for everyone only when logins for many different accounts fail from it. The
chair's unlock lifts every lock on an account; the district administrator lifts an address lock.
The four scenarios of issue 18's finding "five typos lock out a whole school" come first."""

import datetime as dt

import pytest

from tests.factories import DistrictFactory, SchoolFactory
from tests.personas import chair_of, district_admin_of, member_of
from unionhall.core.models import AuditEntry

PASSWORD = "pass-word-123"
SCHOOL_ADDRESS = "10.0.0.1"  # every teacher of the school behind one shared address
ATTACKER_ADDRESS = "203.0.113.9"


def _login(client, username, password, address=SCHOOL_ADDRESS):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _logs_in(client_class, username, address=SCHOOL_ADDRESS) -> bool:
    """A fresh browser logs in with the right password from `address`."""
    browser = client_class()
    response = _login(browser, username, PASSWORD, address)
    return response.status_code == 302 and "_auth_user_id" in browser.session


def _fail(client, username, times, address=SCHOOL_ADDRESS):
    return [_login(client, username, "wrong", address).status_code for _ in range(times)]


def _spray(client, settings, address, count=None, prefix="guess"):
    """An attacker tries one wrong password for `count` different usernames from `address`."""
    count = count or settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT
    return [_login(client, f"{prefix}{n}", "wrong", address).status_code for n in range(count)]


# Scenario 1: one teacher's typos at the shared school address.


def test_five_typos_by_one_teacher_do_not_lock_out_the_other_teachers_at_that_address(
    client, school, settings
):
    typist = member_of(school)
    colleagues = [member_of(school) for _ in range(3)]
    _fail(client, typist.username, settings.AXES_FAILURE_LIMIT)
    assert all(_logs_in(client.__class__, colleague.username) for colleague in colleagues)
    assert not _logs_in(client.__class__, typist.username)


def test_typos_by_several_teachers_under_the_address_limit_lock_nobody_else(
    client, school, settings
):
    """A staff room's morning: a dozen teachers each mistype, two of them five times."""
    typists = [member_of(school) for _ in range(12)]
    for n, typist in enumerate(typists):
        _fail(client, typist.username, settings.AXES_FAILURE_LIMIT if n < 2 else 2)
    latecomer = member_of(school)
    assert _logs_in(client.__class__, latecomer.username)
    assert _logs_in(client.__class__, typists[5].username)


# Scenario 2: the chair's unlock lets the teacher in again at once.


def test_the_chairs_unlock_lets_the_teacher_in_at_once_from_the_address_that_failed(
    client, school, settings
):
    teacher = member_of(school, display_name="被锁的会员")
    _fail(client, teacher.username, 30)
    assert _login(client, teacher.username, PASSWORD).status_code == 429
    for colleague in [member_of(school) for _ in range(3)]:  # logging in meanwhile, twice each
        _logs_in(client.__class__, colleague.username)
        _logs_in(client.__class__, colleague.username)

    chair = chair_of(school)
    officer = client.__class__()
    officer.force_login(chair)
    page = officer.get(f"/o/{school.code}/roles/").content.decode()
    assert f"/logins/{teacher.pk}/unlock/" in page and "被锁的会员" in page
    officer.post(f"/o/{school.code}/logins/{teacher.pk}/unlock/")
    page = officer.get(f"/o/{school.code}/roles/").content.decode()
    assert f"/logins/{teacher.pk}/unlock/" not in page
    assert AuditEntry.objects.filter(org=school, actor=chair, object_id=teacher.pk).exists()

    assert _logs_in(client.__class__, teacher.username, SCHOOL_ADDRESS)
    assert _logs_in(client.__class__, member_of(school).username, SCHOOL_ADDRESS)


def test_the_chairs_unlock_lifts_the_accounts_lock_at_every_address(client, school, settings):
    teacher = member_of(school)
    for address in (SCHOOL_ADDRESS, "10.0.0.2", "192.0.2.4"):
        _fail(client, teacher.username, settings.AXES_FAILURE_LIMIT, address)
    officer = client.__class__()
    officer.force_login(chair_of(school))
    officer.post(f"/o/{school.code}/logins/{teacher.pk}/unlock/")
    assert _logs_in(client.__class__, teacher.username, "10.0.0.2")
    assert _logs_in(client.__class__, teacher.username, "192.0.2.4")


# Scenario 3: an attacker elsewhere typing the chair's name.


def test_an_attackers_wrong_passwords_for_the_chair_do_not_stop_her_logging_in_from_hers(
    client, school, settings
):
    chair = chair_of(school, username="T01024")
    statuses = _fail(client, chair.username, settings.AXES_FAILURE_LIMIT, ATTACKER_ADDRESS)
    assert statuses[-1] == 429
    assert _logs_in(client.__class__, chair.username, SCHOOL_ADDRESS)


def test_the_attacker_is_stopped_at_his_address_even_with_the_right_password(
    client, school, settings
):
    """Many passwords for one account from one address: the next ones are not even tried."""
    chair = chair_of(school)
    statuses = _fail(client, chair.username, 30, ATTACKER_ADDRESS)
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    assert not _logs_in(client.__class__, chair.username, ATTACKER_ADDRESS)


def test_a_new_browser_at_the_same_address_does_not_reset_the_count(client, school, settings):
    chair = chair_of(school)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/login/",
            {"username": chair.username, "password": "wrong"},
            REMOTE_ADDR=ATTACKER_ADDRESS,
            HTTP_USER_AGENT=f"browser {n}",
        )
    assert not _logs_in(client.__class__, chair.username, ATTACKER_ADDRESS)


def test_the_pair_lock_ends_after_the_cool_off_and_refused_attempts_do_not_extend_it(
    client, school, settings, time_machine
):
    time_machine.move_to(dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC), tick=False)
    teacher = member_of(school)
    _fail(client, teacher.username, settings.AXES_FAILURE_LIMIT)
    time_machine.move_to(dt.datetime(2025, 3, 3, 8, 10, tzinfo=dt.UTC), tick=False)
    assert _fail(client, teacher.username, 3) == [429] * 3
    time_machine.move_to(
        dt.datetime(2025, 3, 3, 8, 0, 1, tzinfo=dt.UTC) + settings.AXES_COOLOFF_TIME, tick=False
    )
    assert _logs_in(client.__class__, teacher.username)


def test_hopping_between_ipv6_addresses_of_one_network_buys_no_new_guesses(
    client, school, settings
):
    chair = chair_of(school)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, chair.username, "wrong", f"2001:db8:1:2::{n + 1:x}")
    assert not _logs_in(client.__class__, chair.username, "2001:db8:1:2:ffff::9")
    assert _logs_in(client.__class__, chair.username, "2001:db8:1:3::1")


def test_the_district_sees_an_ipv6_address_lock_as_its_network(client, school, settings):
    district = school.parent
    for n in range(settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT):
        _login(client, f"guess{n}", "wrong", f"2001:db8:5:6::{n + 1:x}")
    officer = client.__class__()
    officer.force_login(district_admin_of(district))
    assert "2001:db8:5:6::/64" in officer.get(f"/o/{district.code}/logins/locked/").content.decode()
    officer.post(f"/o/{district.code}/logins/addresses/unlock/", {"address": "2001:db8:5:6::"})
    assert _logs_in(client.__class__, member_of(school).username, "2001:db8:5:6::77")


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, school, settings):
    user = member_of(school)
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _logs_in(client.__class__, user.username)


def test_a_successful_login_clears_the_accounts_failures_at_that_address(client, school, settings):
    user = member_of(school)
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _logs_in(client.__class__, user.username)
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _logs_in(client.__class__, user.username)


# Scenario 4: many different accounts failing from one address.


def test_many_different_accounts_failing_from_one_address_lock_that_address(
    client, school, settings
):
    teacher = member_of(school)
    statuses = _spray(client, settings, ATTACKER_ADDRESS)
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
    assert not _logs_in(client.__class__, teacher.username, ATTACKER_ADDRESS)
    assert _logs_in(client.__class__, teacher.username, SCHOOL_ADDRESS)


def test_one_account_fewer_than_the_limit_does_not_lock_the_address(client, school, settings):
    teacher = member_of(school)
    _spray(client, settings, ATTACKER_ADDRESS, settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT - 1)
    assert _logs_in(client.__class__, teacher.username, ATTACKER_ADDRESS)


def test_the_address_limit_is_a_setting(client, school, settings):
    settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT = 3
    teacher = member_of(school)
    _spray(client, settings, SCHOOL_ADDRESS, 3)
    assert not _logs_in(client.__class__, teacher.username, SCHOOL_ADDRESS)


def test_the_district_sees_the_locked_address_lifts_it_and_it_is_audited(client, school, settings):
    teacher = member_of(school)
    _spray(client, settings, SCHOOL_ADDRESS)
    assert not _logs_in(client.__class__, teacher.username)

    district = school.parent
    admin = district_admin_of(district)
    officer = client.__class__()
    officer.force_login(admin)
    overview = officer.get(f"/o/{district.code}/schools/").content.decode()
    assert f"/o/{district.code}/logins/locked/" in overview
    page = officer.get(f"/o/{district.code}/logins/locked/").content.decode()
    assert SCHOOL_ADDRESS in page and f"/o/{district.code}/logins/addresses/unlock/" in page

    response = officer.post(
        f"/o/{district.code}/logins/addresses/unlock/", {"address": SCHOOL_ADDRESS}, follow=True
    )
    page = response.content.decode()
    assert f"{SCHOOL_ADDRESS} 的登录限制已解除" in page
    assert "现在没有被锁定的网络地址" in page
    entry = AuditEntry.objects.get(org=district, actor=admin, object_id=district.pk)
    assert SCHOOL_ADDRESS in entry.summary

    assert _logs_in(client.__class__, teacher.username, SCHOOL_ADDRESS)


def test_lifting_an_address_that_is_not_locked_says_so_and_records_nothing(
    client, school, settings
):
    district = school.parent
    officer = client.__class__()
    officer.force_login(district_admin_of(district))
    _spray(client, settings, SCHOOL_ADDRESS, 3)
    response = officer.post(
        f"/o/{district.code}/logins/addresses/unlock/", {"address": SCHOOL_ADDRESS}, follow=True
    )
    assert f"现在没有限制从 {SCHOOL_ADDRESS} 登录" in response.content.decode()
    assert not AuditEntry.objects.filter(org=district).exists()
    response = officer.post(
        f"/o/{district.code}/logins/addresses/unlock/", {"address": "not an address"}, follow=True
    )
    assert "网络地址：输入一个有效的 IPv4 或 IPv6 地址" in response.content.decode()


def test_a_district_does_not_see_or_lift_an_address_guessing_only_another_districts_logins(
    client, school, settings
):
    settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT = 3
    elsewhere = SchoolFactory(parent=DistrictFactory())
    for _ in range(3):
        _fail(client, member_of(elsewhere).username, 1, ATTACKER_ADDRESS)
    officer = client.__class__()
    officer.force_login(district_admin_of(school.parent))
    page = officer.get(f"/o/{school.parent.code}/logins/locked/").content.decode()
    assert ATTACKER_ADDRESS not in page
    officer.post(f"/o/{school.parent.code}/logins/addresses/unlock/", {"address": ATTACKER_ADDRESS})
    assert not _logs_in(client.__class__, member_of(elsewhere).username, ATTACKER_ADDRESS)

    other_admin = client.__class__()
    other_admin.force_login(district_admin_of(elsewhere.parent))
    page = other_admin.get(f"/o/{elsewhere.parent.code}/logins/locked/").content.decode()
    assert ATTACKER_ADDRESS in page


@pytest.mark.parametrize("role", ["chair", "member"])
def test_only_the_district_may_lift_an_address_lock(client, school, settings, role):
    _spray(client, settings, SCHOOL_ADDRESS)
    officer = client.__class__()
    officer.force_login(chair_of(school) if role == "chair" else member_of(school))
    response = officer.post(
        f"/o/{school.code}/logins/addresses/unlock/", {"address": SCHOOL_ADDRESS}
    )
    assert response.status_code == 403
    if role == "chair":
        page = officer.get(f"/o/{school.code}/logins/locked/").content.decode()
        assert SCHOOL_ADDRESS not in page
    assert not _logs_in(client.__class__, member_of(school).username)


# What a locked-out user is told, in their language.


def test_a_pair_lock_tells_the_teacher_in_chinese_to_wait_or_ask_the_chair(client, school):
    user = member_of(school)
    _fail(client, user.username, 30)
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "密码错误次数过多" in text and "15 分钟" in text
    assert "请工会主席为您的账号解锁" in text


def test_a_pair_lock_is_explained_in_english_for_an_english_reader(client, school, settings):
    user = member_of(school)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT)
    response = _login(client, user.username, PASSWORD)
    text = response.content.decode()
    assert response.status_code == 429
    assert "Too many wrong passwords" in text and "15 minutes" in text
    assert "ask your union chair to unlock your login" in text


def test_an_address_lock_tells_the_teacher_in_chinese_that_the_district_can_lift_it(
    client, school, settings
):
    teacher = member_of(school)
    _spray(client, settings, SCHOOL_ADDRESS)
    response = _login(client, teacher.username, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "网络地址" in text and "区教育工会" in text and "15 分钟" in text
    assert "工会主席为您的账号解锁" not in text


def test_an_address_lock_is_explained_in_english_for_an_english_reader(client, school, settings):
    teacher = member_of(school)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _spray(client, settings, SCHOOL_ADDRESS)
    text = _login(client, teacher.username, PASSWORD).content.decode()
    assert "too many different accounts" in text
    assert "district education union to lift the lock on this address" in text


# Who may unlock an account.


def test_a_chair_cannot_unlock_a_login_of_another_school(client, school, settings):
    elsewhere = member_of(SchoolFactory(parent=school.parent))
    _fail(client, elsewhere.username, 10)
    officer = client.__class__()
    officer.force_login(chair_of(school))
    officer.post(f"/o/{school.code}/logins/{elsewhere.pk}/unlock/")
    assert not _logs_in(client.__class__, elsewhere.username)


def test_the_district_admin_unlocks_a_schools_chair(client, school):
    chair = chair_of(school, display_name="锁住的主席")
    _fail(client, chair.username, 10)
    admin = client.__class__()
    admin.force_login(district_admin_of(school.parent))
    page = admin.get(f"/o/{school.parent.code}/logins/locked/").content.decode()
    assert "锁住的主席" in page
    admin.post(f"/o/{school.parent.code}/logins/{chair.pk}/unlock/")
    assert _logs_in(client.__class__, chair.username)


def test_an_account_failing_a_few_times_at_several_addresses_is_not_listed_as_locked(
    client, school, settings
):
    teacher = member_of(school)
    for address in ("10.0.0.2", "10.0.0.3"):
        _fail(client, teacher.username, settings.AXES_FAILURE_LIMIT - 1, address)
    officer = client.__class__()
    officer.force_login(chair_of(school))
    page = officer.get(f"/o/{school.code}/roles/").content.decode()
    assert f"/logins/{teacher.pk}/unlock/" not in page


def test_a_member_cannot_unlock(client, school):
    locked = member_of(school)
    _fail(client, locked.username, 10)
    other = client.__class__()
    other.force_login(member_of(school))
    assert other.post(f"/o/{school.code}/logins/{locked.pk}/unlock/").status_code == 403
