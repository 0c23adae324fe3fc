"""Every read of an ID number, hardship or health detail is logged (who, whose, when); the chair
sees the log; a member sees, on My profile, who read their data."""

from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_care import record
from tests.personas import chair_of, member_of, welfare_of
from unionhall.core.models import SensitiveAccess


def _profile_of(client, school, member):
    client.force_login(member.user)
    return client.get(f"/o/{school.code}/me/").content.decode()


def test_a_member_sees_who_opened_their_page_in_the_register(client, school):
    chair = chair_of(school, display_name="章主席")
    member = MemberFactory(org=school, user=member_of(school), name="李会员")
    client.force_login(chair)
    client.get(f"/o/{school.code}/members/{member.pk}/")
    page = _profile_of(client, school, member)
    assert "章主席" in page and "会员名册中的会员页面" in page


def test_a_member_sees_no_reads_of_other_members(client, school):
    chair = chair_of(school, display_name="章主席")
    member = MemberFactory(org=school, user=member_of(school))
    other = MemberFactory(org=school)
    client.force_login(chair)
    client.get(f"/o/{school.code}/members/{other.pk}/")
    assert "章主席" not in _profile_of(client, school, member)


def test_an_illness_visit_read_is_logged_for_each_member_in_it(client, school):
    welfare = welfare_of(school, display_name="魏福利")
    member = MemberFactory(org=school, user=member_of(school))
    visit, _warnings = record(
        school, welfare, [member], kind="illness", illness="阑尾炎住院", is_cash=True
    )
    client.force_login(welfare)
    client.get(f"/o/{school.code}/care/{visit.pk}/")
    logged = SensitiveAccess.objects.get(object_id=member.pk)
    assert logged.actor == welfare and logged.fields == "illness"
    assert "魏福利" in _profile_of(client, school, member)


def test_the_member_list_showing_hardship_logs_a_read_for_each_hardship_member(client, school):
    chair = chair_of(school)
    poor = MemberFactory(org=school, hardship="severe")
    MemberFactory(org=school)
    client.force_login(chair)
    client.get(f"/o/{school.code}/members/")
    assert list(SensitiveAccess.objects.values_list("object_id", "purpose")) == [
        (poor.pk, "member_list")
    ]


def test_an_export_logs_a_read_for_each_member_in_the_file(client, school):
    chair = chair_of(school, display_name="章主席")
    maths = DepartmentFactory(org=school)
    members = MemberFactory.create_batch(3, org=school, department=maths)
    members.append(MemberFactory(org=school, user=member_of(school), department=maths))
    MemberFactory(org=school)  # not in the file
    client.force_login(chair)
    client.get(f"/o/{school.code}/members/export.xlsx", {"department": maths.pk})
    logged = SensitiveAccess.objects.filter(purpose="member_export")
    assert sorted(logged.values_list("object_id", flat=True), key=str) == sorted(
        [None] + [m.pk for m in members], key=str
    )
    assert {(r.org, r.actor, r.content_type.model, r.fields) for r in logged} == {
        (school, chair, "member", "id_number,hardship,hardship_note")
    }
    page = _profile_of(client, school, members[-1])
    assert "章主席" in page and "会员名册导出" in page


def test_the_chair_sees_the_log_of_reads(client, school):
    welfare = welfare_of(school, display_name="魏福利")
    member = MemberFactory(org=school, name="王困难", hardship="severe")
    client.force_login(welfare)
    client.get(f"/o/{school.code}/members/{member.pk}/")
    client.force_login(chair_of(school))
    page = client.get(f"/o/{school.code}/sensitive-reads/").content.decode()
    assert "魏福利" in page and "王困难" in page and "身份证号" in page


def test_only_the_chair_sees_the_log(client, school):
    for user in (member_of(school), welfare_of(school)):
        client.force_login(user)
        assert client.get(f"/o/{school.code}/sensitive-reads/").status_code == 403


def test_the_log_shows_no_other_schools_reads(client, school, other_school):
    theirs = MemberFactory(org=other_school, name="外校会员")
    client.force_login(chair_of(other_school))
    client.get(f"/o/{other_school.code}/members/{theirs.pk}/")
    client.force_login(chair_of(school))
    assert "外校会员" not in client.get(f"/o/{school.code}/sensitive-reads/").content.decode()


def test_the_log_page_runs_a_fixed_number_of_queries(client, school, django_assert_num_queries):
    chair = chair_of(school)
    client.force_login(chair)
    for member in MemberFactory.create_batch(5, org=school):
        client.get(f"/o/{school.code}/members/{member.pk}/")
    with django_assert_num_queries(7):
        client.get(f"/o/{school.code}/sensitive-reads/")
    for member in MemberFactory.create_batch(20, org=school):
        client.get(f"/o/{school.code}/members/{member.pk}/")
    with django_assert_num_queries(7):
        client.get(f"/o/{school.code}/sensitive-reads/")
