"""Every kind of vote, complete (issue 19, §2): the person rated on the evaluation's ballot,
results and Excel export; a satisfaction survey's results per teacher and class with the
comments for those who may read them; winners written into the registers with one
confirmation; the school's class list and questions from a spreadsheet of who teaches where."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MemberFactory
from tests.factories_polls import TODAY, count_box, election, open_poll, voters
from tests.personas import chair_of, member_of, user_with_role
from tests.xlsx import upload, xlsx_bytes
from unionhall.core.models import AuditEntry
from unionhall.honours.models import Honour
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import Role
from unionhall.polls import services
from unionhall.polls.models import Kind, Mode, Poll, Question, SchoolClass, VoteCode
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def url(school, name, **kwargs):
    return reverse(f"polls:{name}", kwargs={"org": school.code, **kwargs})


def publish(school, chair, poll):
    """Close the poll, open its sealed box at the count (two key holders), and publish."""
    poll = count_box(school, chair, poll)
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)


# 民主测评: the person rated ---------------------------------------------------------------------


def evaluation(school, *, voters_n=4, leaders=("林校长", "陈副校长")):
    chair = chair_of(school)
    people = voters(school, voters_n)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.EVALUATION,
        mode=Mode.ONLINE,
        title="校级领导民主测评",
        held_on=TODAY,
    )
    questions = {}
    for leader in leaders:
        questions[leader, "item"] = services.question_add(
            org=school, actor=chair, poll=poll, text="工作实绩", subject=leader, scale="four"
        )
        questions[leader, "overall"] = services.question_add(
            org=school, actor=chair, poll=poll, text="综合评价", subject=leader, scale="grade"
        )
    questions["remark"] = services.question_add(
        org=school, actor=chair, poll=poll, text="意见和建议", scale="comment"
    )
    open_poll(school, chair, poll)
    return poll, questions, chair, people


def test_an_evaluation_question_must_name_the_person_rated(client, school):
    chair = chair_of(school)
    poll = services.poll_create(
        org=school, actor=chair, kind=Kind.EVALUATION, mode=Mode.ONLINE, title="测评", held_on=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        services.question_add(org=school, actor=chair, poll=poll, text="综合评价", scale="grade")
    assert "Name the person rated" in str(refused.value)
    client.force_login(chair)
    page = client.post(
        url(school, "question_add", pk=poll.pk), {"text": "综合评价", "scale": "grade"}
    )
    assert page.status_code == 200
    assert "Name the person rated" in page.content.decode()
    assert not poll.questions.exists()
    leader = MemberFactory(org=school, name="林晓")
    chosen = client.post(
        url(school, "question_add", pk=poll.pk),
        {"text": "综合评价", "scale": "grade", "subject_member": leader.pk},
    )
    assert chosen.status_code == 302
    question = poll.questions.get()
    assert (question.subject, question.subject_member) == ("林晓", leader)
    # A comment is about nobody in particular.
    services.question_add(org=school, actor=chair, poll=poll, text="意见和建议", scale="comment")


def test_two_overall_grades_about_two_leaders_are_told_apart_on_the_ballot(client, school):
    poll, questions, _chair, people = evaluation(school)
    client.force_login(people[0].user)
    page = client.get(url(school, "vote", pk=poll.pk)).content.decode()
    assert page.count("综合评价") == 2
    assert "Rating: 林校长" in page
    assert "Rating: 陈副校长" in page
    # Each leader's name stands before that leader's own questions.
    lin = page.index("Rating: 林校长")
    chen = page.index("Rating: 陈副校长")
    assert lin < page.index(f'name="q{questions["林校长", "overall"].pk}"') < chen
    assert chen < page.index(f'name="q{questions["陈副校长", "overall"].pk}"')


def test_the_code_ballot_names_the_teacher_rated(client, school):
    chair = chair_of(school)
    SchoolClass.objects.create(org=school, grade="初一", name="初一(1)班")
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="评教",
        held_on=TODAY,
    )
    services.question_add(
        org=school, actor=chair, poll=poll, text="教学满意度", subject="王芳", scale="satisfaction"
    )
    code = services.codes_issue(org=school, actor=chair, poll=poll, group="初一(1)班", count=1)[0]
    open_poll(school, chair, poll)
    page = client.post(
        reverse("polls_public:enter", kwargs={"org": school.code}), {"code": code.code}
    )
    assert "Rating: 王芳" in page.content.decode()


def cast_evaluation(school, poll, questions, people, grades):
    for person, (lin, chen) in zip(people, grades, strict=True):
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                questions["林校长", "item"].pk: "good",
                questions["林校长", "overall"].pk: lin,
                questions["陈副校长", "item"].pk: "fair",
                questions["陈副校长", "overall"].pk: chen,
                questions["remark"].pk: f"建议{person.pk}",
            },
        )


def test_the_evaluation_results_are_grouped_per_person_with_each_rate(client, school):
    poll, questions, chair, people = evaluation(school)
    grades = [
        ("excellent", "competent"),
        ("excellent", "basic"),
        ("competent", "incompetent"),
        ("basic", "basic"),
    ]
    cast_evaluation(school, poll, questions, people, grades)
    publish(school, chair, poll)
    client.force_login(people[0].user)
    page = client.get(url(school, "results", pk=poll.pk))
    assert page.status_code == 200
    html = page.content.decode()
    lin, chen = html.index('<h2 class="h5">林校长'), html.index('<h2 class="h5">陈副校长')
    lin_part, chen_part = html[lin:chen], html[chen:]
    # 林校长: excellent 2, competent 1, basic 1 → 优秀+称职 3 of 4.
    assert "Approval rate: 75.0%" in lin_part
    assert "Excellent 2 (50.0%)" in lin_part
    # 陈副校长: competent 1 of 4.
    assert "Approval rate: 25.0%" in chen_part
    assert "Basically competent 2 (50.0%)" in chen_part
    assert "Good 0 (0.0%)" in chen_part and "Fair 4 (100.0%)" in chen_part
    # The rule of the rate is shown.
    assert "Approving:" in html and "Excellent、Competent" in html
    # A plain member reads no comments.
    assert "建议" not in html


def test_the_evaluation_exports_to_excel_per_person(client, school):
    poll, questions, chair, people = evaluation(school)
    cast_evaluation(
        school,
        poll,
        questions,
        people,
        [("excellent", "competent")] * 3 + [("incompetent", "competent")],
    )
    publish(school, chair, poll)
    client.force_login(chair)
    response = client.get(url(school, "results_xlsx", pk=poll.pk))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    items = list(book.worksheets[0].iter_rows(values_only=True))
    assert items[0][:3] == ("Person rated", "Item", "Answers")
    overall = {row[0]: row for row in items[1:] if row[1] == "综合评价"}
    assert overall["林校长"][3:6] == ("Excellent", 3, "75.0%")
    assert overall["林校长"][-1] == "75.0%"
    assert overall["陈副校长"][-1] == "100.0%"
    per_person = list(book.worksheets[1].iter_rows(values_only=True))
    assert per_person[1:] == [("林校长", 3, 4, "75.0%"), ("陈副校长", 4, 4, "100.0%")]


def test_the_evaluation_results_page_reads_the_same_queries_for_a_larger_poll(
    client, school, other_school, django_assert_num_queries
):
    small, questions, chair, people = evaluation(school, voters_n=2, leaders=("林校长", "陈副校长"))
    cast_evaluation(school, small, questions, people, [("excellent", "competent")] * 2)
    publish(school, chair, small)
    big, questions, big_chair, people = evaluation(
        other_school, voters_n=6, leaders=("林校长", "陈副校长", "赵主任", "钱主任")
    )
    for person in people:
        services.ballot_cast(
            org=other_school,
            poll=big,
            user=person.user,
            choices={q.pk: "good" for k, q in questions.items() if k[-1] == "item"},
        )
    publish(other_school, big_chair, big)
    client.force_login(chair)
    client.get(url(school, "results", pk=small.pk))
    with django_assert_num_queries(10):
        assert client.get(url(school, "results", pk=small.pk)).status_code == 200
    client.force_login(big_chair)
    with django_assert_num_queries(10):
        assert client.get(url(other_school, "results", pk=big.pk)).status_code == 200


# 学生评教: results per teacher and class, comments ---------------------------------------------


def teaching_survey(school, *, classes=("初一(1)班", "初一(2)班"), per_class=6, teachers=None):
    """A survey of teachers, one satisfaction question per class they teach and one comment
    question per teacher, as generated from the teaching spreadsheet."""
    chair = chair_of(school)
    for name in classes:
        SchoolClass.objects.get_or_create(org=school, name=name, defaults={"grade": name[:2]})
    teachers = teachers or {"王芳": classes, "李明": classes[:1]}
    members = {}
    for name in teachers:
        member = MemberFactory(org=school, name=name)
        member.user = member_of(school, display_name=name)
        member.save(update_fields=["user"])
        members[name] = member
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教",
        held_on=TODAY,
    )
    questions = {}
    for name, taught in teachers.items():
        for group in taught:
            questions[name, group] = services.question_add(
                org=school,
                actor=chair,
                poll=poll,
                text=f"你对{name}老师的教学满意吗？",
                subject=name,
                subject_member=members[name],
                scale="satisfaction",
                group=group,
            )
        questions[name, "comment"] = services.question_add(
            org=school,
            actor=chair,
            poll=poll,
            text=f"想对{name}老师说的话",
            subject=name,
            subject_member=members[name],
            scale="comment",
        )
    codes = {
        c: services.codes_issue(org=school, actor=chair, poll=poll, group=c, count=per_class)
        for c in classes
    }
    open_poll(school, chair, poll)
    return poll, questions, codes, chair, members


def test_the_survey_results_page_shows_each_teacher_each_class_and_the_participation(
    client, school
):
    poll, questions, codes, chair, _members = teaching_survey(school)
    # 初一(1)班: 5 of 6 codes used; 王芳 satisfied 2, dissatisfied 1, don't know 1, basic 1.
    wang = ["satisfied", "satisfied", "dissatisfied", "unknown", "basic"]
    li = ["satisfied", "satisfied", "satisfied", "satisfied", "dissatisfied"]
    for code, w, lv in zip(codes["初一(1)班"], wang, li, strict=False):
        services.ballot_cast(
            org=school,
            poll=poll,
            code=code.code,
            choices={questions["王芳", "初一(1)班"].pk: w, questions["李明", "初一(1)班"].pk: lv},
        )
    # 初一(2)班: 1 of 6, below two thirds.
    services.ballot_cast(
        org=school,
        poll=poll,
        code=codes["初一(2)班"][0].code,
        choices={questions["王芳", "初一(2)班"].pk: "dissatisfied"},
    )
    publish(school, chair, poll)
    client.force_login(chair)
    page = client.get(url(school, "results", pk=poll.pk))
    assert page.status_code == 200
    html = page.content.decode()
    teachers = html[html.index('id="teachers"') : html.index('id="classes"')]
    # 李明 4 of 5 = 80.0%, first; 王芳 3 of 4 (don't know left out) = 75.0%, from 初一(1)班 only.
    assert teachers.index("李明") < teachers.index("王芳")
    assert "80.0%" in teachers and "75.0%" in teachers
    assert "初一(2)班: <span" in teachers and "too few took part" in teachers
    classes = html[html.index('id="classes"') : html.index('id="lines"')]
    assert "Too few took part: no rate for this class" in classes
    assert "83.3%" in classes and "16.7%" in classes
    assert "A class counts when at least 2/3 of its codes were used" in html


def test_comments_are_read_by_the_committee_and_each_teacher_about_themselves(client, school):
    poll, questions, codes, chair, members = teaching_survey(school)
    for code, (wang, li) in zip(
        codes["初一(1)班"], [("讲得清楚", "作业太多"), ("很耐心", "")], strict=False
    ):
        services.ballot_cast(
            org=school,
            poll=poll,
            code=code.code,
            choices={questions["王芳", "comment"].pk: wang, questions["李明", "comment"].pk: li},
        )
    publish(school, chair, poll)
    results = url(school, "results", pk=poll.pk)

    client.force_login(chair)
    html = client.get(results).content.decode()
    assert all(text in html for text in ("讲得清楚", "很耐心", "作业太多"))
    # In alphabetical order, never as cast.
    assert html.index("很耐心") < html.index("讲得清楚")

    client.force_login(user_with_role(school, Role.COMMITTEE_PUBLICITY))
    assert "作业太多" in client.get(results).content.decode()

    client.force_login(members["王芳"].user)
    html = client.get(results).content.decode()
    assert "讲得清楚" in html and "很耐心" in html
    assert "作业太多" not in html

    client.force_login(member_of(school))
    html = client.get(results).content.decode()
    assert "讲得清楚" not in html and "作业太多" not in html


def test_the_survey_exports_to_excel(client, school):
    poll, questions, codes, chair, _members = teaching_survey(school)
    for code in codes["初一(1)班"][:5]:
        services.ballot_cast(
            org=school,
            poll=poll,
            code=code.code,
            choices={questions["王芳", "初一(1)班"].pk: "fairly"},
        )
    publish(school, chair, poll)
    client.force_login(chair)
    response = client.get(url(school, "results_xlsx", pk=poll.pk))
    book = load_workbook(io.BytesIO(response.content))
    per_teacher = list(book["Per teacher"].iter_rows(values_only=True))
    assert per_teacher[1] == ("王芳", "100.0%", 5, 5, "Yes")
    per_class = {(r[0], r[1]): r for r in book["Per class"].iter_rows(min_row=2, values_only=True)}
    assert per_class["王芳", "初一(2)班"][5] == "Too few took part"
    assert per_class["王芳", "初一(1)班"][5:] == ("100.0%", "5/6")
    participation = list(book["Participation"].iter_rows(min_row=2, values_only=True))
    assert participation[0][:4] == ("初一(1)班", 5, 6, "83.3%")


def test_the_survey_results_page_reads_the_same_queries_for_a_larger_survey(
    client, school, other_school, django_assert_num_queries
):
    small, questions, codes, chair, _m = teaching_survey(school)
    services.ballot_cast(
        org=school,
        poll=small,
        code=codes["初一(1)班"][0].code,
        choices={questions["王芳", "comment"].pk: "好"},
    )
    publish(school, chair, small)
    classes = tuple(f"初二({i})班" for i in range(1, 9))
    big, questions, codes, big_chair, _m = teaching_survey(
        other_school,
        classes=classes,
        per_class=4,
        teachers={f"教师{i}": classes[i % 3 :] for i in range(6)},
    )
    for group, issued in codes.items():
        for code in issued[:3]:
            services.ballot_cast(
                org=other_school,
                poll=big,
                code=code.code,
                choices={q.pk: "satisfied" for (_t, g), q in questions.items() if g == group},
            )
    publish(other_school, big_chair, big)
    client.force_login(chair)
    with django_assert_num_queries(11):
        assert client.get(url(school, "results", pk=small.pk)).status_code == 200
    client.force_login(big_chair)
    with django_assert_num_queries(11):
        assert client.get(url(other_school, "results", pk=big.pk)).status_code == 200


def test_results_are_not_shown_before_the_poll_is_published(client, school):
    poll, _questions, _codes, chair, members = teaching_survey(school)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    client.force_login(members["王芳"].user)
    assert client.get(url(school, "results", pk=poll.pk)).status_code == 404
    client.force_login(chair)
    assert client.get(url(school, "results", pk=poll.pk)).status_code == 200


# Winners into the registers ---------------------------------------------------------------------


def test_the_most_satisfactory_teachers_go_into_the_honours_register_once(client, school):
    teachers = {name: ("初一(1)班",) for name in ("王芳", "李明", "张伟", "赵敏")}
    poll, questions, codes, chair, _members = teaching_survey(
        school, classes=("初一(1)班",), teachers=teachers
    )
    rates = {"王芳": "satisfied", "李明": "satisfied", "张伟": "fairly", "赵敏": "dissatisfied"}
    for i, code in enumerate(codes["初一(1)班"]):
        choices = {questions[t, "初一(1)班"].pk: v for t, v in rates.items()}
        if i == 0:
            choices[questions["张伟", "初一(1)班"].pk] = "dissatisfied"
        services.ballot_cast(org=school, poll=poll, code=code.code, choices=choices)
    poll.rules["winners"] = 2
    poll.save(update_fields=["rules"])
    publish(school, chair, poll)
    client.force_login(chair)
    page = client.get(url(school, "winners", pk=poll.pk)).content.decode()
    assert "the 2 teachers with the highest satisfaction rates" in page
    table = page[page.index('id="winners"') :]
    assert "王芳" in table and "李明" in table and "张伟" not in table
    assert "Most satisfactory teacher (学生评教)" in table
    assert "Will be written" in table

    response = client.post(url(school, "winners", pk=poll.pk))
    assert response.status_code == 302
    honours = Honour.objects.filter(
        org=school, source_type=ContentType.objects.get_for_model(Poll), source_id=poll.pk
    )
    assert sorted(h.member.name for h in honours) == ["李明", "王芳"]
    assert {h.title for h in honours} == {"Most satisfactory teacher (学生评教)"}
    assert {h.get_source_display() for h in honours} == {"Written by a vote's result"}
    assert (
        AuditEntry.objects.filter(
            org=school, summary__contains="Winners written into the register"
        ).count()
        == 1
    )

    again = client.post(url(school, "winners", pk=poll.pk), follow=True)
    assert "Nothing new to write" in again.content.decode()
    assert honours.count() == 2
    assert "Already there" in again.content.decode()


def test_the_elected_go_into_the_committee_with_one_confirmation(client, school):
    chair = chair_of(school)
    people = voters(school, 9)
    # The committee's candidates typed as names (as the question form takes them); the audit
    # committee's candidate chosen from the register.
    by_name = {m.name: m for m in people[:3]}
    poll, committee, audit_body, chair, _electors = election(
        school, chair=chair, voters_n=0, names=list(by_name)
    )
    audit_member = people[3]
    audit_option = audit_body.options.get()
    audit_option.member = audit_member
    audit_option.save(update_fields=["member"])
    open_poll(school, chair, poll)
    options = list(committee.options.all())
    first, second = by_name[options[0].label], by_name[options[1].label]
    for person in poll.voters.select_related("user"):
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={
                committee.pk: {options[0].pk: "approve", options[1].pk: "approve"},
                audit_body.pk: {audit_option.pk: "approve"},
            },
        )
    publish(school, chair, poll)
    client.force_login(chair)
    page = client.get(url(school, "winners", pk=poll.pk)).content.decode()
    table = page[page.index('id="winners"') :]
    assert options[0].label in table and options[1].label in table
    assert options[2].label not in table
    # The audit committee's member is offered the audit role; the others choose theirs.
    assert f'<option value="{Role.COMMITTEE_AUDIT}" selected>' in table
    refused = client.post(url(school, "winners", pk=poll.pk), {})
    assert refused.status_code == 200
    assert not RoleAssignment.objects.filter(org=school, role__startswith="committee").exists()
    roles = {
        f"role_o{options[0].pk}": Role.COMMITTEE_ORGANISATION,
        f"role_o{options[1].pk}": Role.COMMITTEE_PUBLICITY,
        f"role_o{audit_option.pk}": Role.COMMITTEE_AUDIT,
    }
    assert client.post(url(school, "winners", pk=poll.pk), roles).status_code == 302
    held = set(
        RoleAssignment.objects.filter(org=school, role__startswith="committee").values_list(
            "user_id", "role"
        )
    )
    assert held == {
        (first.user_id, Role.COMMITTEE_ORGANISATION),
        (second.user_id, Role.COMMITTEE_PUBLICITY),
        (audit_member.user_id, Role.COMMITTEE_AUDIT),
    }
    assert AuditEntry.objects.filter(org=school, summary__contains="role granted").count() == 3
    again = client.post(url(school, "winners", pk=poll.pk), roles, follow=True)
    assert "Nothing new to write" in again.content.decode()
    assert RoleAssignment.objects.filter(org=school, role__startswith="committee").count() == 3


def test_winners_are_not_written_before_the_result_is_published(client, school):
    poll, _questions, _codes, chair, _members = teaching_survey(school)
    client.force_login(chair)
    page = client.get(url(school, "winners", pk=poll.pk)).content.decode()
    assert "once the result is published" in page
    client.post(url(school, "winners", pk=poll.pk))
    assert not Honour.objects.filter(org=school).exists()


# The class list and the teaching spreadsheet ----------------------------------------------------


def test_codes_are_issued_for_a_class_chosen_from_the_list(client, school):
    chair = chair_of(school)
    client.force_login(chair)
    assert (
        client.post(url(school, "classes"), {"grade": "初一", "name": "初一(1)班"}).status_code
        == 302
    )
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="评教",
        held_on=TODAY,
    )
    page = client.get(url(school, "codes", pk=poll.pk)).content.decode()
    assert '<option value="初一(1)班">初一(1)班</option>' in page
    typed = client.post(url(school, "codes", pk=poll.pk), {"group": "初一（1）班", "count": 5})
    assert typed.status_code == 200
    assert "Select a valid choice" in typed.content.decode()
    assert not VoteCode.objects.filter(poll=poll).exists()
    chosen = client.post(url(school, "codes", pk=poll.pk), {"group": "初一(1)班", "count": 5})
    assert chosen.status_code == 302
    assert VoteCode.objects.filter(poll=poll, group="初一(1)班").count() == 5


def test_codes_for_every_class_on_the_list_are_issued_in_one_request(client, school):
    chair = chair_of(school)
    names = [f"初一({i})班" for i in range(1, 21)] + [f"初二({i})班" for i in range(1, 21)]
    SchoolClass.objects.bulk_create(SchoolClass(org=school, grade=n[:2], name=n) for n in names)
    SchoolClass.objects.create(org=school, grade="初三", name="初三(1)班", active=False)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教",
        held_on=TODAY,
    )
    client.force_login(chair)
    page = client.get(url(school, "codes", pk=poll.pk)).content.decode()
    assert "Every class on the list" in page
    nothing = client.post(url(school, "codes", pk=poll.pk), {"count": 45})
    assert "Choose a class, or tick every class on the list." in nothing.content.decode()
    assert not VoteCode.objects.filter(poll=poll).exists()

    done = client.post(url(school, "codes", pk=poll.pk), {"every_class": "on", "count": 45})
    assert done.status_code == 302
    issued = VoteCode.objects.filter(poll=poll)
    assert issued.count() == 40 * 45
    per_class = dict(issued.values("group").annotate(n=Count("id")).values_list("group", "n"))
    assert per_class == dict.fromkeys(names, 45)  # the class no longer taught gets none
    assert len(set(issued.values_list("code", flat=True))) == 40 * 45
    shown = " ".join(str(m) for m in client.get(done["Location"]).context["messages"])
    assert "1800 codes were issued for 40 classes" in shown


def test_codes_for_many_classes_are_all_issued_or_none(school):
    chair = chair_of(school)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="评教",
        held_on=TODAY,
    )
    with pytest.raises(ValidationError, match="Name the class"):
        services.codes_issue_for_classes(
            org=school, actor=chair, poll=poll, groups=["初一(1)班", " "], count=5
        )
    assert not VoteCode.objects.exists()


def test_the_class_list_is_imported_from_a_spreadsheet_after_a_preview(client, school):
    chair = chair_of(school)
    client.force_login(chair)
    bad = xlsx_bytes(
        [["初一", "初一(1)班"], ["", "初一(2)班"], ["初一", "初一(1)班"]], header=["年级", "班级"]
    )
    page = client.post(url(school, "classes_import"), {"file": upload(bad, "班级.xlsx")})
    html = page.content.decode()
    assert "Row 3 Grade: is required" in html
    assert "Row 4 Class: 初一(1)班 is also on row 2" in html
    assert not SchoolClass.objects.filter(org=school).exists()
    rows = [["初一", f"初一({i})班"] for i in range(1, 21)] + [
        ["初二", f"初二({i})班"] for i in range(1, 21)
    ]
    good = xlsx_bytes(rows, header=["年级", "班级"])
    staged = client.post(url(school, "classes_import"), {"file": upload(good, "班级.xlsx")})
    assert staged.status_code == 302
    preview = client.get(staged["Location"]).content.decode()
    assert "初二(20)班" in preview and "holds 40 rows" in preview
    assert not SchoolClass.objects.filter(org=school).exists()
    client.post(staged["Location"])
    assert SchoolClass.objects.filter(org=school, active=True).count() == 40
    assert client.post(staged["Location"]).status_code == 302
    assert SchoolClass.objects.filter(org=school).count() == 40
    template = client.get(url(school, "classes_template"))
    assert load_workbook(io.BytesIO(template.content)).worksheets[0]["B1"].value == "Class*"


def test_forty_classes_of_questions_come_from_the_teaching_spreadsheet(client, school):
    chair = chair_of(school)
    classes = [f"初一({i})班" for i in range(1, 21)] + [f"初二({i})班" for i in range(1, 21)]
    SchoolClass.objects.bulk_create(
        SchoolClass(org=school, grade=name[:2], name=name) for name in classes
    )
    wang = MemberFactory(org=school, name="王芳")
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="评教",
        held_on=TODAY,
    )
    client.force_login(chair)
    header = ["班级", "教师", "学科"]
    wrong = xlsx_bytes(
        [
            ["初一(1)班", "王芳", "语文"],
            ["初三(9)班", "李明", "数学"],
            ["初一(1)班", "王芳", "语文"],
            ["初一(2)班", "", "英语"],
        ],
        header=header,
    )
    page = client.post(
        url(school, "teaching_import", pk=poll.pk), {"file": upload(wrong, "任课.xlsx")}
    )
    html = page.content.decode()
    assert "Row 3 Class: “初三(9)班” is not on the school&#x27;s class list" in html
    assert "Row 4 Subject taught: the same class, teacher and subject are on row 2" in html
    assert "Row 5 Teacher: is required" in html
    assert not poll.questions.exists()

    rows = []
    for i, name in enumerate(classes):
        rows += [
            [name, "王芳" if i < 4 else f"语文{i // 4}", "语文"],
            [name, f"数学{i // 5}", "数学"],
        ]
    staged = client.post(
        url(school, "teaching_import", pk=poll.pk),
        {"file": upload(xlsx_bytes(rows, header=header), "任课.xlsx")},
    )
    assert staged.status_code == 302
    assert "holds 80 rows" in client.get(staged["Location"]).content.decode()
    assert not poll.questions.exists()
    done = client.post(staged["Location"])
    assert done.status_code == 302
    rated = Question.objects.filter(poll=poll, scale="satisfaction")
    assert rated.count() == 80
    assert set(rated.values_list("group", flat=True)) == set(classes)
    one = rated.get(group="初一(3)班", subject="王芳")
    assert one.subject_member == wang
    assert "语文" in one.text
    teachers = {r[1] for r in rows}
    comments = Question.objects.filter(poll=poll, scale="comment")
    assert set(comments.values_list("subject", flat=True)) == teachers
    # A class's ballot asks about its own teachers: a comment box for each, none for the others
    # (88 boxes for every teacher of the school was the defect), and its sealed ballot is padded
    # to the longest class's answers, not to every question of the survey.
    assert set(comments.filter(group="初一(3)班").values_list("subject", flat=True)) == {
        "王芳",
        "数学0",
    }
    assert comments.count() == 80
    from unionhall.polls.services.ballots import COMMENT_MAX_CHARS, _padded_length

    asked = list(Question.objects.filter(poll=poll))
    length = _padded_length(asked, {q.pk: {} for q in asked})
    assert 2 * 4 * COMMENT_MAX_CHARS < length < 3 * 4 * COMMENT_MAX_CHARS
    # A second press imports nothing more.
    client.post(staged["Location"])
    assert Question.objects.filter(poll=poll).count() == 80 + 80


def test_a_draft_takes_the_questions_of_last_years_evaluation(client, school, other_school):
    last_year, _questions, chair, _people = evaluation(school, voters_n=1)
    theirs = evaluation(other_school, voters_n=1)[0]
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.EVALUATION,
        mode=Mode.ONLINE,
        title="今年测评",
        held_on=TODAY,
    )
    client.force_login(chair)
    refused = client.post(url(school, "questions_copy", pk=poll.pk), {"source": theirs.pk})
    assert "Select a valid choice" in refused.content.decode()
    assert (
        client.post(url(school, "questions_copy", pk=poll.pk), {"source": last_year.pk}).status_code
        == 302
    )
    copied = [(q.subject, q.text, q.scale) for q in poll.questions.all()]
    assert copied == [(q.subject, q.text, q.scale) for q in last_year.questions.all()]
    assert copied[:2] == [("林校长", "工作实绩", "four"), ("林校长", "综合评价", "grade")]
    assert AuditEntry.objects.filter(org=school, summary__contains="questions copied").exists()


def test_the_scrutineers_tally_of_a_paper_evaluation_names_each_person_rated(school):
    from unionhall.polls.forms import tally_form

    chair = chair_of(school)
    poll = services.poll_create(
        org=school, actor=chair, kind=Kind.EVALUATION, mode=Mode.PAPER, title="测评", held_on=TODAY
    )
    for leader in ("林校长", "陈副校长"):
        services.question_add(
            org=school, actor=chair, poll=poll, text="综合评价", subject=leader, scale="grade"
        )
    labels = [field.label for field in tally_form(poll)]
    assert "林校长 · 综合评价 · Excellent" in labels
    assert "陈副校长 · 综合评价 · Excellent" in labels


def test_the_class_list_page_reads_the_same_queries_for_one_class_or_forty(
    client, school, other_school, django_assert_num_queries
):
    SchoolClass.objects.create(org=school, grade="初一", name="初一(1)班")
    SchoolClass.objects.bulk_create(
        SchoolClass(org=other_school, grade="初二", name=f"初二({i})班") for i in range(1, 41)
    )
    chair, theirs = chair_of(school), chair_of(other_school)
    client.force_login(chair)
    with django_assert_num_queries(5):
        page = client.get(url(school, "classes"))
    assert page.content.decode().count("Take off the list") == 1
    client.force_login(theirs)
    with django_assert_num_queries(5):
        page = client.get(url(other_school, "classes"))
    assert page.content.decode().count("Take off the list") == 40
