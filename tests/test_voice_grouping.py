"""The grouping helper proposes a handful of stable themes with sensible keywords; the committee
edits and accepts them."""

import pytest

from tests.factories import UserFactory, grant
from tests.factories_voice import CategoryFactory, SuggestionFactory
from unionhall.demo.voice_texts import SUGGESTIONS
from unionhall.voice.grouping import propose_themes, text_of, tokens
from unionhall.voice.models import Suggestion, Theme

TEXTS = [text_of(title, body) for _category, title, body in SUGGESTIONS]


@pytest.fixture(scope="module")
def themes():
    return propose_themes(TEXTS)


def test_it_proposes_a_handful_of_themes_covering_every_suggestion(themes):
    assert 5 <= len(themes) <= 10
    members = sorted(i for t in themes for i in t.members)
    assert members == list(range(len(TEXTS)))
    assert all(len(t.keywords) == 5 for t in themes)


def test_it_is_deterministic(themes):
    again = propose_themes(TEXTS)
    assert [(t.keywords, t.members) for t in again] == [(t.keywords, t.members) for t in themes]


def test_near_duplicates_land_in_the_same_theme_with_telling_keywords(themes):
    def theme_of(title):
        index = next(i for i, (_c, t, _b) in enumerate(SUGGESTIONS) if t == title)
        return next(t for t in themes if index in t.members)

    canteen = theme_of("食堂菜品偏咸偏油")
    assert theme_of("教工餐口味太重") is canteen
    assert theme_of("食堂饭菜能否清淡一些") is canteen
    assert "食堂" in canteen.keywords
    after_school = theme_of("课后服务补贴及时发放")
    assert theme_of("课后服务补贴标准公开") is after_school
    assert "课后" in after_school.keywords or "服务" in after_school.keywords
    assert "体检" in theme_of("体检项目按年龄分档").keywords


def test_stop_words_never_become_keywords(themes):
    for word in ["建议", "学校", "老师", "希望", "我们", "可以"]:
        assert all(word not in t.keywords for t in themes)
    assert "建议" not in tokens("建议学校增加停车位")


def test_the_committee_edits_and_accepts_the_themes(client, school):
    chair = grant(UserFactory(), school, "chair")
    category = CategoryFactory(org=school, name="后勤保障")
    rows = [
        SuggestionFactory(org=school, category=category, title=title, body=body)
        for _c, title, body in SUGGESTIONS[:60]
    ]
    client.force_login(chair)
    page = client.get(f"/o/{school.code}/voice/grouping/")
    proposed = page.context["themes"]
    assert proposed and sum(len(t["suggestions"]) for t in proposed) == 60

    data = {"theme_count": len(proposed)}
    for t in proposed:
        data[f"theme-{t['index']}-name"] = t["name"]
        data[f"theme-{t['index']}-keywords"] = t["keywords"]
        for s in t["suggestions"]:
            data[f"assign-{s.pk}"] = t["index"]
    # The committee renames the first theme, and moves one suggestion out of every theme.
    data["theme-0-name"] = "食堂和后勤"
    data[f"assign-{rows[0].pk}"] = ""
    response = client.post(f"/o/{school.code}/voice/grouping/", data)
    assert response.status_code == 302
    assert Theme.objects.filter(org=school).count() == len(proposed)
    assert Theme.objects.filter(org=school, name="食堂和后勤").exists()
    assert Suggestion.objects.filter(org=school, theme__isnull=False).count() == 59
    rows[0].refresh_from_db()
    assert rows[0].theme is None
    # Grouped suggestions are not proposed again.
    again = client.get(f"/o/{school.code}/voice/grouping/").context["themes"]
    assert sum(len(t["suggestions"]) for t in again) == 1
    assert "食堂和后勤" in client.get(f"/o/{school.code}/voice/themes/").content.decode()


def test_an_accepted_theme_can_be_renamed_but_not_another_schools(client, school, other_school):
    chair = grant(UserFactory(), school, "chair")
    ours = Theme.objects.create(org=school, name="食堂", keywords="食堂,清淡")
    theirs = Theme.objects.create(org=other_school, name="外校主题")
    SuggestionFactory(org=school, title="食堂太咸", theme=ours)
    client.force_login(chair)
    url = f"/o/{school.code}/voice/themes/{ours.pk}/"
    assert "食堂太咸" in client.get(url).content.decode()
    client.post(url, {"name": "食堂与餐饮", "keywords": "食堂，餐饮"})
    ours.refresh_from_db()
    assert (ours.name, ours.keyword_list) == ("食堂与餐饮", ["食堂", "餐饮"])
    forged = client.post(f"/o/{school.code}/voice/themes/{theirs.pk}/", {"name": "篡改"})
    assert forged.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "外校主题"
