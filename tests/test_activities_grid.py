"""The attendance grid of a session: every name of the activity's audience with a tick box,
saved in one request; "all present" and "absent: …" (type the names of those not there) as
shortcuts; the tick boxes on the paper list and the weekday choice drawn as check boxes."""

import datetime as dt
import re

import pytest

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity
from unionhall.activities.models import Attendance
from unionhall.core.models import AuditEntry

DAY = dt.date(2025, 10, 15)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(DAY), tick=False),
]
NAMES = ["王芳", "李强", "张伟", "刘洋", "陈静"]


def _grid(school, names=NAMES, **fields):
    act = activity(school, starts_on=DAY, title="教工趣味运动会", **fields)
    members = [MemberFactory(org=school, name=name) for name in names]
    session = act.sessions.get()
    return act, session, members, f"/o/{school.code}/activities/{act.pk}/sessions/{session.pk}/"


def _present(session) -> set[str]:
    return set(Attendance.objects.filter(session=session).values_list("member__name", flat=True))


def test_all_present_ticks_everyone_on_the_list_in_one_request(client, school):
    act, session, _members, url = _grid(school)
    client.force_login(act.organiser)
    page = client.post(url, {"action": "all"}, follow=True)
    assert "Attendance saved: 5 ticked now." in page.content.decode()
    assert _present(session) == set(NAMES)
    assert set(Attendance.objects.values_list("how", flat=True)) == {Attendance.How.TICKED}


def test_absent_names_are_typed_and_everyone_else_is_present(client, school):
    act, session, _members, url = _grid(school)
    client.force_login(act.organiser)
    client.post(url, {"action": "absent", "absent": "王芳、 李强"})
    assert _present(session) == {"张伟", "刘洋", "陈静"}
    # The next day's correction: 李强 came after all, 陈静 did not (commas, Chinese or not).
    client.post(url, {"action": "absent", "absent": "王芳，陈静"})
    assert _present(session) == {"李强", "张伟", "刘洋"}


def test_a_name_nobody_has_is_named_and_nothing_is_saved(client, school):
    act, _session, _members, url = _grid(school)
    client.force_login(act.organiser)
    page = client.post(url, {"action": "absent", "absent": "王芳 赵六"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Not on this list: 赵六. Check the spelling of the absent names." in html
    # What was typed comes back, to be corrected rather than typed again.
    assert 'value="王芳 赵六"' in html
    assert not Attendance.objects.exists()


def test_two_members_with_the_name_typed_are_ticked_in_the_grid_instead(client, school):
    act, _session, _members, url = _grid(school, names=["王芳", "王芳", "李强"])
    client.force_login(act.organiser)
    page = client.post(url, {"action": "absent", "absent": "王芳"})
    assert "More than one member on this list is called 王芳" in page.content.decode()
    assert not Attendance.objects.exists()


def test_the_grid_saves_ticks_and_unticks_and_keeps_qr_scans(client, school):
    act, session, members, url = _grid(school)
    Attendance.objects.create(
        org=school,
        activity=act,
        session=session,
        member=members[4],
        how=Attendance.How.QR,
        recorded_by=act.organiser,
    )
    client.force_login(act.organiser)
    shown = [m.pk for m in members]
    client.post(url, {"shown": shown, "present": [members[0].pk, members[1].pk]})
    assert _present(session) == {"王芳", "李强", "陈静"}
    client.post(url, {"shown": shown, "present": [members[1].pk]})
    # 王芳's tick is taken off; 陈静 scanned the QR code herself, which no untick removes.
    assert _present(session) == {"李强", "陈静"}


def test_a_session_still_to_come_is_not_ticked(client, school):
    act = activity(school, starts_on=DAY, ends_on=DAY + dt.timedelta(days=1), title="两日游")
    MemberFactory(org=school)
    session = act.sessions.get(date=DAY + dt.timedelta(days=1))
    client.force_login(act.organiser)
    url = f"/o/{school.code}/activities/{act.pk}/sessions/{session.pk}/"
    page = client.post(url, {"action": "all"}, follow=True)
    assert "has not happened yet" in page.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("members", [1, 5])
def test_the_grid_reads_and_saves_in_a_fixed_number_of_queries(
    client, school, members, django_assert_num_queries
):
    act, _session, _people, url = _grid(school, names=[f"教师{n}" for n in range(12 * members)])
    client.force_login(act.organiser)
    client.get(url)  # the session and the login's role read once
    with django_assert_num_queries(8):
        page = client.get(url)
    assert page.content.decode().count('type="checkbox" name="present"') == 12 * members
    with django_assert_num_queries(14):
        client.post(url, {"action": "all"})
    assert Attendance.objects.count() == 12 * members


def _checkbox_classes(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox"[^>]*class="([^"]*)"', html)


def test_the_paper_list_and_the_weekdays_are_drawn_as_check_boxes(client, school):
    """With `form-control` each box was drawn as a flat bar: a tick could not be seen."""
    act, _session, _members, _url = _grid(school)
    client.force_login(act.organiser)
    paper = client.get(f"/o/{school.code}/activities/{act.pk}/paper/").content.decode()
    weekdays = client.get(f"/o/{school.code}/activities/new/").content.decode()
    for html, boxes in ((paper, 5), (weekdays, 7)):
        classes = [c for c in _checkbox_classes(html)]
        assert len([c for c in classes if c == "form-check-input"]) >= boxes
        assert not [c for c in classes if "form-control" in c]


@pytest.mark.parametrize("members", [1, 5])
def test_the_paper_list_reads_in_a_fixed_number_of_queries(
    client, school, members, django_assert_num_queries
):
    act, _session, _people, _url = _grid(school, names=[f"教师{n}" for n in range(8 * members)])
    client.force_login(act.organiser)
    url = f"/o/{school.code}/activities/{act.pk}/paper/"
    client.get(url)
    with django_assert_num_queries(6):
        page = client.get(url)
    assert page.content.decode().count('type="checkbox" name="members"') == 8 * members


def test_a_past_days_grid_says_who_typed_it(client, school, time_machine):
    act, session, _members, url = _grid(school)
    time_machine.move_to(morning_of(DAY + dt.timedelta(days=3)), tick=False)
    client.force_login(act.organiser)
    client.post(url, {"action": "absent", "absent": "陈静"})
    assert _present(session) == {"王芳", "李强", "张伟", "刘洋"}
    typed = AuditEntry.objects.get(action=AuditEntry.Action.EVENT, object_id=session.pk)
    assert typed.actor == act.organiser
    assert "it happened on 2025-10-15" in typed.summary_shown
