"""The visit form's member and visitor pickers (core/picker.py): the page lists only the chosen,
the matches come from care:pick for this school's choices alone and only to those who may record
care, the post is checked by the form as before, and without JavaScript the search button shows
the matches and saves nothing."""

import re

import pytest
from django.utils import timezone

from tests.factories import MemberFactory
from tests.personas import chair_of, member_of, welfare_of
from unionhall.care.models import CareVisit
from unionhall.core.picker import MATCH_LIMIT

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


def _pick(client, school, field="members", **query):
    return client.get(f"/o/{school.code}/care/new/pick/{field}/", query)


def _offered(response) -> list[str]:
    """The names in the matches' labels."""
    labels = re.findall(r'<label class="form-check-label"[^>]*>([^<]*)</label>', response.text)
    return sorted(label.split(" · ")[0] for label in labels)


def _visit(**data):
    return {
        "kind": "wedding",
        "date": TODAY.isoformat(),
        "amount": "500",
        "is_cash": "on",
        **data,
    }


def test_it_finds_this_schools_members_by_name_pinyin_and_initials(client, school, other_school):
    MemberFactory(org=school, name="王建国")
    MemberFactory(org=school, name="王建英")
    MemberFactory(org=school, name="李明")
    MemberFactory(org=school, name="王建华", status="transferred")  # the form refuses them
    MemberFactory(org=other_school, name="王建军")
    client.force_login(welfare_of(school))
    assert _offered(_pick(client, school, members_q="王建")) == ["王建国", "王建英"]
    assert _offered(_pick(client, school, members_q="wjg")) == ["王建国"]
    assert _offered(_pick(client, school, members_q="wangjian")) == ["王建国", "王建英"]
    assert _offered(_pick(client, school, members_q="  ")) == []


def test_it_leaves_out_those_already_chosen(client, school):
    chosen = MemberFactory(org=school, name="王建国")
    MemberFactory(org=school, name="王建英")
    client.force_login(welfare_of(school))
    response = _pick(client, school, members_q="王建", members=[chosen.pk, "nonsense"])
    assert _offered(response) == ["王建英"]
    assert f'name="members" value="{chosen.pk}"' not in response.text


def test_it_shows_the_first_matches_and_says_there_are_more(client, school):
    MemberFactory.create_batch(MATCH_LIMIT + 1, org=school, name="张伟")
    client.force_login(welfare_of(school))
    response = _pick(client, school, members_q="张伟")
    assert len(_offered(response)) == MATCH_LIMIT
    assert "type more of the name" in response.text


def test_it_finds_this_schools_users_as_visitors(client, school, other_school):
    chair = chair_of(school, display_name="赵春燕")
    MemberFactory(org=school, name="赵春燕", user=chair)
    chair_of(other_school, display_name="赵春花")
    client.force_login(welfare_of(school, display_name="钱芳"))
    assert _offered(_pick(client, school, "visitors", visitors_q="赵春")) == ["赵春燕"]
    assert _offered(_pick(client, school, "visitors", visitors_q="zcy")) == ["赵春燕"]


def test_only_those_who_record_care_may_search(client, school, other_school):
    MemberFactory(org=school, name="王建国")
    client.force_login(member_of(school))
    assert _pick(client, school, members_q="王").status_code == 403
    client.force_login(chair_of(other_school))
    assert _pick(client, school, members_q="王").status_code == 404
    client.logout()
    assert _pick(client, school, members_q="王").status_code == 302
    client.force_login(welfare_of(school))
    assert _pick(client, school, "kind", kind_q="王").status_code == 404


def test_the_page_lists_only_the_chosen_members(client, school):
    chosen = MemberFactory(org=school, name="王建国")
    MemberFactory(org=school, name="李明")
    client.force_login(welfare_of(school))
    page = client.get(f"/o/{school.code}/care/new/?member={chosen.pk}").text
    assert "<option" not in page.split('data-field="members"')[1].split('data-field="date"')[0]
    assert re.search(rf'name="members" value="{chosen.pk}"[^>]*checked', page)
    assert "王建国" in page
    assert "李明" not in page


def test_another_schools_member_is_refused_and_not_shown(client, school, other_school):
    stranger = MemberFactory(org=other_school, name="王建军")
    ours = MemberFactory(org=school, name="王建国")
    client.force_login(welfare_of(school))
    response = client.post(f"/o/{school.code}/care/new/", _visit(members=[ours.pk, stranger.pk]))
    assert response.status_code == 200
    assert not CareVisit.objects.exists()
    assert f"Select a valid choice. {stranger.pk} is not one of the available choices." in (
        response.text.replace("&#x27;", "'")
    )
    assert "王建军" not in response.text


def test_a_refused_form_keeps_the_chosen_members(client, school):
    chosen = MemberFactory.create_batch(2, org=school)
    other = MemberFactory(org=school)
    client.force_login(welfare_of(school))
    response = client.post(
        f"/o/{school.code}/care/new/",
        _visit(members=[m.pk for m in chosen], amount="", members_q=other.name),
    )
    assert response.status_code == 200
    assert not CareVisit.objects.exists()
    for member in chosen:
        assert re.search(rf'name="members" value="{member.pk}"[^>]*checked', response.text)
    assert other.name not in response.text


def test_without_javascript_the_search_button_shows_matches_and_saves_nothing(client, school):
    chosen = MemberFactory(org=school, name="李明")
    MemberFactory(org=school, name="王建国")
    client.force_login(welfare_of(school))
    url = f"/o/{school.code}/care/new/"
    data = _visit(members=[chosen.pk], members_q="王建", members_search="1", goods="大米")
    response = client.post(url, data)
    assert response.status_code == 200
    assert not CareVisit.objects.exists()
    assert "invalid-feedback" not in response.text
    assert re.search(rf'name="members" value="{chosen.pk}"[^>]*checked', response.text)
    assert 'value="大米"' in response.text  # what was typed stays
    new = re.search(r'name="members" value="(\d+)" id="id_members_\d+">', response.text)
    assert new, "the match is a box to tick"
    # Ticked and saved with the form's own button, the visit has both.
    data.pop("members_search")
    response = client.post(url, {**data, "members": [chosen.pk, new.group(1)]})
    assert response.status_code == 302
    visit = CareVisit.objects.get()
    assert sorted(m.name for m in visit.members.all()) == ["李明", "王建国"]
