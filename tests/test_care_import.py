"""Importing a paper care ledger (慰问登记) from Excel: upload → preview with every error named
by row and column (the register and the care rules too) → confirm, all rows or none, each visit
with the date it happened."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import chair_of, member_of, welfare_of
from tests.xlsx import upload, xlsx_bytes
from unionhall.care import importer, services
from unionhall.care.models import CareImport, CareRecipient, CareVisit, Kind, Payer
from unionhall.core.importing import staged_rows
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.django_db

HEADER = [
    "日期*",
    "慰问类别*",
    "节日",
    "慰问对象*",
    "每人金额（元）*",
    "发放形式*",
    "支出渠道",
    "疾病或住院",
    "备注",
]
LAST_YEAR = timezone.localdate().year - 1
ACTIVE = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞", "徐明"]
ACTIVE += ["孙丽"]
RETIRED = ["马兰", "朱德平"]


def day(month: int, date: int) -> str:
    return f"{LAST_YEAR}-{month:02d}-{date:02d}"


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


@pytest.fixture
def register(school):
    load_rules(school)
    department = DepartmentFactory(org=school, name="语文组")
    members = {}
    for n, name in enumerate(ACTIVE):
        members[name] = MemberFactory(
            org=school, name=name, gender="F" if n % 2 == 0 else "M", department=department
        )
    for name in RETIRED:
        members[name] = MemberFactory(
            org=school,
            name=name,
            status="retired",
            retired_on=dt.date(2015, 7, 1),
            department=department,
        )
    return members


def ledger_rows() -> list[list]:
    """Last year's paper ledger: 25 rows, as a chair types it in."""
    rows = [
        [day(1, 20), "节日", "春节", "全体在职教职工", "500", "大米、食用油", "工会经费", "", ""],
        [day(3, 8), "三八节", "", "全体女会员", "200", "鲜花", "", "", ""],
        [day(9, 15), "节日", "中秋节", "全体在职教职工", "300", "月饼", "", "", ""],
        # The retirees' Double Ninth gift in cash, paid from the school's budget.
        [day(10, 11), "节日", "重阳", "全体退休人员", "300", "现金", "学校", "", "学校行政出资"],
    ]
    rows += [
        [day(n + 1, 5), "生日", "", name, "200", "蛋糕券", "", "", ""]
        for n, name in enumerate(ACTIVE)
    ]
    rows += [
        [day(2, 14), "住院", "", "张伟", "800", "现金", "", "阑尾炎手术", ""],
        [day(4, 2), "疾病或住院", "", "陈静", "500", "水果、牛奶", "", "骨折", ""],
        [day(6, 18), "疾病或住院", "", "马兰", "500", "现金", "", "肺炎", ""],
        [day(11, 3), "疾病或住院", "", "黄强", "1000", "现金", "工会", "心脏支架", ""],
        [day(5, 9), "困难帮扶", "", "刘洋", "2000", "现金", "", "", "大病致困"],
        [day(12, 1), "困难帮扶", "", "吴霞", "1000", "现金", "", "", ""],
        [day(5, 1), "结婚", "", "杨磊", "600", "现金", "", "", ""],
        [day(7, 20), "生育", "", "赵敏", "600", "现金", "", "", ""],
        [day(8, 30), "丧事", "", "周杰", "1000", "现金", "", "", "父亲去世"],
    ]
    return rows


def post_file(client, school, rows, name="慰问登记.xlsx"):
    return client.post(
        f"/o/{school.code}/care/import/",
        {"file": upload(xlsx_bytes(rows, header=HEADER), name)},
    )


def errors_of(response) -> list[str]:
    result = response.context.get("result")
    return [str(e) for e in (result.errors if result else [])]


