"""Data calls (通知/报送): the district asks for a file by a date, each school uploads its
return, the district sees each school's status and chases the late ones through the bell."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.clock import morning_of
from tests.factories_district import make_district
from unionhall.district import selectors, services
from unionhall.notices.models import Notice

TODAY = dt.date(2026, 12, 1)
pytestmark = pytest.mark.time_machine(morning_of(TODAY), tick=False)


def _file(name="困难职工档案.xlsx"):
    return SimpleUploadedFile(name, b"PK\x03\x04 data", content_type="application/octet-stream")


@pytest.fixture
def d(db, django_capture_on_commit_callbacks):
    made = make_district()
    with django_capture_on_commit_callbacks(execute=True):
        made.call = services.call_create(
            district=made.district,
            actor=made.admin,
            title="困难职工建档统计",
            due_on=dt.date(2026, 12, 20),
            template=_file("模板.xlsx"),
        )
    return made


def test_every_chair_is_told(d):
    assigned = Notice.objects.filter(kind=Notice.Kind.ASSIGNED)
    assert {n.user for n in assigned} == set(d.chairs)


def test_late_schools_are_listed_and_chased(d, django_capture_on_commit_callbacks):
    services.call_reply(call=d.call, school=d.schools[0], actor=d.chairs[0], file=_file())
    after = dt.date(2026, 12, 21)
    statuses = selectors.call_statuses(call=d.call, today=after)
    assert [(s.reply is not None, s.late) for s in statuses] == [
        (True, False),
        (False, True),
        (False, True),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.call_chase(call=d.call, actor=d.admin, today=after) == 2
        assert services.call_chase(call=d.call, actor=d.admin, today=after) == 2
    overdue = Notice.objects.filter(kind=Notice.Kind.OVERDUE)
    assert overdue.count() == 2  # once a day each
    assert {n.user for n in overdue} == set(d.chairs[1:])


def test_a_school_of_another_district_cannot_reply(d):
    other = make_district()
    with pytest.raises(ValidationError):
        services.call_reply(
            call=d.call, school=other.schools[0], actor=other.chairs[0], file=_file()
        )


def test_a_deadline_in_the_past_is_refused(d):
    with pytest.raises(ValidationError) as refused:
        services.call_create(
            district=d.district, actor=d.admin, title="x", due_on=dt.date(2026, 11, 1)
        )
    assert "due_on" in refused.value.message_dict


def test_the_pages(d, client):
    client.force_login(d.chairs[1])
    mine = reverse("district:my_calls", kwargs={"org": d.schools[1].code})
    assert "困难职工建档统计" in client.get(mine).content.decode()
    upload = reverse("district:call_reply", kwargs={"org": d.schools[1].code, "pk": d.call.pk})
    assert client.post(upload, {"file": _file()}).status_code == 302
    client.force_login(d.admin)
    detail = reverse("district:call", kwargs={"org": d.district.code, "pk": d.call.pk})
    text = client.get(detail).content.decode()
    assert d.schools[1].name in text
