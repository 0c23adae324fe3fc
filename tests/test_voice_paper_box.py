"""A whole paper box typed in on one page: a row per suggestion (text, who wrote it: staff,
student, parent or public, the name signed), the day the box was opened; saved in one request,
every row or none."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_voice import CategoryFactory
from tests.personas import chair_of, member_of
from unionhall.core import audit, indicators
from unionhall.core.indicators import Period
from unionhall.voice.models import Suggestion

pytestmark = pytest.mark.usefixtures("english")

SOURCES = ["member", "student", "parent", "public", "member"]


@pytest.fixture
def box(school):
    chair = chair_of(school, display_name="周主席")
    writer = MemberFactory(org=school, name="王丽娟", user=member_of(school, display_name="王丽娟"))
    category = CategoryFactory(org=school, name="后勤保障")
    return school, chair, writer, category


def _url(school, query=""):
    return f"/o/{school.code}/voice/paper/{query}"


def _post(category, rows, *, opened_on, action="save"):
    data = {
        "token": "box-2025-autumn",
        "box-opened_on": opened_on,
        "box-category": category.pk,
        "form-TOTAL_FORMS": len(rows) + 3,  # the empty rows at the end are left out
        "form-INITIAL_FORMS": 0,
        action: "1",
    }
    for n, (text, source, name) in enumerate(rows):
        data |= {f"form-{n}-text": text, f"form-{n}-source": source, f"form-{n}-name": name}
    return data


def _thirty():
    rows = []
    for n in range(30):
        source = SOURCES[n % len(SOURCES)]
        name = {0: "王丽娟", 3: f"热心市民{n}", 2: f"家长{n}"}.get(n % len(SOURCES), "")
        rows.append((f"第{n + 1}条：食堂和校门口的建议", source, name))
    return rows


def test_a_box_of_30_is_saved_in_one_request_with_its_sources_and_date(client, box):
    school, chair, writer, category = box
    opened = timezone.localdate() - dt.timedelta(days=200)
    client.force_login(chair)
    page = client.get(_url(school)).content.decode()
    assert page.count("data-row=") == 30
    response = client.post(_url(school), _post(category, _thirty(), opened_on=opened))
    assert response.status_code == 302
    stored = Suggestion.objects.filter(org=school)
    assert stored.count() == 30
    assert set(stored.values_list("submitted_on", flat=True)) == {opened}
    by_source = {c: stored.filter(channel=c).count() for c in ("member", "student", "parent")}
    assert by_source == {"member": 12, "student": 6, "parent": 6}
    assert stored.filter(channel="public").count() == 6
    # Staff named on the register are the authors; the public keep the name they signed with.
    assert stored.filter(channel="member", author=writer.user).count() == 6
    assert stored.filter(channel="member", author__isnull=True).count() == 6
    assert stored.get(title__startswith="第4条").public_name == "热心市民3"
    assert stored.get(title__startswith="第3条").public_name == "家长2"
    assert not stored.filter(channel__in=["student", "parent", "public"], author__isnull=False)
    # Each says who typed it, for whom, and the day it happened.
    lines = [str(e) for e in audit.history(stored.get(title__startswith="第4条"))]
    typed = f"Typed by {chair} on behalf of 热心市民3; it happened on {opened}"
    assert any(typed in line for line in lines)
    # The summary counts them where they belong.
    period = Period(opened, timezone.localdate())
    assert indicators.get("voice.received_public")(school, period).value == 18
    assert indicators.get("voice.received_staff")(school, period).value == 12


def test_a_bad_line_names_its_row_and_refuses_the_whole_box(client, box):
    school, chair, _writer, category = box
    client.force_login(chair)
    rows = _thirty()
    rows[16] = ("精简会议", "member", "查无此人")
    opened = timezone.localdate() - dt.timedelta(days=20)
    response = client.post(_url(school), _post(category, rows, opened_on=opened))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 17, Name signed: No member named 查无此人 is on the register." in page
    assert not Suggestion.objects.filter(org=school).exists()


def test_a_box_opened_in_the_future_is_refused_row_by_row(client, box):
    school, chair, _writer, category = box
    client.force_login(chair)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(_url(school), _post(category, _thirty()[:2], opened_on=tomorrow))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 1, Date:" in page and "is in the future" in page
    assert not Suggestion.objects.filter(org=school).exists()


def test_a_row_without_a_date_and_no_box_date_is_refused(client, box):
    school, chair, _writer, category = box
    client.force_login(chair)
    response = client.post(_url(school), _post(category, _thirty()[:1], opened_on=""))
    assert response.status_code == 400
    assert "Row 1, Date: Give the day the box was opened" in response.content.decode()


def test_the_same_box_posted_twice_is_stored_once(client, box):
    school, chair, _writer, category = box
    client.force_login(chair)
    data = _post(category, _thirty()[:5], opened_on=timezone.localdate())
    client.post(_url(school), data)
    client.post(_url(school), data)
    assert Suggestion.objects.filter(org=school).count() == 5


def test_more_rows_on_request_and_a_fixed_number_of_queries(client, box, django_assert_num_queries):
    school, chair, _writer, _category = box
    client.force_login(chair)
    client.get(_url(school))
    with django_assert_num_queries(7):
        page = client.get(_url(school, "?rows=60")).content.decode()
    assert page.count("data-row=") == 60
