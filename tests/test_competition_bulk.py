"""Entries from a list of names at once, and a judge's scores in one grid: 47 entries from a
pasted list, 47 scores in one request; a bad line or row is named and refuses the whole batch."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_competitions import competition, entries
from unionhall.competitions.models import Entry, Score
from unionhall.core import audit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2025, 10, 20)), tick=False),
]


def _names(n):
    return [f"教师{i:02d}" for i in range(1, n + 1)]


@pytest.fixture
def comp(school):
    made = competition(school)
    for name in _names(47):
        MemberFactory(org=school, name=name)
    return made


def _url(comp, path=""):
    return f"/o/{comp.org.code}/competitions/{comp.pk}/{path}"


def test_47_entries_from_a_pasted_list_in_one_request(client, comp):
    client.force_login(comp.created_by)
    lines = [f"{name}\t《课题{n}》" if n % 2 else name for n, name in enumerate(_names(47))]
    assert client.get(_url(comp, "entries/many/")).status_code == 200
    response = client.post(_url(comp, "entries/many/"), {"names": "\n".join(lines) + "\n\n"})
    assert response.status_code == 302
    made = Entry.objects.filter(competition=comp).select_related("member").order_by("id")
    assert [e.member.name for e in made] == _names(47)
    assert made[1].piece == "《课题1》" and made[0].piece == ""
    # Each entry is in the competition's history.
    assert audit.history(comp).filter(summary_msgid="Entry: %(entrant)s").count() == 47


def test_members_picked_from_the_register_are_entered_too(client, comp, school):
    client.force_login(comp.created_by)
    picked = MemberFactory(org=school, name="林晓")
    response = client.post(_url(comp, "entries/many/"), {"names": "教师01", "members": [picked.pk]})
    assert response.status_code == 302
    assert sorted(Entry.objects.values_list("member__name", flat=True)) == ["教师01", "林晓"]


def test_an_unknown_name_is_refused_with_its_line_and_nothing_is_entered(client, comp):
    client.force_login(comp.created_by)
    lines = _names(10)
    lines[6] = "王不在"
    lines.append("教师02")
    response = client.post(_url(comp, "entries/many/"), {"names": "\n".join(lines)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 7: no member named 王不在 is on the register." in page
    assert "Line 11: 教师02 is already listed (Line 2)." in page
    assert not Entry.objects.filter(competition=comp).exists()


def test_a_judges_grid_of_47_scores_is_saved_in_one_request(client, comp):
    made = entries(comp, comp.created_by, 47)
    client.force_login(comp.created_by)
    page = client.get(_url(comp, "scores/grid/?judge=评委甲")).content.decode()
    assert page.count("data-row=") == 47
    data = {"judge": "评委甲"} | {f"score-{e.pk}": str(80 + n % 20) for n, e in enumerate(made)}
    response = client.post(_url(comp, "scores/grid/"), data)
    assert response.status_code == 302
    scores = dict(Score.objects.filter(judge="评委甲").values_list("entry_id", "score"))
    assert len(scores) == 47 and scores[made[5].pk] == Decimal("85.00")
    assert audit.history(comp).filter(summary_msgid="Scores of %(judge)s: %(count)s entries")
    # The grid shows the judge's scores again, and a second pass changes only what changed.
    again = client.get(_url(comp, "scores/grid/?judge=评委甲")).content.decode()
    assert 'value="85.00"' in again
    data[f"score-{made[5].pk}"] = "90"
    client.post(_url(comp, "scores/grid/"), data)
    assert Score.objects.get(judge="评委甲", entry=made[5]).score == Decimal("90.00")
    assert Score.objects.filter(judge="评委甲").count() == 47


def test_a_bad_score_names_its_row_and_refuses_the_whole_grid(client, comp):
    made = entries(comp, comp.created_by, 5)
    client.force_login(comp.created_by)
    data = {"judge": "评委乙"} | {f"score-{e.pk}": "88" for e in made}
    data[f"score-{made[3].pk}"] = "八十八"
    response = client.post(_url(comp, "scores/grid/"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Row 4 ({made[3].entrant}): A score is a number such as 92.5." in page
    assert not Score.objects.exists()


def test_results_entered_directly_fill_the_grid_without_a_judge(client, school):
    comp = competition(school, scoring="direct")
    made = entries(comp, comp.created_by, 3)
    client.force_login(comp.created_by)
    data = {"judge": ""} | {f"score-{e.pk}": str(90 - n) for n, e in enumerate(made)}
    assert client.post(_url(comp, "scores/grid/"), data).status_code == 302
    assert [e.score for e in Entry.objects.order_by("id")] == [
        Decimal("90.00"),
        Decimal("89.00"),
        Decimal("88.00"),
    ]


def test_the_bulk_pages_read_in_a_fixed_number_of_queries(client, comp, django_assert_num_queries):
    entries(comp, comp.created_by, 20)
    client.force_login(comp.created_by)
    client.get(_url(comp, "scores/grid/?judge=评委甲"))
    with django_assert_num_queries(8):
        client.get(_url(comp, "scores/grid/?judge=评委甲"))
    with django_assert_num_queries(6):
        client.get(_url(comp, "entries/many/"))
