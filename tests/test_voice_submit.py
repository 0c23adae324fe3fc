"""Members submit suggestions; a double post of the same form stores one."""

import pytest

from tests.factories_voice import CategoryFactory
from tests.personas import member_of
from unionhall.core.models import AuditEntry
from unionhall.voice.models import Suggestion

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def member(client, school):
    user = member_of(school, display_name="林晓")
    client.force_login(user)
    return user


def _form(client, school, **overrides):
    form = client.get(f"/o/{school.code}/voice/").context["form"]
    data = {
        "token": form.initial["token"],
        "category": school.voice_categories.get(name="后勤保障").pk,
        "title": "增加停车位",
        "body": "八点以后来的老师找不到车位。",
        "show_name": "on",
    }
    data.update(overrides)
    return data


def test_it_gives_a_new_school_the_default_categories(client, school, member):
    page = client.get(f"/o/{school.code}/voice/").content.decode()
    for name in ["教育教学", "师资队伍", "福利待遇", "后勤保障", "安全管理", "校园文化", "其他"]:
        assert name in page


def test_it_stores_a_named_suggestion_and_lists_it_as_mine(client, school, member):
    response = client.post(f"/o/{school.code}/voice/", _form(client, school))
    assert response.status_code == 302
    s = Suggestion.objects.get(org=school)
    assert (s.author, s.show_name, s.state, s.channel) == (member, True, "new", "member")
    assert AuditEntry.objects.get(object_id=s.pk, content_type__model="suggestion").actor == member
    assert "增加停车位" in client.get(f"/o/{school.code}/voice/mine/").content.decode()


def test_a_double_submission_stores_one_suggestion(client, school, member):
    data = _form(client, school)
    client.post(f"/o/{school.code}/voice/", data)
    response = client.post(f"/o/{school.code}/voice/", data, follow=True)
    assert Suggestion.objects.filter(org=school).count() == 1
    assert "已经收到" in response.content.decode() or "already" in response.content.decode()
    # The token itself is not stored, only its hash.
    s = Suggestion.objects.get()
    assert data["token"] not in s.submission_key and len(s.submission_key) == 64


def test_an_anonymous_double_submission_also_stores_one(client, school, member):
    data = _form(client, school, anonymous="on")
    client.post(f"/o/{school.code}/voice/", data)
    client.post(f"/o/{school.code}/voice/", data)
    assert Suggestion.objects.filter(org=school).count() == 1


def test_it_refuses_a_missing_title_and_stores_nothing(client, school, member):
    response = client.post(f"/o/{school.code}/voice/", _form(client, school, title=""))
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_it_refuses_another_schools_category(client, school, other_school, member):
    theirs = CategoryFactory(org=other_school, name="外校分类")
    response = client.post(f"/o/{school.code}/voice/", _form(client, school, category=theirs.pk))
    assert "category" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_a_retired_category_is_not_offered(client, school, member):
    client.get(f"/o/{school.code}/voice/")
    school.voice_categories.filter(name="其他").update(active=False)
    form = client.get(f"/o/{school.code}/voice/").context["form"]
    assert "其他" not in [c.name for c in form.fields["category"].queryset]
