"""Every document a poll prints, as a reader holds it: rendered by LibreOffice on A4, read back
as text and images. The code slips scan (every QR code decodes to the entry page with its code in
the URL's fragment) and each code is on one line; the paper ballot fits its copies on a page; each
kind of poll has a report of its own."""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.urls import reverse
from docx import Document
from PIL import Image

from tests.factories_congress import make_congress
from tests.factories_polls import count_box, election, open_poll, survey, voters
from tests.personas import chair_of, member_of
from tests.rendering import page_images, pages_text, to_pdf
from unionhall.congress import services as congress_services
from unionhall.polls import documents, services
from unionhall.polls.models import Kind, Mode
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db]

BASE = "https://school.example.cn"


def _texts(document) -> str:
    """Every paragraph and cell a reader sees, one per line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def _flat(pages: list[str]) -> list[str]:
    """The printed pages without spaces (LibreOffice spaces digits from Chinese characters)."""
    return [page.replace(" ", "") for page in pages]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


# Code slips -------------------------------------------------------------------------------------


def test_code_entry_url_puts_the_code_in_the_fragment_of_the_public_entry_page(school):
    url = services.code_entry_url(BASE + "/", school.code, "ABCD3467")
    entry = reverse("polls_public:enter", kwargs={"org": school.code})
    assert url == f"{BASE}{entry}#ABCD3467"
    parts = urlsplit(url)
    assert "ABCD3467" not in parts.path + parts.query  # what a server log writes


def test_code_slips_scan_and_print_each_code_on_one_line(school, tmp_path):
    poll, codes, chair = survey(school, classes=("初一(1)班",), per_class=30)
    second = services.codes_issue(org=school, actor=chair, poll=poll, group="初一(2)班", count=24)
    used = codes["初一(1)班"][0]
    question = poll.questions.get(scale="satisfaction")
    services.ballot_cast(org=school, poll=poll, code=used.code, choices={question.pk: "satisfied"})
    expected = {c.code for c in codes["初一(1)班"][1:]} | {c.code for c in second}

    content = documents.code_slips(poll, base_url=BASE)
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 53  # the used code gets no slip
    text = _texts(document)
    assert text.count("学生评教") == 53 and text.count("初一(2)班") == 24

    pdf = to_pdf(content, tmp_path, "slips")
    pages = pages_text(pdf)
    # 24 slips a page, each class from a new page: 29 → 2 pages, 24 → 1 full page.
    assert len(pages) == 3
    assert "初一(2)班" not in pages[0] + pages[1] and "初一(1)班" not in pages[2]
    one_line = set()
    for page in pages:
        one_line |= set(re.findall(r"(?<![A-Z0-9])[A-Z0-9]{8}(?![A-Z0-9])", page))
    assert one_line >= expected  # every code whole on one line of the printed page
    assert used.code not in "".join(pages)

    entry = services.code_entry_url(BASE, school.code, "")
    decoded = []
    for index, image in enumerate(page_images(pdf, dpi=200)):
        found = [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
        assert len(found) == [24, 5, 24][index], f"page {index + 1}: {len(found)} QR codes read"
        decoded += found
    assert sorted(decoded) == sorted(f"{entry}{code}" for code in expected)
    assert all(urlsplit(url).fragment in expected for url in decoded)


def test_the_slips_page_downloads_with_the_sites_address(client, school):
    poll, codes, chair = survey(school, per_class=2)
    client.force_login(chair)
    response = client.get(reverse("polls:code_slips", kwargs={"org": school.code, "pk": poll.pk}))
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 4
    code = codes["初一(1)班"][0].code
    assert code in _texts(document)
    assert f"testserver/p/{school.code}/polls/" in _texts(document)


def test_the_slips_use_the_sites_configured_address(client, school, settings):
    settings.UNIONHALL_SITE_URL = "https://union.example.cn"
    poll, _codes, chair = survey(school, classes=("初一(1)班",), per_class=1)
    client.force_login(chair)
    response = client.get(reverse("polls:code_slips", kwargs={"org": school.code, "pk": poll.pk}))
    text = _texts(Document(io.BytesIO(response.content)))
    assert f"union.example.cn/p/{school.code}/polls/" in text
    assert "testserver" not in text


# Paper ballots ----------------------------------------------------------------------------------


def test_the_paper_ballot_lists_each_body_with_its_limit_and_write_in_lines(
    client, school, tmp_path
):
    poll, _committee, _audit_body, chair, _people = election(school, mode=Mode.PAPER, seats=2)
    client.force_login(chair)
    response = client.get(
        reverse("polls:paper_ballots", kwargs={"org": school.code, "pk": poll.pk})
    )
    assert response.status_code == 200
    content = response.content
    document = Document(io.BytesIO(content))
    copies = documents.ballots_per_page(poll)
    assert copies == 2
    text = _texts(document)
    assert text.count("第五届工会委员会选举选票") == copies
    assert text.count("工会委员会委员（最多选2人，多选的选票无效。）") == copies
    assert text.count("经费审查委员会委员（最多选1人，多选的选票无效。）") == copies
    first = _rows(document.tables[0])
    assert [row[0] for row in first] == [
        "候选人",
        "王芳",
        "李明",
        "张伟",
        "另选他人：________",
        "另选他人：________",
    ]
    assert "画“○”" in text and "不赞成的画“×”" in text

    pages = pages_text(to_pdf(content, tmp_path, "ballot"))
    assert len(pages) == 1  # two whole ballots on one A4 page
    printed = pages[0].replace(" ", "")
    assert printed.count("第五届工会委员会选举选票") == 2
    assert printed.count("最多选2人，多选的选票无效。") == 2


def test_only_a_paper_poll_prints_ballots(client, school):
    poll, *_rest, chair, _people = election(school, mode=Mode.ONLINE)
    client.force_login(chair)
    url = reverse("polls:paper_ballots", kwargs={"org": school.code, "pk": poll.pk})
    assert client.get(url).status_code == 404


def test_an_evaluation_ballot_has_a_row_per_item_and_a_box_per_grade(school, tmp_path):
    poll, *_rest = _evaluation(school, ballots=False)
    content = documents.paper_ballots(poll)
    document = Document(io.BytesIO(content))
    copies = documents.ballots_per_page(poll)
    assert copies == 2
    text = _texts(document)
    assert text.count("2025年度校级领导民主测评选票") == copies
    assert text.count("测评项目 | 好 | 较好 | 一般 | 差") == copies  # 工作实绩 of both leaders
    assert text.count("测评项目 | 优秀 | 称职 | 基本称职 | 不称职") == copies
    assert text.count("林校长 · 综合评价 |  |  |  | ") == copies
    assert text.count("对林校长的意见") == copies
    pages = _flat(pages_text(to_pdf(content, tmp_path, "evaluation-ballot")))
    assert len(pages) == 1
    assert pages[0].count("测评项目优秀称职基本称职不称职") == copies
    assert pages[0].count("陈副校长·工作实绩") == copies


# Result reports ---------------------------------------------------------------------------------


def _elected(school, *, voters_n=9, ballots=9):
    poll, committee, audit_body, chair, people = election(school, voters_n=voters_n)
    open_poll(school, chair, poll)
    wang, li, zhang = (committee.options.get(label=n) for n in ("王芳", "李明", "张伟"))
    zhao = audit_body.options.get()
    for i, person in enumerate(people[:ballots]):
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                committee.pk: {
                    wang.pk: "approve",
                    li.pk: "approve" if i < 6 else "reject",
                    zhang.pk: "abstain" if i < 4 else "reject",
                },
                audit_body.pk: {zhao.pk: "approve"},
            },
        )
    poll = count_box(school, chair, poll)
    return poll, chair


def test_the_election_report_reads_like_the_chairs_report(client, school, tmp_path):
    poll, chair = _elected(school)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    client.force_login(chair)
    response = client.get(reverse("polls:report", kwargs={"org": school.code, "pk": poll.pk}))
    assert response["Content-Disposition"].endswith(f'election-{poll.pk}.docx"')
    content = response.content
    document = Document(io.BytesIO(content))
    text = _texts(document)
    assert "选举结果报告" in text
    assert _rows(document.tables[0]) == [
        ["应到人数", "实到人数", "发出选票", "收回选票", "有效票", "无效票"],
        ["9", "9", "9", "9", "9", "0"],
    ]
    assert _rows(document.tables[1]) == [
        ["候选人", "同意", "不同意", "弃权", "结果"],
        ["王芳", "9", "0", "0", "当选"],
        ["李明", "6", "3", "0", "当选"],
        ["张伟", "0", "5", "4", "未当选"],
    ]
    assert "工会委员会委员：王芳、李明" in text
    assert "经费审查委员会委员：赵敏" in text
    assert "总监票人：" in text

    printed = pages_text(to_pdf(content, tmp_path, "election"))
    pages = _flat(printed)
    assert len(pages) == 2
    # Each header and each row of counts on one printed line: nothing wraps inside a cell.
    assert "\n应到人数实到人数发出选票收回选票有效票无效票\n" in pages[0]
    assert re.search(r"^\s*9\s+9\s+9\s+9\s+9\s+0\s*$", printed[0], re.M)
    assert "\n候选人同意不同意弃权结果\n" in pages[0]
    assert "\n李明630当选\n" in pages[0]
    last = pages[-1]
    assert school.name in last and "总监票人" in last
    assert "经费审查委员会委员：赵敏" in last  # the signatures stay with the lines above them


def test_a_void_election_report_says_it_is_void_and_why(school):
    poll, _chair = _elected(school, ballots=5)  # 5 of 9: below two thirds
    assert poll.void_reason
    document = Document(io.BytesIO(documents.election_report(poll)))
    text = _texts(document)
    assert f"本次投票无效：{poll.void_reason}" in text
    assert "本次选举无效，无人当选。" in text
    assert "当选" not in text.replace("无人当选", "").replace("当选名单", "")
    assert len(document.tables) == 1


def _evaluation(school, *, ballots=True):
    chair = chair_of(school)
    people = voters(school, 4)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.EVALUATION,
        mode=Mode.ONLINE if ballots else Mode.PAPER,
        title="2025年度校级领导民主测评",
        held_on=dt.date.today(),
    )
    asked = {}
    for leader in ("林校长", "陈副校长"):
        for item, scale in (("工作实绩", "four"), ("综合评价", "grade")):
            asked[leader, item] = services.question_add(
                org=school,
                actor=chair,
                poll=poll,
                text=f"{leader} · {item}",
                subject=leader,
                scale=scale,
            )
    remark = services.question_add(
        org=school, actor=chair, poll=poll, text="对林校长的意见", subject="林校长", scale="comment"
    )
    if not ballots:
        return poll, asked, chair
    open_poll(school, chair, poll)
    grades = ["excellent", "excellent", "competent", "basic"]
    for person, grade in zip(people, grades, strict=True):
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                asked["林校长", "工作实绩"].pk: "good",
                asked["林校长", "综合评价"].pk: grade,
                asked["陈副校长", "工作实绩"].pk: "fair",
                asked["陈副校长", "综合评价"].pk: "competent",
                remark.pk: "希望多听课" if grade == "basic" else "",
            },
        )
    poll = count_box(school, chair, poll)
    return poll, asked, chair


def test_the_evaluation_report_rates_each_person_apart(school, tmp_path):
    poll, _asked, _chair = _evaluation(school)
    content = documents.evaluation_report(poll, register=5)
    document = Document(io.BytesIO(content))
    text = _texts(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["林校长", "陈副校长"]
    assert _rows(document.tables[0]) == [
        ["在册人数", "参加测评人数", "占在册人数比例"],
        ["5", "4", "80.0%"],
    ]
    lin_four, lin_grade, chen_four, chen_grade = document.tables[1:5]
    assert _rows(lin_four) == [
        ["测评项目", "好", "较好", "一般", "差", "好评率"],
        ["工作实绩", "4 (100.0%)", "0 (0.0%)", "0 (0.0%)", "0 (0.0%)", "100.0%"],
    ]
    assert _rows(lin_grade)[0] == ["测评项目", "优秀", "称职", "基本称职", "不称职", "称职率"]
    assert _rows(lin_grade)[1] == [
        "综合评价",
        "2 (50.0%)",
        "1 (25.0%)",
        "1 (25.0%)",
        "0 (0.0%)",
        "75.0%",
    ]
    assert _rows(chen_four)[1][-1] == "0.0%"
    assert _rows(chen_grade)[1][-1] == "100.0%"
    assert "1. 希望多听课" in text

    pages = _flat(pages_text(to_pdf(content, tmp_path, "evaluation")))
    joined = "\n".join(pages)
    assert "4(100.0%)" in joined and "2(50.0%)" in joined  # each cell on one line
    assert not re.search(r"\(\d+\.\d%\n", joined)
    assert school.name in pages[-1] and "希望多听课" in pages[-1]


def _satisfaction(school):
    chair = chair_of(school)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="2025学年第一学期学生评教",
        held_on=dt.date.today(),
    )
    asked = {}
    for teacher in ("王老师", "刘老师"):
        asked[teacher] = services.question_add(
            org=school,
            actor=chair,
            poll=poll,
            text=f"你对{teacher}的教学满意吗？",
            subject=teacher,
            scale="satisfaction",
        )
        asked[teacher, "comment"] = services.question_add(
            org=school,
            actor=chair,
            poll=poll,
            text=f"想对{teacher}说的话",
            subject=teacher,
            scale="comment",
        )
    codes = {
        c: services.codes_issue(org=school, actor=chair, poll=poll, group=c, count=6)
        for c in ("初一(1)班", "初一(2)班")
    }
    open_poll(school, chair, poll)
    answers = {"初一(1)班": ["satisfied", "fairly", "basic", "dissatisfied", "unknown"]}
    answers["初一(2)班"] = ["satisfied", "satisfied"]  # 2 of 6: below two thirds
    for group, values in answers.items():
        for code, value in zip(codes[group], values, strict=False):
            services.ballot_cast(
                org=school,
                poll=poll,
                code=code.code,
                choices={
                    asked["王老师"].pk: value,
                    asked["刘老师"].pk: "satisfied",
                    asked["王老师", "comment"].pk: f"王老师{value}",
                    asked["刘老师", "comment"].pk: "刘老师讲得好" if value == "fairly" else "",
                },
            )
    poll = count_box(school, chair, poll)
    return poll, chair


def test_the_satisfaction_report_rates_each_teacher_per_class_with_comments(
    client, school, tmp_path
):
    poll, chair = _satisfaction(school)
    client.force_login(chair)
    response = client.get(reverse("polls:report", kwargs={"org": school.code, "pk": poll.pk}))
    assert response["Content-Disposition"].endswith(f'satisfaction-{poll.pk}.docx"')
    content = response.content
    document = Document(io.BytesIO(content))
    text = _texts(document)
    assert "满意度测评情况报告" in text
    assert "候选人" not in text and "当选" not in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["刘老师", "王老师", "意见和建议"]
    liu, wang = document.tables
    assert _rows(wang) == [
        ["班级", "用码数/发码数", "参与率", "满意率"],
        ["初一(1)班", "5/6", "83.3%", "75.0%"],  # 3 of 4 (不了解 left out)
        ["初一(2)班", "2/6", "33.3%", "未达参与要求"],
        ["计入结果的班级合计", "5/6", "83.3%", "75.0%"],
    ]
    assert _rows(liu)[1] == ["初一(1)班", "5/6", "83.3%", "100.0%"]
    comments = [p.text for p in document.paragraphs]
    at_wang = comments.index("王老师", comments.index("意见和建议"))
    assert comments[at_wang + 1 : at_wang + 3] == ["1. 王老师basic", "2. 王老师dissatisfied"]
    assert "1. 刘老师讲得好" in comments

    pages = _flat(pages_text(to_pdf(content, tmp_path, "satisfaction")))
    joined = "\n".join(pages)
    assert "\n班级用码数/发码数参与率满意率\n" in joined  # headers on one line
    assert "1.刘老师讲得好" in joined
    assert "\n初一(2)班2/633.3%未达参与要求\n" in joined
    assert school.name in pages[-1]


def test_a_resolution_report_gives_the_votes_and_whether_it_passed(school):
    congress = make_congress(school, reps=5)
    resolution = congress_services.resolution_create(
        org=school, actor=congress.chair, session=congress.session, title="教职工绩效工资分配方案"
    )
    poll = services.resolution_poll_create(org=school, actor=congress.chair, resolution=resolution)
    poll = open_poll(school, congress.chair, poll)
    question = poll.questions.get()
    for user, value in zip(congress.rep_users[:4], ["for", "for", "for", "against"], strict=True):
        services.ballot_cast(org=school, poll=poll, user=user, choices={question.pk: value})
    poll = count_box(school, congress.chair, poll)
    content, filename = documents.report(poll, register=0)
    assert filename == f"resolution-{poll.pk}.docx"
    document = Document(io.BytesIO(content))
    assert "决议表决结果报告" in _texts(document)
    assert _rows(document.tables[1]) == [["赞成", "反对", "弃权", "结果"], ["3", "1", "0", "通过"]]
    assert "候选人" not in _texts(document)


def test_the_signature_never_stands_alone_on_the_last_page(school, tmp_path):
    """Eleven comments end the first page right where the signature would go: it takes the last
    comments with it to the second page instead of standing there alone."""
    chair = chair_of(school)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教",
        held_on=dt.date.today(),
    )
    rating = services.question_add(
        org=school, actor=chair, poll=poll, text="王老师", subject="王老师", scale="satisfaction"
    )
    comment = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="想对王老师说的话",
        subject="王老师",
        scale="comment",
    )
    codes = services.codes_issue(org=school, actor=chair, poll=poll, group="初一(1)班", count=11)
    open_poll(school, chair, poll)
    for i, code in enumerate(codes):
        services.ballot_cast(
            org=school,
            poll=poll,
            code=code.code,
            choices={rating.pk: "satisfied", comment.pk: f"意见{i:02d}"},
        )
    poll = count_box(school, chair, poll)
    pages = _flat(pages_text(to_pdf(documents.satisfaction_report(poll), tmp_path, "signed")))
    assert len(pages) == 2
    assert school.name in pages[1]
    assert "11.意见10" in pages[1]  # the last comment came along


def test_a_member_reads_the_published_survey_without_the_comments(client, school):
    poll, chair = _satisfaction(school)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    client.force_login(member_of(school))
    response = client.get(reverse("polls:report", kwargs={"org": school.code, "pk": poll.pk}))
    text = _texts(Document(io.BytesIO(response.content)))
    assert "初一(1)班 | 5/6 | 83.3% | 75.0%" in text
    assert "意见和建议" not in text and "讲得好" not in text
