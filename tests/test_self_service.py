from tests.factories import MemberFactory
from tests.personas import member_of
from unionhall.members.models import Member


def test_a_member_edits_their_own_mobile_and_nothing_else(client, school):
    user = member_of(school)
    me = MemberFactory(org=school, user=user, mobile="13800000000", post="二级教师")
    client.force_login(user)
    response = client.post(
        f"/o/{school.code}/me/", {"mobile": "13911112222", "post": "校长", "hardship": "severe"}
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.mobile == "13911112222"
    assert me.post == "二级教师" and me.hardship == ""


def test_a_member_sees_their_own_id_masked_and_no_one_elses_details(client, school):
    user = member_of(school)
    me = MemberFactory(org=school, user=user)
    other = MemberFactory(org=school, hardship="severe", hardship_note="家庭困难")
    client.force_login(user)
    page = client.get(f"/o/{school.code}/me/").content.decode()
    assert me.id_number_masked in page and me.id_number not in page
    assert other.name not in page and "家庭困难" not in page
    assert client.get(f"/o/{school.code}/members/{other.pk}/").status_code == 403


def test_a_bad_mobile_number_is_refused(client, school):
    user = member_of(school)
    me = MemberFactory(org=school, user=user, mobile="13800000000")
    client.force_login(user)
    response = client.post(f"/o/{school.code}/me/", {"mobile": "12345"})
    assert response.status_code == 200 and response.context["form"].errors["mobile"]
    assert Member.objects.get(pk=me.pk).mobile == "13800000000"
