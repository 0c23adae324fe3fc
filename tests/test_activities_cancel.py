"""Cancelling an activity: the organiser calls it off with a reason; it is kept, struck through,
its page says who cancelled it, when and why; members who signed up are told; it takes no more
sign-ups or check-ins and counts in no figure. An activity that took place is not cancelled."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of, member_with_login
from tests.personas import member_of
from unionhall.activities import services
from unionhall.activities.indicators import (
    activities_attendances,
    activities_held,
    activities_sessions,
)
from unionhall.activities.models import Activity, Attendance, SignUp
from unionhall.core.models import AuditEntry
from unionhall.core.periods import Period
from unionhall.notices.models import Notice

DAY = dt.date(2025, 10, 15)
RAIN = "天气预报有雷阵雨，运动会取消"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(DAY), tick=False),
]


def _url(act, name="detail"):
    return reverse(f"activities:{name}", kwargs={"org": act.org.code, "pk": act.pk})


@pytest.fixture
def sports_day(school):
    organiser = culture_of(school, display_name="王文体")
    act = activity(school, organiser=organiser, signup_required=True, starts_on=DAY)
    return act


def test_the_organiser_cancels_with_a_reason_and_the_page_says_so(client, sports_day):
    signed = member_with_login(sports_day.org, name="甲老师")
    services.signup_create(activity=sports_day, member=signed, actor=signed.user)
    services.signup_create(
        activity=sports_day, member=MemberFactory(org=sports_day.org), actor=sports_day.organiser
    )
    client.force_login(sports_day.organiser)
    detail = client.get(_url(sports_day)).content.decode()
    assert _url(sports_day, "cancel") in detail
    page = client.get(_url(sports_day, "cancel")).content.decode()
    assert "2 members have signed up or are on the waiting list; 1 of them can log in" in page

    response = client.post(_url(sports_day, "cancel"), {"reason": RAIN})
    assert response.status_code == 302 and response["Location"] == _url(sports_day)
    page = client.get(_url(sports_day)).content.decode()
    assert "This activity was cancelled." in page
    assert "Cancelled by 王文体 on 2025-10-15" in page and RAIN in page
    assert _url(sports_day, "cancel") not in page and _url(sports_day, "edit") not in page
    entry = AuditEntry.objects.get(object_id=sports_day.pk, summary_params__reason=RAIN)
    assert entry.actor == sports_day.organiser
    assert entry.changes_shown == [("Reason for cancelling", "", RAIN)]
    listed = client.get(reverse("activities:list", kwargs={"org": sports_day.org.code}))
    assert "text-decoration-line-through" in listed.content.decode()
    assert ">Cancelled</span>" in listed.content.decode()
    qr = client.get(_url(sports_day, "qr")).content.decode()
    assert "This activity was cancelled." in qr and 'data-testid="qr"' not in qr
    client.force_login(signed.user)
    mine = client.get(reverse("activities:mine", kwargs={"org": sports_day.org.code}))
    assert "秋季教职工运动会</a> <span" in mine.content.decode()


def test_without_a_reason_nothing_is_cancelled(client, sports_day):
    client.force_login(sports_day.organiser)
    response = client.post(_url(sports_day, "cancel"), {"reason": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    with pytest.raises(ValidationError, match="Give the reason"):
        services.activity_cancel(activity=sports_day, actor=sports_day.organiser, reason=" ")
    sports_day.refresh_from_db()
    assert sports_day.cancelled_at is None and sports_day.cancel_reason == ""


def test_members_who_signed_up_get_a_notice_with_the_reason(
    client, sports_day, django_capture_on_commit_callbacks
):
    staying = member_with_login(sports_day.org, name="甲老师")
    withdrawn = member_with_login(sports_day.org, name="乙老师")
    services.signup_create(activity=sports_day, member=staying, actor=staying.user)
    gone = services.signup_create(activity=sports_day, member=withdrawn, actor=withdrawn.user)
    services.signup_withdraw(signup=gone, actor=withdrawn.user)
    client.force_login(sports_day.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(sports_day, "cancel"), {"reason": RAIN})
    notice = Notice.objects.get()
    assert notice.user == staying.user and notice.url == _url(sports_day)
    client.force_login(staying.user)
    page = client.get(f"/o/{sports_day.org.code}/notices/").content.decode()
    assert f"“秋季教职工运动会” (2025-10-15) was cancelled: {RAIN}" in page


def test_a_cancelled_activity_takes_no_sign_up_or_check_in(client, sports_day):
    member = member_with_login(sports_day.org)
    session = sports_day.sessions.get()
    services.activity_cancel(activity=sports_day, actor=sports_day.organiser, reason=RAIN)
    client.force_login(member.user)
    assert "Sign up" not in client.get(_url(sports_day)).content.decode()
    page = client.get(_url(sports_day, "signup")).content.decode()
    assert "This activity was cancelled." in page and 'type="submit">Sign up' not in page
    response = client.post(_url(sports_day, "signup"), {"csrfmiddlewaretoken": "as sent"})
    assert "This activity was cancelled." in response.content.decode()
    token = services.checkin_token(session)
    url = reverse(
        "activities:checkin",
        kwargs={"org": sports_day.org.code, "pk": sports_day.pk, "token": token},
    )
    page = client.get(url)
    assert page.status_code == 400 and "“秋季教职工运动会” was cancelled." in page.content.decode()
    organiser = sports_day.organiser
    with pytest.raises(ValidationError, match="was cancelled"):
        services.attendance_tick(session=session, actor=organiser, present=[member])
    with pytest.raises(ValidationError, match="was cancelled"):
        services.attendance_from_paper(
            activity=sports_day, actor=organiser, date=DAY, members=[member]
        )
    assert not Attendance.objects.exists() and not SignUp.objects.exists()
    with pytest.raises(ValidationError, match="already been cancelled"):
        services.activity_cancel(activity=sports_day, actor=organiser, reason="再取消一次")


def test_an_activity_that_took_place_is_not_cancelled(client, sports_day):
    services.checkin(
        session=sports_day.sessions.get(),
        member=MemberFactory(org=sports_day.org),
        actor=sports_day.organiser,
    )
    client.force_login(sports_day.organiser)
    assert _url(sports_day, "cancel") not in client.get(_url(sports_day)).content.decode()
    response = client.post(_url(sports_day, "cancel"), {"reason": RAIN})
    assert response.status_code == 200
    assert "1 attendance is recorded for this activity: it took place" in (
        response.content.decode()
    )
    sports_day.refresh_from_db()
    assert sports_day.cancelled_at is None


def test_a_member_may_not_cancel(client, sports_day):
    client.force_login(member_of(sports_day.org))
    assert client.post(_url(sports_day, "cancel"), {"reason": RAIN}).status_code == 403
    sports_day.refresh_from_db()
    assert sports_day.cancelled_at is None


def test_a_cancelled_activity_counts_in_no_figure(school):
    """Cancelling is refused once anyone attended; an activity cancelled with attendance on
    record (before that rule) is still left out of the activities, sessions and 人次."""
    organiser = culture_of(school)
    held = activity(school, organiser=organiser, starts_on=DAY, title="教工篮球赛")
    called_off = activity(school, organiser=organiser, starts_on=DAY)
    for act in (held, called_off):
        services.checkin(
            session=act.sessions.get(), member=MemberFactory(org=school), actor=organiser
        )
    Activity.objects.filter(pk=called_off.pk).update(cancelled_at=morning_of(DAY))
    year = Period.school_year(2025)
    assert activities_held(school, year).value == 1
    assert activities_sessions(school, year).value == 1
    assert activities_attendances(school, year).value == 1


def test_the_cancelled_page_reads_in_chinese(client, sports_day, settings):
    services.activity_cancel(activity=sports_day, actor=sports_day.organiser, reason=RAIN)
    client.force_login(sports_day.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(_url(sports_day)).content.decode()
    assert "本活动已取消。" in page
    assert f"由 王文体 于 2025-10-15 10:00 取消。原因：{RAIN}" in page


def test_a_cancelled_activity_is_kept_as_it_was_called_off(client, sports_day):
    """Its edit page sends the organiser back to it, and a sign-up is not withdrawn from it:
    nobody on the waiting list moves up to a place in an activity that will not happen."""
    sports_day.capacity = 1
    sports_day.save()
    first, waiting = member_with_login(sports_day.org), MemberFactory(org=sports_day.org)
    mine = services.signup_create(activity=sports_day, member=first, actor=first.user)
    services.signup_create(activity=sports_day, member=waiting, actor=sports_day.organiser)
    services.activity_cancel(activity=sports_day, actor=sports_day.organiser, reason=RAIN)

    client.force_login(sports_day.organiser)
    response = client.get(_url(sports_day, "edit"), follow=True)
    assert response.redirect_chain == [(_url(sports_day), 302)]
    assert "A cancelled activity is kept as it was called off." in response.content.decode()
    response = client.post(_url(sports_day, "edit"), {"title": "改个名字"})
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="was cancelled"):
        services.activity_update(activity=sports_day, actor=sports_day.organiser, title="改名")
    sports_day.refresh_from_db()
    assert sports_day.title == "秋季教职工运动会"

    client.force_login(first.user)
    response = client.post(_url(sports_day, "withdraw"), follow=True)
    assert "“秋季教职工运动会” was cancelled." in response.content.decode()
    assert list(SignUp.objects.order_by("pk").values_list("status", flat=True)) == [
        SignUp.Status.SIGNED_UP,
        SignUp.Status.WAITING,
    ]
    assert mine.withdrawn_at is None
