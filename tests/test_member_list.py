import pytest

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of, leader_of, member_of
from unionhall.core.models import SensitiveAccess


@pytest.fixture
def chair_client(client, school):
    client.force_login(chair_of(school))
    return client


def _list(client, school, **params):
    return client.get(f"/o/{school.code}/members/", params)


def test_it_finds_a_member_by_name_and_by_pinyin_initials(chair_client, school):
    MemberFactory(org=school, name="张晓燕")
    MemberFactory(org=school, name="李国强")
    by_name = _list(chair_client, school, q="晓燕").content.decode()
    assert "张晓燕" in by_name and "李国强" not in by_name
    by_initials = _list(chair_client, school, q="lgq").content.decode()
    assert "李国强" in by_initials and "张晓燕" not in by_initials


def test_it_filters_by_department_status_gender_and_hardship(chair_client, school):
    maths = DepartmentFactory(org=school, name="数学组")
    chinese = DepartmentFactory(org=school, name="语文组")
    MemberFactory(org=school, name="王数学", department=maths)
    MemberFactory(org=school, name="赵语文", department=chinese, status="retired")
    MemberFactory(org=school, name="钱困难", department=chinese, hardship="severe", gender="F")
    page = _list(chair_client, school, department=maths.pk).content.decode()
    assert "王数学" in page and "赵语文" not in page
    page = _list(chair_client, school, status="retired").content.decode()
    assert "赵语文" in page and "王数学" not in page
    page = _list(chair_client, school, hardship="any").content.decode()
    assert "钱困难" in page and "王数学" not in page


def test_it_pages_fifty_members_at_a_time(chair_client, school):
    MemberFactory.create_batch(55, org=school)
    first = _list(chair_client, school)
    assert len(first.context["page"].object_list) == 50
    assert len(_list(chair_client, school, page=2).context["page"].object_list) == 5


def test_htmx_requests_get_only_the_results(chair_client, school):
    MemberFactory(org=school, name="孙丽")
    response = chair_client.get(f"/o/{school.code}/members/", {"q": "孙"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "孙丽" in body and "<html" not in body and 'id="results"' in body


def test_query_count_does_not_grow_with_members(chair_client, school, django_assert_num_queries):
    MemberFactory.create_batch(3, org=school)
    # session, user, roles, unread notices, departments (filter form), the total, the page
    with django_assert_num_queries(7):
        assert _list(chair_client, school).status_code == 200
    MemberFactory.create_batch(60, org=school)
    # … and the reads of hardship the page shows, logged in one statement
    MemberFactory.create_batch(12, org=school, hardship="severe")
    with django_assert_num_queries(8):
        page = _list(chair_client, school, sort="department", hardship="any")
    assert "共 12 名会员" in page.content.decode()
    assert SensitiveAccess.objects.filter(purpose="member_list").count() == 12


def test_hardship_is_hidden_from_roles_without_sensitive_access(client, school):
    MemberFactory(org=school, name="周困难", hardship="severe")
    client.force_login(leader_of(school))
    page = client.get(f"/o/{school.code}/members/", {"hardship": "any"}).content.decode()
    assert "特困" not in page and "Severe hardship" not in page
    # the filter is ignored rather than leaking who is in hardship
    assert "周困难" in page


def test_a_member_cannot_open_the_register(client, school):
    user = member_of(school)
    MemberFactory(org=school, user=user)
    client.force_login(user)
    assert _list(client, school).status_code == 403


def test_the_department_filter_offers_this_schools_departments_in_order(
    chair_client, school, other_school
):
    DepartmentFactory(org=school, name="英语组", sort_order=2)
    DepartmentFactory(org=school, name="数学组", sort_order=1)
    DepartmentFactory(org=other_school, name="别校组", sort_order=0)
    page = _list(chair_client, school).content.decode()
    select = page.split('name="department"')[1].split("</select>")[0]
    assert "别校组" not in select
    assert select.index("数学组") < select.index("英语组")


def _filter_row(html: str) -> str:
    return html.split('role="search"')[1].split("</form>")[0]


def test_the_filter_row_follows_the_departments_the_language_and_the_query(
    chair_client, school, settings
):
    """A department added or renamed shows at once in the filter row, in the reader's
    language, and the query's choices and search text (escaped) show as asked."""
    maths = DepartmentFactory(org=school, name="数学组")
    assert "数学组" in _filter_row(_list(chair_client, school).content.decode())
    maths.name = "数学教研组"
    maths.save()
    DepartmentFactory(org=school, name="体育组")
    row = _filter_row(_list(chair_client, school).content.decode())
    assert "数学教研组" in row and "体育组" in row

    chair_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _filter_row(_list(chair_client, school).content.decode())
    assert "All statuses" in english and "全部状态" not in english
    chair_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "All statuses" not in _filter_row(_list(chair_client, school).content.decode())

    asked = _filter_row(
        _list(chair_client, school, q='<b>"王', status="retired", sort="-joined").content.decode()
    )
    assert 'value="&lt;b&gt;&quot;王"' in asked
    assert '<option value="retired" selected>' in asked
    assert '<option value="-joined" selected>' in asked
    plain = _filter_row(_list(chair_client, school).content.decode())
    assert '<option value="retired" selected>' not in plain
    assert '<input type="search" name="q" id="id_q" value=""' in plain
