"""Documents, exports and the digest say whole sentences, in Chinese and in English alike."""

import datetime as dt
import io

from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_care import record
from tests.factories_congress import accept, make_congress, submit
from tests.personas import welfare_of
from unionhall.care.reminders import digest, digest_text
from unionhall.congress.documents import proposal_form_docx
from unionhall.members import exports
from unionhall.members.models import Member
from unionhall.reports import documents


def _in(language: str, make):
    with translation.override(language):
        return make()


def test_the_care_digest(school):
    chinese = DepartmentFactory(org=school, name="语文组")
    born = dt.date(1980, 3, 1)
    MemberFactory(org=school, name="王秀英", department=chinese, birth_date=dt.date(1985, 10, 20))
    # the 2nd day of the 9th lunar month, which in 2025 is 10-22; retired, so Double Ninth is hers
    MemberFactory(
        org=school,
        name="李桂兰",
        department=chinese,
        birth_date=dt.date(1970, 10, 1),
        lunar_birthday=True,
        status="retired",
    )
    ill = [
        MemberFactory(org=school, name=name, department=chinese, birth_date=born)
        for name in ("张伟", "刘洋")
    ]
    record(
        school, welfare_of(school), ill, kind="illness", illness="流感", date=dt.date(2025, 10, 10)
    )
    found = digest(org=school, today=dt.date(2025, 10, 15), days=14)
    assert _in("zh-hans", lambda: digest_text(found)).splitlines() == [
        "2025-10-15慰问提醒（未来 14 天）",
        "",
        "生日：2 人",
        "  10-20 王秀英 · 语文组",
        "  10-22（农历） 李桂兰 · 语文组",
        "",
        "节日：1 个",
        "  重阳节（敬老节）（2025-10-29），须在2025-10-29前慰问：共 1 名会员，1 名尚未慰问",
        "",
        "本年度尚未慰问的困难会员：0 人",
        "",
        "住院：1 人",
        "  刘洋、张伟，自2025-10-10起住院（流感）",
    ]
    assert _in("en", lambda: digest_text(found)).splitlines() == [
        "Care reminders for 2025-10-15 (next 14 days)",
        "",
        "Birthdays: 2",
        "  10-20 王秀英 · 语文组",
        "  10-22 (lunar) 李桂兰 · 语文组",
        "",
        "Festivals: 1",
        "  Double Ninth (elders' day) on 2025-10-29, visit by 2025-10-29: "
        "1 member, 1 not yet visited",
        "",
        "Hardship members not yet visited this year: 0",
        "",
        "In hospital: 1",
        "  刘洋, 张伟 since 2025-10-10 (流感)",
    ]


def test_the_proposal_form_names_the_departments_and_signers(school):
    c = make_congress(school)
    proposal = accept(c, submit(c, cosigners=(1, 2)))
    signers = (c.reps[1].name, c.reps[2].name)

    def cells(language: str) -> dict[str, str]:
        content = _in(language, lambda: proposal_form_docx(proposal))
        table = Document(io.BytesIO(content)).tables[0]
        return {row.cells[0].text: row.cells[1].text for row in table.rows}

    chinese = cells("zh-hans")
    assert chinese["主办部门"] == "教务处（协办：总务处）"
    assert chinese["附议人"] in {"、".join(signers), "、".join(reversed(signers))}
    english = cells("en")
    assert english["Lead department"] == "教务处 (supported by 总务处)"
    assert english["Co-signers"] in {", ".join(signers), ", ".join(reversed(signers))}


def test_the_member_spreadsheets(school):
    for name in ("语文组", "数学组"):
        DepartmentFactory(org=school, name=name)
    departments = [d.name for d in school.departments.all()]

    def guide(language: str) -> list[str]:
        book = load_workbook(io.BytesIO(_in(language, lambda: exports.template_bytes(org=school))))
        return [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]

    assert f"本单位的部门：{'、'.join(departments)}" in guide("zh-hans")
    assert f"Departments of this union: {', '.join(departments)}" in guide("en")

    def sheet_title(language: str) -> str:
        members = Member.objects.filter(org=school)
        content = _in(language, lambda: exports.register_bytes(members=members, sensitive=False))
        return load_workbook(io.BytesIO(content)).worksheets[0].title

    today = dt.date.today().isoformat()
    assert sheet_title("zh-hans") == f"会员 {today}"
    assert sheet_title("en") == f"Members {today}"


def _docx(*lines: str) -> bytes:
    page = Document()
    for line in lines:
        page.add_paragraph(line)
    buffer = io.BytesIO()
    page.save(buffer)
    return buffer.getvalue()


def _refusal(language: str, school, *lines: str) -> str:
    def render():
        try:
            documents.render(documents.sample_summary(school), _docx(*lines))
        except documents.TemplateBroken as error:
            return str(error)
        raise AssertionError("the template was accepted")

    return _in(language, render)


def test_a_broken_summary_template_is_refused_in_a_whole_sentence(school):
    assert (
        _refusal("zh-hans", school, "{{ org_name }")
        == "模板标签有误（模板文本第 2 行附近）：unexpected '}'"
    )
    assert (
        _refusal("en", school, "{{ org_name }")
        == "The template has a tag error near line 2 of the template text: unexpected '}'"
    )
    assert _refusal("zh-hans", school, "{{ nosuch.x }}") == "模板标签有误：'nosuch' is undefined"
    assert (
        _refusal("en", school, "{{ nosuch.x }}")
        == "The template has a tag error: 'nosuch' is undefined"
    )
