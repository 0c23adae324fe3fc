"""Logins for many members at once, on printed slips: the chair ticks members on the register (or
takes everyone without a login) and receives a .docx of A4 slips, each with the member's name,
username, one-time password and the login page as a QR code. The passwords are stored only
hashed and printed only in that answer; each must be changed at the first login. A chair gives
one member a new one-time password on a slip the same way."""

import io
import re

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from docx import Document
from PIL import Image

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of, member_of
from tests.rendering import page_images, pages_text, to_pdf
from unionhall.core.models import AuditEntry
from unionhall.members import services
from unionhall.members.models import Member, Status
from unionhall.orgs.models import User

pytestmark = pytest.mark.usefixtures("english")


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = []

    def walk(table):  # no merged cells on the slips: each cell once
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    walk(inner)

    for table in document.tables:
        walk(table)
    return "\n".join(parts)


def _passwords(content: bytes) -> dict[str, str]:
    """{username: one-time password} as printed."""
    text = _text(content)
    users = re.findall(r"Username: (\S+)", text)
    passwords = re.findall(r"One-time password:\n(\S+)", text)
    assert len(users) == len(passwords)
    return dict(zip(users, passwords, strict=True))


@pytest.fixture
def register(school):
    dept = DepartmentFactory(org=school, name="数学组")
    people = [
        MemberFactory(org=school, department=dept, name=f"会员{n:02d}", mobile=f"1390000{n:04d}")
        for n in range(11)
    ]
    people[10].mobile = ""
    people[10].save(update_fields=["mobile"])
    return people


def test_everyone_without_a_login_gets_a_slip_that_prints_whole_and_scans(
    client, school, register, tmp_path
):
    chair = chair_of(school)
    has_one = MemberFactory(org=school, name="已有账号", user=member_of(school))
    MemberFactory(org=school, name="已调出", status=Status.TRANSFERRED)
    client.force_login(chair)
    page = client.get(f"/o/{school.code}/members/logins/").content.decode()
    assert "会员00" in page and "会员10" in page
    assert "已有账号" not in page and "已调出" not in page

    response = client.post(f"/o/{school.code}/members/logins/", {"all": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    printed = _passwords(response.content)
    assert len(printed) == 11
    for member in register:
        member.refresh_from_db()
        user = member.user
        assert user is not None and user.must_change_password
        assert printed[user.username] not in user.password  # stored only hashed
        assert user.password.startswith("pbkdf2_onetime$20000$")
        assert user.check_password(printed[user.username])  # (re-hashed by the default)
    assert register[0].user.username == "13900000000"  # the mobile
    assert register[10].user.username == f"{school.code}{register[10].pk:04d}"  # no mobile
    has_one.refresh_from_db()
    assert User.objects.filter(pk=has_one.user_id, must_change_password=False).exists()
    # The audit says who gave them, and never the password.
    written = " ".join(str(e.changes) + str(e.summary) for e in AuditEntry.objects.all())
    assert not any(password in written for password in printed.values())

    # Printed on A4: 8 slips a page, each whole on its page, each QR code the login page.
    pdf = to_pdf(response.content, tmp_path, "slips")
    pages = pages_text(pdf)
    assert len(pages) == 2
    order = sorted(register, key=lambda m: m.name)
    for index, member in enumerate(order):
        page = pages[index // 8]
        assert member.name in re.sub(r"\s+", "", page)  # pdftotext spaces CJK from digits
        assert member.user.username in page
        assert printed[member.user.username] in page  # the password on one line
    decoded = []
    for index, image in enumerate(page_images(pdf, dpi=200)):
        found = [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
        assert len(found) == [8, 3][index]
        decoded += found
    assert set(decoded) == {"http://testserver/login/"}

    # A slip's holder logs in and must choose a password before anything else.
    client.logout()
    username = register[3].user.username
    assert client.login(username=username, password=printed[username])
    response = client.get(f"/o/{school.code}/me/")
    assert response.status_code == 302 and "password" in response["Location"]
    changed = client.post(
        response["Location"],
        {
            "old_password": printed[username],
            "new_password1": "Zhang-San-2025!",
            "new_password2": "Zhang-San-2025!",
        },
    )
    assert changed.status_code == 302
    user = User.objects.get(username=username)
    assert not user.must_change_password
    assert not user.password.startswith("pbkdf2_onetime")  # their own, with the default hasher
    assert client.get(f"/o/{school.code}/me/").status_code == 200


def test_only_the_ticked_members_get_a_login(client, school, register):
    client.force_login(chair_of(school))
    chosen = [register[2].pk, register[5].pk]
    response = client.post(f"/o/{school.code}/members/logins/", {"members": chosen})
    assert set(_passwords(response.content)) == {"13900000002", "13900000005"}
    assert set(Member.objects.filter(user__isnull=False).values_list("pk", flat=True)) == set(
        chosen
    )


def test_ticking_nobody_is_refused_with_a_message(client, school, register):
    client.force_login(chair_of(school))
    response = client.post(f"/o/{school.code}/members/logins/", {}, follow=True)
    assert "Choose the members to give a login to." in response.content.decode()
    assert not Member.objects.filter(user__isnull=False).exists()


def test_a_member_with_a_login_is_refused_by_name_and_nothing_is_issued(school, register):
    chair = chair_of(school)
    register[1].user = member_of(school)
    register[1].save(update_fields=["user"])
    logins = User.objects.count()
    with pytest.raises(ValidationError, match="Already have a login: 会员01"):
        services.member_logins_issue(org=school, actor=chair, members=register[:4])
    assert User.objects.count() == logins


def test_a_taken_mobile_gives_way_to_the_schools_code(school, register):
    User.objects.create_user(username="13900000004", password="x")
    issued = services.member_logins_issue(org=school, actor=chair_of(school), members=register[4:5])
    assert issued[0][1].username == f"{school.code}{register[4].pk:04d}"


def test_the_chair_prints_a_new_one_time_password_for_one_member(client, school, register):
    member = register[0]
    member.user = member_of(school, username="lz")
    member.user.set_password("old-secret-1")
    member.user.must_change_password = False
    member.user.save()
    member.save(update_fields=["user"])
    client.force_login(chair_of(school))
    detail = client.get(f"/o/{school.code}/members/{member.pk}/").content.decode()
    assert f"/members/{member.pk}/login/slip/" in detail
    response = client.post(f"/o/{school.code}/members/{member.pk}/login/slip/")
    (password,) = _passwords(response.content).values()
    member.user.refresh_from_db()
    assert member.user.check_password(password) and not member.user.check_password("old-secret-1")
    assert member.user.must_change_password
    assert "会员00" in _text(response.content)


def test_a_member_cannot_issue_logins(client, school, register):
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/members/logins/").status_code == 403
    response = client.post(f"/o/{school.code}/members/logins/", {"all": "1"})
    assert response.status_code == 403
    assert not Member.objects.filter(user__isnull=False).exists()


def test_the_logins_page_reads_in_a_fixed_number_of_queries(
    client, school, register, django_assert_num_queries
):
    client.force_login(chair_of(school))
    client.get(f"/o/{school.code}/members/logins/")
    with django_assert_num_queries(5):  # session, login, roles, school, the members waiting
        client.get(f"/o/{school.code}/members/logins/")
    MemberFactory.create_batch(10, org=school)
    with django_assert_num_queries(5):
        page = client.get(f"/o/{school.code}/members/logins/").content.decode()
    assert page.count('name="members"') == 21
