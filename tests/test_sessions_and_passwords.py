"""Sessions end after inactivity and are cycled on login; passwords are judged by Django's
validators (in Chinese); a one-time password an officer hands out must be changed first."""

import datetime as dt

import time_machine
from django.utils import timezone

from tests.factories import MemberFactory
from tests.personas import chair_of, member_of
from tests.test_settings import PRODUCTION, run

PASSWORD = "pass-word-123"


def _log_in(client, user, password=PASSWORD):
    return client.post("/login/", {"username": user.username, "password": password})


def test_logging_in_gives_a_new_session_key(client, school):
    user = member_of(school)
    client.get("/login/")
    client.session["before"] = "x"
    client.cookies["sessionid"] = "an-attacker-fixed-this-key"
    _log_in(client, user)
    assert client.cookies["sessionid"].value != "an-attacker-fixed-this-key"
    assert "_auth_user_id" in client.session


def test_a_session_ends_after_the_idle_time_but_not_while_in_use(client, school, settings):
    user = member_of(school)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _log_in(client, user)
        page = f"/o/{school.code}/"
        for _ in range(3):  # three requests, each within the idle time of the one before
            clock.shift(idle * 0.75)
            assert client.get(page).status_code == 200
        clock.shift(idle + dt.timedelta(minutes=1))
        response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_production_cookies_are_secure_and_http_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        " 'unionhall.core.security.IdleSessionMiddleware' in s.MIDDLEWARE)"
    )
    result = run(
        ["-c", f"import django; django.setup(); {code}"],
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True"]


def test_a_weak_new_password_is_refused_with_chinese_reasons(client, school):
    user = member_of(school)
    client.force_login(user)
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "这个密码太常见了" in page and "密码只包含数字" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_one_time_password_must_be_changed_at_first_login(client, school):
    chair = chair_of(school)
    member = MemberFactory(org=school, mobile="13955557777")
    client.force_login(chair)
    response = client.post(f"/o/{school.code}/members/{member.pk}/login/", follow=True)
    message = str(next(iter(response.context["messages"])))
    password = message.split("“")[2].split("”")[0]
    client.logout()

    member.refresh_from_db()
    response = _log_in(client, member.user, password)
    profile = f"/o/{school.code}/me/"
    for page in (profile, f"/o/{school.code}/", "/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == "/password/", page
    assert "请先设置您自己的密码" in client.get("/password/").content.decode()

    new = "Hai-tang-2024-spring"
    response = client.post(
        "/password/", {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert member.name in client.get(profile).content.decode()
    member.user.refresh_from_db()
    assert not member.user.must_change_password

    client.logout()
    assert _log_in(client, member.user, new).status_code == 302
    assert client.get(profile).status_code == 200


def test_a_password_reset_by_the_chair_is_one_time_too(client, school):
    chair = chair_of(school)
    member = MemberFactory(org=school, user=member_of(school))
    client.force_login(chair)
    client.post(f"/o/{school.code}/members/{member.pk}/login/")
    member.user.refresh_from_db()
    assert member.user.must_change_password
    client.force_login(member.user)
    assert client.get(f"/o/{school.code}/me/")["Location"] == "/password/"
