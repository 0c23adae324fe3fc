"""A user of school A can never read or change school B's rows, through any URL."""

import pytest

from tests.factories import MemberFactory, UserFactory
from tests.personas import chair_of
from unionhall.members.models import Member, MemberImport


@pytest.fixture
def setup(client, school, other_school):
    chair = chair_of(school)
    theirs = MemberFactory(org=other_school, name="外校会员", mobile="13700000000")
    client.force_login(chair)
    return school, other_school, theirs


@pytest.mark.parametrize("suffix", ["", "edit/", "photo/"])
def test_another_schools_member_is_not_found_through_our_urls(client, setup, suffix):
    school, _other, theirs = setup
    assert client.get(f"/o/{school.code}/members/{theirs.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_another_schools_urls_are_not_found(client, setup, suffix):
    _school, other, theirs = setup
    assert client.get(f"/o/{other.code}/members/{theirs.pk}/{suffix}").status_code == 404


def test_a_forged_edit_of_another_schools_member_changes_nothing(client, setup):
    school, _other, theirs = setup
    before = Member.objects.values().get(pk=theirs.pk)
    response = client.post(
        f"/o/{school.code}/members/{theirs.pk}/edit/",
        {
            "name": "篡改",
            "gender": "M",
            "id_number": theirs.id_number,
            "mobile": "13900000000",
            "department": theirs.department_id,
        },
    )
    assert response.status_code == 404
    assert Member.objects.values().get(pk=theirs.pk) == before


def test_a_forged_event_for_another_schools_member_changes_nothing(client, setup):
    school, _other, theirs = setup
    response = client.post(
        f"/o/{school.code}/members/{theirs.pk}/event/", {"kind": "death", "date": "2026-01-01"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "active" and not theirs.events.filter(kind="death").exists()


def test_a_member_of_another_school_cannot_be_added_to_our_department(client, setup):
    school, _other, theirs = setup
    response = client.post(
        f"/o/{school.code}/members/new/",
        {
            "name": "新人",
            "gender": "M",
            "id_number": "11010519491231002X",
            "department": theirs.department_id,
        },
    )
    assert response.status_code == 200 and "department" in response.context["form"].errors
    assert not Member.objects.filter(org=school).exists()


def test_another_schools_import_cannot_be_confirmed(client, setup, tmp_path):
    school, other, _theirs = setup
    from django.core.files.base import ContentFile

    batch = MemberImport.objects.create(
        org=other,
        uploaded_by=UserFactory(),
        filename="x.xlsx",
        file=ContentFile(b"PK", name="x.xlsx"),
    )
    assert client.post(f"/o/{school.code}/members/import/{batch.pk}/").status_code == 404
    batch.refresh_from_db()
    assert batch.state == "preview"


def test_search_never_returns_another_schools_members(client, setup):
    school, _other, _theirs = setup
    page = client.get(f"/o/{school.code}/members/", {"q": "外校"}).content.decode()
    assert "外校会员" not in page
    page = client.get(f"/o/{school.code}/members/", {"q": "137"}).content.decode()
    assert "外校会员" not in page


def test_export_holds_only_our_members(client, setup):
    import io

    from openpyxl import load_workbook

    school, _other, _theirs = setup
    MemberFactory(org=school, name="本校会员")
    book = load_workbook(io.BytesIO(client.get(f"/o/{school.code}/members/export.xlsx").content))
    names = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["本校会员"]
