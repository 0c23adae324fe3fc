"""Setting up a school without a developer: the district creates, renames and archives schools
and names each chair (a one-time password the chair must change); the chair sets up departments,
the school year and the congress body; the first-run checklist is ticked by the records."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.clock import morning_of
from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_care import load_rules
from tests.personas import chair_of, district_admin_of, member_of, treasurer_of
from unionhall.dues.services import dues_settings_update
from unionhall.funds.services import opening_balance_enter
from unionhall.orgs import services
from unionhall.orgs.models import Organisation, User
from unionhall.orgs.selectors import name_on, school_year_dates
from unionhall.plans.services import plan_create_from_template

TODAY = dt.date(2026, 3, 20)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(morning_of(TODAY), tick=False)]


@pytest.fixture
def district(school):
    return school.parent


@pytest.fixture
def admin(district):
    return district_admin_of(district)


def test_the_district_creates_a_school_and_names_its_chair(client, district, admin):
    client.force_login(admin)
    base = f"/o/{district.code}/schools/manage/"
    form = {"name": "申江区第二小学工会", "code": "sj-erxiao", "school_type": "primary"}
    response = client.post(base, {**form, "staff_count": "64"})
    assert response.status_code == 302
    school = Organisation.objects.get(code="sj-erxiao")
    assert (school.parent, school.staff_count, school.is_school) == (district, 64, True)
    # The same code again is refused, naming the field.
    response = client.post(base, {**form, "staff_count": "64"})
    assert "sj-erxiao" in response.content.decode() and response.status_code == 200

    response = client.post(
        f"{base}sj-erxiao/", {"action": "chair", "display_name": "周敏", "username": "zhoumin"}
    )
    page = client.get(response.url).content.decode()
    password = re.search(r"“zhoumin”[^“]*“([a-z0-9]{10})”", page)[1]
    chair = User.objects.get(username="zhoumin")
    assert chair.must_change_password and chair.check_password(password)
    assert chair.role_assignments.filter(org=school, role="chair").exists()
    assert password not in client.get(response.url).content.decode()  # shown once


def test_a_one_time_password_leads_to_the_password_change_first(client, district, admin):
    school = services.school_create(
        district=district,
        actor=admin,
        code="sj-x",
        name="X校工会",
        school_type="junior",
        staff_count=90,
    )
    chair, password = services.chair_appoint(
        district=district, actor=admin, school=school, username="chairx", display_name="陈主席"
    )
    assert client.login(username="chairx", password=password)
    response = client.get(f"/o/{school.code}/")
    assert response.status_code == 302 and response.url == "/password/"
    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "Shen-jiang-2026!",
            "new_password2": "Shen-jiang-2026!",
        },
    )
    assert response.status_code == 302
    chair.refresh_from_db()
    assert not chair.must_change_password
    assert client.get(f"/o/{school.code}/").status_code == 200


def test_renaming_keeps_the_old_name_for_earlier_days(district, admin, school):
    old = school.name
    services.school_rename(
        district=district,
        actor=admin,
        school=school,
        name="申江区实验学校工会",
        effective_on=dt.date(2026, 3, 1),
    )
    assert name_on(school, dt.date(2026, 2, 28)) == old
    assert name_on(school, dt.date(2026, 3, 1)) == "申江区实验学校工会"
    with pytest.raises(ValidationError):  # a second rename must take effect later
        services.school_rename(
            district=district,
            actor=admin,
            school=school,
            name="又一个名字",
            effective_on=dt.date(2026, 3, 1),
        )


def test_an_archived_school_leaves_the_overview_and_can_come_back(
    client, district, admin, school, other_school
):
    client.force_login(admin)
    client.post(f"/o/{district.code}/schools/manage/{school.code}/archive/")
    school.refresh_from_db()
    assert school.archived_at is not None
    overview = client.get(f"/o/{district.code}/schools/").content.decode()
    assert school.name not in overview and other_school.name in overview
    client.post(f"/o/{district.code}/schools/manage/{school.code}/archive/")
    school.refresh_from_db()
    assert school.archived_at is None


def test_only_the_district_administrator_sets_up_schools(client, district, school):
    client.force_login(chair_of(school))
    assert client.get(f"/o/{district.code}/schools/manage/").status_code == 404
    stranger_admin = district_admin_of(
        Organisation.objects.create(code="d2", name="另一区", kind="district")
    )
    client.force_login(stranger_admin)
    assert client.get(f"/o/d2/schools/manage/{school.code}/").status_code == 404


def test_the_chair_sets_up_departments_of_each_kind(client, school):
    client.force_login(chair_of(school))
    url = f"/o/{school.code}/departments/"
    for name, kind in (
        ("语文组", "subject"),
        ("初一年级组", "grade"),
        ("行政后勤", "administration"),
    ):
        assert client.post(url, {"name": name, "kind": kind, "sort_order": 0}).status_code == 302
    assert set(school.departments.values_list("kind", flat=True)) == {
        "subject",
        "grade",
        "administration",
    }
    response = client.post(url, {"name": "语文组", "kind": "subject", "sort_order": 0})
    assert response.status_code == 200 and "语文组" in response.content.decode()
    assert school.departments.count() == 3
    client.force_login(member_of(school))
    assert client.get(url).status_code == 403


def test_the_school_year_has_the_schools_own_dates(client, school):
    client.force_login(chair_of(school))
    response = client.post(
        f"/o/{school.code}/setup/",
        {"action": "year", "start_year": 2025, "starts_on": "2025-08-30", "ends_on": "2026-07-10"},
    )
    assert response.status_code == 302
    year = school_year_dates(school, 2025)
    assert (year.start, year.end) == (dt.date(2025, 8, 30), dt.date(2026, 7, 10))
    plan = plan_create_from_template(org=school, actor=chair_of(school), start_year=2025)
    assert plan.tasks.get(template_key="summer").due_on == dt.date(2026, 7, 10)


def test_the_congress_body_follows_the_staff_count_unless_the_chair_chooses(client, school):
    school.staff_count = 60
    school.save()
    assert school.congress_form_in_force == Organisation.CongressForm.ASSEMBLY
    school.staff_count = 80
    assert school.congress_form_in_force == Organisation.CongressForm.CONGRESS
    school.staff_count = 60
    client.force_login(chair_of(school))
    client.post(f"/o/{school.code}/setup/", {"action": "body", "congress_form": "congress"})
    school.refresh_from_db()
    assert school.congress_form_in_force == Organisation.CongressForm.CONGRESS


def _ticked(client, school) -> dict[str, str]:
    html = client.get(f"/o/{school.code}/setup/checklist/", HTTP_HX_REQUEST="true").content.decode()
    return dict(re.findall(r'data-step="(\w+)" data-done="(\w+)"', html))


def test_the_first_run_checklist_is_ticked_by_the_records(client, school):
    chair = chair_of(school)
    client.force_login(chair)
    assert set(_ticked(client, school).values()) == {"no"}
    assert "setup/checklist/" in client.get(f"/o/{school.code}/").content.decode()
    DepartmentFactory(org=school)
    MemberFactory(org=school)
    treasurer_of(school)
    load_rules(school)
    opening_balance_enter(
        org=school, actor=chair, date=dt.date(2026, 1, 1), amount=Decimal("1000.00"), note=""
    )
    dues_settings_update(
        org=school, actor=chair, default_rate=Decimal("0.005"), benefits_need_dues="warn"
    )
    plan_create_from_template(org=school, actor=chair, start_year=2025)
    ticked = _ticked(client, school)
    assert list(ticked) == [
        "departments",
        "members",
        "officers",
        "care_rules",
        "opening_balance",
        "dues_rate",
        "plan",
    ]
    assert set(ticked.values()) == {"yes"}


def test_the_schools_page_query_count_does_not_grow_with_the_schools(
    client, district, admin, school, django_assert_num_queries
):
    client.force_login(admin)
    url = f"/o/{district.code}/schools/manage/"
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(5):
        other = services.school_create(
            district=district,
            actor=admin,
            code=f"s-{n}",
            name=f"第{n}校工会",
            school_type="primary",
            staff_count=50,
        )
        services.school_rename(district=district, actor=admin, school=other, name=f"新{n}校工会")
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert html.count("/schools/manage/s-") == 5