def test_the_template_has_its_headings_in_chinese_whatever_the_language(
    client, school, chair, english
):
    response = client.get(f"/o/{school.code}/care/import/template/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header == HEADER
    guide = " ".join(str(c.value) for row in book.worksheets[1].iter_rows() for c in row)
    assert "全体在职教职工" in guide and "困难帮扶" in guide and "现金" in guide


def test_the_template_imports_once_its_examples_are_filled(client, school, chair, register):
    """The template as downloaded, with its example rows, reads without errors."""
    content = client.get(f"/o/{school.code}/care/import/template/").content
    book = load_workbook(io.BytesIO(content))
    rows = [tuple(c.value for c in row) for row in book.worksheets[0].iter_rows()]
    rows[1] = (day(1, 20), *rows[1][1:])
    rows[2] = (day(3, 12), *rows[2][1:3], "张伟", *rows[2][4:])
    result = importer.CareLedgerParser(org=school).parse(rows)
    assert result.ok, [str(e) for e in result.errors]


def test_a_25_row_paper_ledger_is_imported_with_its_dates(client, school, chair, register):
    response = post_file(client, school, ledger_rows())
    assert response.status_code == 302, errors_of(response)
    assert not CareVisit.objects.exists()
    preview = client.get(response.url)
    page = preview.content.decode()
    assert "25" in page and "阑尾炎手术" not in page  # illnesses are not shown on the preview
    assert "全体" not in page and "马兰、朱德平" in page

    confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    assert confirmed.url.endswith(f"?year={LAST_YEAR}")
    visits = CareVisit.objects.filter(org=school)
    assert visits.count() == 25
    batch = CareImport.objects.get()
    assert batch.state == CareImport.State.IMPORTED and batch.row_count == 25
    assert set(visits.values_list("source_import", flat=True)) == {batch.pk}
    assert set(visits.values_list("recorded_by", flat=True)) == {chair.pk}
    file_dates = sorted(dt.date.fromisoformat(row[0]) for row in ledger_rows())
    assert sorted(visits.values_list("date", flat=True)) == file_dates
    spring = visits.get(festival="spring")
    assert spring.recipients.count() == len(ACTIVE)
    assert visits.get(kind=Kind.ILLNESS, date=day(2, 14)).illness == "阑尾炎手术"
    # The school-funded cash gift to the retirees: recorded, no ledger entry.
    elders = visits.get(festival="double_ninth")
    assert elders.is_cash and elders.payer == Payer.ADMINISTRATION and elders.ledger_entry is None
    assert elders.recipients.count() == 2
    # A retiree's illness visit is paid by the school, as the care rules say.
    assert visits.get(kind=Kind.ILLNESS, date=day(6, 18)).payer == Payer.ADMINISTRATION
    union = sum(
        CareRecipient.objects.filter(org=school, payer=Payer.UNION).values_list(
            "amount", flat=True
        ),
        Decimal(0),
    )
    spent = -sum(LedgerEntry.objects.filter(org=school).values_list("amount", flat=True))
    assert spent == union
    # Confirming twice imports once.
    client.post(response.url)
    assert CareVisit.objects.count() == 25


def test_unknown_names_and_broken_rules_are_named_by_row_and_column(
    client, school, chair, register
):
    MemberFactory(org=school, name="李娜", department=DepartmentFactory(org=school, name="数学组"))
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = post_file(
        client,
        school,
        [
            [day(1, 20), "节日", "春节", "王芳", "500", "大米", "", "", ""],
            [day(2, 1), "生日", "", "李雷", "200", "蛋糕券", "", "", ""],
            [day(1, 21), "春节", "", "张伟", "500", "现金", "工会经费", "", ""],
            [day(3, 1), "生日", "", "刘洋", "200", "蛋糕券", "", "", ""],
            [day(4, 1), "生日", "", "刘洋", "200", "蛋糕券", "", "", ""],
            [future, "结婚", "", "杨磊", "600", "现金", "", "", ""],
            [day(5, 1), "生日", "", "李娜", "200", "蛋糕券", "", "", ""],
            [day(5, 2), "生日", "", "李娜（数学组）", "200", "蛋糕券", "", "", ""],
            [day(6, 1), "住院", "", "赵敏", "800", "现金", "", "", ""],
        ],
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert any(e.startswith("第3行 慰问对象") and "李雷" in e for e in errors), errors
    assert any(e.startswith("第4行 发放形式") and "不发现金" in e for e in errors), errors
    assert any(e.startswith("第6行 慰问类别") and "刘洋" in e for e in errors), errors
    assert any(e.startswith("第7行 日期") and future in e for e in errors), errors
    assert any(
        e.startswith("第8行 慰问对象") and "语文组" in e and "数学组" in e for e in errors
    ), errors
    assert any(e.startswith("第10行 疾病或住院") for e in errors), errors
    for good in ("第2行", "第5行", "第9行"):
        assert not any(e.startswith(good) for e in errors), errors
    assert not CareVisit.objects.exists() and not CareImport.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_rows_count_the_visits_recorded_before_the_file(client, school, chair, register):
    """The rules weigh what union funds already gave: an earlier birthday gift on the register
    makes the file's second one for that year a broken rule, naming the row."""
    record(school, chair, [register["孙丽"]], kind="birthday", date=dt.date(LAST_YEAR, 1, 2))
    response = post_file(
        client, school, [[day(12, 5), "生日", "", "孙丽", "200", "蛋糕券", "", "", ""]]
    )
    errors = errors_of(response)
    assert any(e.startswith("第2行 慰问类别") and "孙丽" in e for e in errors), errors


def test_a_failed_confirm_changes_nothing(school, register):
    """Between the preview and the confirmation a visit was recorded that a row now breaks a
    rule against: the confirmation checks the file again, names the row and records none of
    the rows."""
    officer = welfare_of(school)
    rows = [
        [day(1, 20), "节日", "春节", "全体在职教职工", "500", "大米", "", "", ""],
        [day(3, 1), "生日", "", "刘洋", "200", "蛋糕券", "", "", ""],
    ]
    batch = CareImport.objects.create(
        org=school,
        uploaded_by=officer,
        filename="慰问登记.xlsx",
        file=upload(xlsx_bytes(rows, header=HEADER)),
    )
    assert importer.CareLedgerParser(org=school).parse(staged_rows(batch)).ok
    record(school, officer, [register["刘洋"]], kind="birthday", date=dt.date(LAST_YEAR, 2, 1))
    before = (CareVisit.objects.count(), LedgerEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.care_import(org=school, actor=officer, batch=batch)
    assert any(m.startswith("第3行 慰问类别") and "刘洋" in m for m in refused.value.messages)
    assert (CareVisit.objects.count(), LedgerEntry.objects.count()) == before
    batch.refresh_from_db()
    assert batch.state == CareImport.State.PREVIEW


def test_an_expense_the_budget_refuses_refuses_the_file_by_row(school, register):
    """Under a budget that refuses overruns, the row whose union share has no budget line is
    named, and nothing of the file is recorded."""
    from unionhall.funds.services import budget_policy_set

    officer = chair_of(school)
    budget_policy_set(org=school, actor=officer, policy="refuse")
    rows = [[day(3, 1), "生日", "", "刘洋", "200", "蛋糕券", "", "", ""]]
    batch = CareImport.objects.create(
        org=school,
        uploaded_by=officer,
        filename="慰问登记.xlsx",
        file=upload(xlsx_bytes(rows, header=HEADER)),
    )
    with pytest.raises(ValidationError) as refused:
        services.care_import(org=school, actor=officer, batch=batch)
    assert refused.value.messages[0].startswith("第2行")
    assert not CareVisit.objects.exists() and not LedgerEntry.objects.exists()


def test_a_visit_before_the_member_joined_is_refused_by_row(client, school, chair, register):
    MemberFactory(org=school, name="新来", joined_on=dt.date(LAST_YEAR, 9, 1))
    response = post_file(
        client, school, [[day(3, 1), "生日", "", "新来", "200", "蛋糕券", "", "", ""]]
    )
    errors = errors_of(response)
    assert any(e.startswith("第2行 慰问对象") and f"{LAST_YEAR}-09-01" in e for e in errors)


def test_an_ordinary_member_may_not_import(client, school):
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/care/import/").status_code == 403
    assert client.get(f"/o/{school.code}/care/import/template/").status_code == 403


@pytest.mark.parametrize("rows", [2, 24])
def test_the_preview_costs_the_same_queries_whatever_the_rows(
    client, school, chair, register, rows, django_assert_num_queries
):
    names = ACTIVE * 2
    ledger = [
        [day(n % 12 + 1, 1), "疾病或住院", "", names[n], "300", "现金", "", f"住院{n}", ""]
        for n in range(rows)
    ]
    response = post_file(client, school, ledger)
    assert response.status_code == 302, errors_of(response)
    # session, user, roles, unread notices, the batch; the register, the care rules, the dues
    # settings and who has dues set; what union funds gave in the year of the rows.
    with django_assert_num_queries(10):
        page = client.get(response.url)
    assert page.status_code == 200
    assert f"导入 {rows} 条慰问记录" in page.content.decode()
