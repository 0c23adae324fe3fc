"""Running a competition through its pages: create it on an activity, enter, score, rank,
publish (a broken prize rule refused by name, the chair's override), and the results page every
member reads."""

import datetime as dt

import pytest

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of
from tests.factories_competitions import competition, entries
from tests.personas import chair_of, member_of
from unionhall.competitions import services
from unionhall.competitions.models import Award, Competition
from unionhall.honours.models import Honour

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2025, 10, 20)), tick=False),
]


def test_the_culture_officer_creates_a_competition_with_its_prize_table(client, school):
    officer = culture_of(school)
    act = activity(school, organiser=officer, title="教职工演讲比赛", code="culture")
    client.force_login(officer)
    response = client.post(
        f"/o/{school.code}/competitions/new/",
        {
            "activity": act.pk,
            "scoring": "mean",
            "trim": 0,
            "level": 10,
            "first_places": 1,
            "first_amount": "300.00",
            "second_places": 2,
            "second_amount": "200.00",
            "merit_places": 3,
            "merit_gift": "笔记本",
        },
    )
    comp = Competition.objects.get()
    assert response.status_code == 302 and comp.activity == act
    assert [(t.rank, t.places) for t in comp.tiers.all()] == [
        ("first", 1),
        ("second", 2),
        ("merit", 3),
    ]


def test_entries_scores_ranking_and_a_refused_publication(client, school):
    comp = competition(school)
    officer = comp.created_by
    client.force_login(officer)
    url = f"/o/{school.code}/competitions/{comp.pk}/"
    member = MemberFactory(org=school, name="林晓")
    client.post(url + "entries/", {"member": member.pk, "piece": "《桂花雨》"})
    entry = comp.entries.get()
    client.post(url + "scores/", {"entry": entry.pk, "judge": "评委一", "score": "91.5"})
    assert entry.scores.get().score == 91.5
    made = [entry, *entries(comp, officer, 3, scores=[80, 85, 70])]
    client.post(url + "rank/")
    # 4 entries for 6 places → at most 3 (one fewer); 2/3 of 4 → 2.
    assert comp.entries.filter(tier__isnull=False).count() == 2
    third = comp.tiers.get(rank="third")
    client.post(url + "prizes/", {f"prize-{e.pk}": third.pk for e in made})
    page = client.get(url).content.decode()
    assert "The award share" in page and "one-fewer rule" in page
    response = client.post(url + "publish/", {"awarded_on": "2025-10-15"}, follow=True)
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "one-fewer rule" in shown and "award share" in shown
    assert not Award.objects.exists()


def test_the_chair_overrides_and_every_member_reads_the_results(
    client, school, django_assert_num_queries
):
    comp = competition(school)
    officer = comp.created_by
    made = entries(comp, officer, 4, scores=[90, 80, 85, 70])
    services.results_rank(competition=comp, actor=officer)
    services.entry_prize_set(entry=made[1], actor=officer, tier=comp.tiers.get(rank="third"))
    client.force_login(chair_of(school))
    url = f"/o/{school.code}/competitions/{comp.pk}/"
    client.post(url + "publish/", {"awarded_on": "2025-10-15", "override_reason": "鼓励青年教师"})
    assert Award.objects.count() == 3 and Honour.objects.count() == 3
    client.force_login(member_of(school))
    with django_assert_num_queries(11):
        page = client.get(url).content.decode()
    assert made[0].member.name in page and "First prize" in page
    assert "鼓励青年教师" in page
    with django_assert_num_queries(7):
        listing = client.get(f"/o/{school.code}/competitions/").content.decode()
    assert "青年教师教学比武" in listing


def test_the_management_page_has_a_pinned_query_count(client, school, django_assert_num_queries):
    comp = competition(school)
    officer = comp.created_by
    entries(comp, officer, 12, scores=[80 + i for i in range(12)])
    client.force_login(officer)
    with django_assert_num_queries(19):
        response = client.get(f"/o/{school.code}/competitions/{comp.pk}/")
    assert response.status_code == 200


def test_only_the_chair_sets_the_award_share(client, school):
    client.force_login(culture_of(school))
    assert client.get(f"/o/{school.code}/competitions/rules/").status_code == 403
    client.force_login(chair_of(school))
    client.post(
        f"/o/{school.code}/competitions/rules/",
        {"numerator": 1, "denominator": 3, "source": "宁夏"},
    )
    page = client.get(f"/o/{school.code}/competitions/").content.decode()
    assert "1/3" in page
