"""audited_update, and audit summaries and notices shown in the reader's language."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_congress import accept, answer, make_congress, rate, submit
from unionhall.core import audit
from unionhall.core.models import AuditEntry
from unionhall.members import services as member_services
from unionhall.voice.models import Category


@pytest.fixture
def chair(school):
    return grant(UserFactory(), school, "chair")


def _read_in(client, language: str, url: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


# audited_update ---------------------------------------------------------------------------


def test_it_saves_the_change_and_records_old_and_new(school, chair):
    member = MemberFactory(org=school, mobile="13800000001", post="语文教师")
    changes = audit.audited_update(
        member,
        org=school,
        actor=chair,
        fields=["mobile", "post"],
        changes={"mobile": "13900000002"},
    )
    assert changes == {"mobile": ["13800000001", "13900000002"]}
    member.refresh_from_db()
    assert member.mobile == "13900000002"
    entry = audit.history(member).get()
    assert (entry.actor, entry.action, entry.changes) == (chair, "update", changes)


def test_it_records_nothing_when_nothing_changed(school, chair):
    member = MemberFactory(org=school, mobile="13800000001")
    changes = audit.audited_update(
        member, org=school, actor=chair, fields=["mobile"], changes={"mobile": "13800000001"}
    )
    assert changes == {}
    assert not audit.history(member).exists()


def test_a_new_row_has_every_shown_value_as_new(school, chair):
    category = Category(org=school)
    audit.audited_update(
        category,
        org=school,
        actor=chair,
        fields=["name", "active"],
        changes={"name": "食堂"},
        action=AuditEntry.Action.CREATE,
        created=True,
    )
    entry = audit.history(category).get()
    assert entry.action == "create"
    assert entry.changes == {"name": ["", "食堂"], "active": ["", "✓"]}


# The reader's language --------------------------------------------------------------------


def test_a_history_written_in_english_reads_in_chinese_and_back(client, school, chair):
    first, second = MemberFactory(org=school), MemberFactory(org=school)
    day = timezone.localdate() - dt.timedelta(days=3)
    with translation.override("en"):
        member_services.member_record_event(member=first, actor=chair, kind="retire", date=day)
    with translation.override("zh-hans"):
        member_services.member_record_event(member=second, actor=chair, kind="retire", date=day)
    client.force_login(chair)

    page = _read_in(client, "zh-hans", f"/o/{school.code}/members/{first.pk}/")
    assert f"退休 {day:%Y-%m-%d}" in page and f"Retired {day:%Y-%m-%d}" not in page
    page = _read_in(client, "en", f"/o/{school.code}/members/{second.pk}/")
    assert f"Retired {day:%Y-%m-%d}" in page and f"退休 {day:%Y-%m-%d}" not in page


def test_a_history_row_from_before_message_ids_shows_as_it_was_written(client, school, chair):
    member = MemberFactory(org=school)
    audit.record(org=school, actor=chair, subject=member, action="event", summary="旧记录 old row")
    client.force_login(chair)
    page = _read_in(client, "en", f"/o/{school.code}/members/{member.pk}/")
    assert "旧记录 old row" in page


def test_a_notice_sent_in_english_reads_in_chinese_and_back(
    client, school, django_capture_on_commit_callbacks
):
    c = make_congress(school)
    english = accept(c, submit(c, title="关于车位的建议"))
    chinese = accept(c, submit(c, title="关于食堂的建议"))
    answer(c, english)
    answer(c, chinese)
    with django_capture_on_commit_callbacks(execute=True):
        with translation.override("en"):
            rate(c, english, rating="satisfied")
        with translation.override("zh-hans"):
            rate(c, chinese, rating="fairly")
    client.force_login(c.leader)

    page = _read_in(client, "zh-hans", f"/o/{school.code}/notices/")
    assert "“关于车位的建议”的答复评价为：满意。" in page
    assert "was rated" not in page
    page = _read_in(client, "en", f"/o/{school.code}/notices/")
    assert "The answer to “关于食堂的建议” was rated: Fairly satisfied." in page
    assert "评价为" not in page
