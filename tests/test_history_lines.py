"""History lines name each field and each choice in the reader's language, not by code."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.factories import MemberFactory
from tests.factories_care import record
from tests.factories_voice import CategoryFactory, SuggestionFactory
from tests.personas import chair_of, leader_of, welfare_of
from unionhall.care.services import care_visit_cancel
from unionhall.core import audit
from unionhall.core.models import AuditEntry
from unionhall.members import services as member_services


def _read_in(client, language: str, url: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


@pytest.fixture
def routed(client, school):
    """A suggestion the chair moved to another category and sent to a leader, through the pages."""
    chair = chair_of(school, display_name="周主席")
    leader = leader_of(school, display_name="钱校长")
    canteen = CategoryFactory(org=school, name="食堂")
    suggestion = SuggestionFactory(org=school)
    client.force_login(chair)
    base = f"/o/{school.code}/voice/{suggestion.pk}/"
    assert client.post(f"{base}category/", {"category": canteen.pk}).status_code == 302
    assert client.post(f"{base}route/", {"assignee": leader.pk}).status_code == 302
    return base


def test_a_suggestions_history_reads_in_chinese(client, routed):
    page = _read_in(client, "zh-hans", routed)
    assert "状态：新收到 → 已交负责人" in page
    assert "负责人：— → 钱校长" in page
    assert "类别：" in page and "→ 食堂" in page
    for raw in ("state:", "assignee:", "category:", "routed →", "new →"):
        assert raw not in page


def test_the_same_history_reads_in_english(client, routed):
    page = _read_in(client, "en", routed)
    assert "State: new → with a responsible person" in page
    assert "Responsible person: — → 钱校长" in page
    assert "Category: " in page and "→ 食堂" in page
    assert "状态" not in page and "已交负责人" not in page


def test_a_members_status_change_is_named_in_each_language(client, school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    day = timezone.localdate() - dt.timedelta(days=3)
    member_services.member_record_event(member=member, actor=chair, kind="retire", date=day)
    client.force_login(chair)
    url = f"/o/{school.code}/members/{member.pk}/"
    assert "状态：在职 → 退休" in _read_in(client, "zh-hans", url)
    assert "Employment status: In service → Retired" in _read_in(client, "en", url)


def test_a_row_written_before_choices_were_kept_as_values_still_reads(client, school):
    """Old rows stored the label in the writer's language: shown in the reader's; a name that is
    no field of the model is shown as it was stored."""
    chair = chair_of(school)
    suggestion = SuggestionFactory(org=school)
    audit.record(
        org=school,
        actor=chair,
        subject=suggestion,
        action=AuditEntry.Action.UPDATE,
        changes={"state": ["新收到", "已交负责人"], "legacy_note": ["", "手工补记"]},
    )
    client.force_login(chair)
    url = f"/o/{school.code}/voice/{suggestion.pk}/"
    page = _read_in(client, "en", url)
    assert "State: new → with a responsible person" in page
    assert "legacy_note: — → 手工补记" in page


def test_a_care_visits_cancellation_is_named_in_words(school):
    """A change that is an event, not a field, is named by the model's audit_labels."""
    visit, _warnings = record(school, welfare_of(school), [MemberFactory(org=school)])
    care_visit_cancel(visit=visit, actor=chair_of(school), reason="重复登记")
    entry = audit.history(visit).filter(action="update").get()
    with translation.override("zh-hans"):
        assert entry.changes_shown == [("撤销理由", "", "重复登记")]
    with translation.override("en"):
        assert entry.changes_shown == [("Reason for cancelling", "", "重复登记")]
