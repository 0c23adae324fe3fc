"""Congress resolutions, evaluations of leaders and satisfaction surveys as polls."""

import io

import pytest
from docx import Document

from tests.factories import MemberFactory
from tests.factories_congress import make_congress
from tests.factories_polls import count_box, open_poll, survey
from tests.personas import chair_of, member_of
from unionhall.congress import services as congress_services
from unionhall.polls import documents, selectors, services
from unionhall.polls.models import Kind, Mode
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_resolution_passes_with_more_than_half_of_all_representatives(school):
    congress = make_congress(school, reps=5)
    resolution = congress_services.resolution_create(
        org=school, actor=congress.chair, session=congress.session, title="教职工绩效工资分配方案"
    )
    poll = services.resolution_poll_create(org=school, actor=congress.chair, resolution=resolution)
    poll = open_poll(school, congress.chair, poll)
    assert poll.voters.count() == 5
    question = poll.questions.get()
    for user, value in zip(congress.rep_users[:4], ["for", "for", "for", "against"], strict=True):
        services.ballot_cast(org=school, poll=poll, user=user, choices={question.pk: value})
    poll = count_box(school, congress.chair, poll)
    assert not poll.void_reason  # 4 of 5 took part: two thirds
    votes, passes = services.resolution_outcome(poll)
    assert votes == {"for": 3, "against": 1, "abstain": 0}
    assert passes  # 3 of all 5 representatives
    services.poll_move(org=school, actor=congress.chair, poll=poll, target=State.PUBLISHED)
    resolution.refresh_from_db()
    assert (resolution.votes_for, resolution.electorate, resolution.passed) == (3, 5, True)


def test_an_evaluation_report_counts_each_grade_with_its_share(school):
    chair = chair_of(school)
    people = []
    for _i in range(4):
        member = MemberFactory(org=school)
        member.user = member_of(school)
        member.save(update_fields=["user"])
        people.append(member)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.EVALUATION,
        mode=Mode.ONLINE,
        title="2025年度校级领导民主测评",
        held_on=poll_day(),
    )
    item = services.question_add(
        org=school, actor=chair, poll=poll, text="林校长 · 工作实绩", subject="林校长", scale="four"
    )
    overall = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="林校长 · 综合评价",
        subject="林校长",
        scale="grade",
    )
    remark = services.question_add(
        org=school, actor=chair, poll=poll, text="意见和建议", scale="comment"
    )
    open_poll(school, chair, poll)
    grades = ["excellent", "excellent", "competent", "basic"]
    for person, grade in zip(people, grades, strict=True):
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={item.pk: "good", overall.pk: grade, remark.pk: "希望多听课"},
        )
    count_box(school, chair, poll)
    lines = {line.question.pk: line for line in selectors.scale_table(poll)}
    rows = [(str(label), n, str(pct)) for label, n, pct in lines[overall.pk].rows]
    assert rows == [
        ("Excellent", 2, "50.0"),
        ("Competent", 1, "25.0"),
        ("Basically competent", 1, "25.0"),
        ("Incompetent", 0, "0.0"),
    ]
    document = Document(io.BytesIO(documents.evaluation_report(poll, register=4)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert cells[:6] == [
        "On the register",
        "Took part",
        "Share of the register",
        "4",
        "4",
        "100.0%",
    ]


def test_satisfaction_per_class_flags_a_class_below_two_thirds(school):
    poll, codes, chair = survey(school, per_class=6)
    question = poll.questions.get(scale="satisfaction")
    answers = ["satisfied", "satisfied", "dissatisfied", "unknown", "basic"]
    for code, value in zip(codes["初一(1)班"], answers, strict=False):
        services.ballot_cast(org=school, poll=poll, code=code.code, choices={question.pk: value})
    services.ballot_cast(
        org=school, poll=poll, code=codes["初一(2)班"][0].code, choices={question.pk: "satisfied"}
    )
    count_box(school, chair, poll)
    lines = {line.group: line for line in selectors.satisfaction_table(poll)}
    one, two = lines["初一(1)班"], lines["初一(2)班"]
    assert (one.rate.numerator, one.rate.denominator, str(one.rate.value)) == (3, 4, "75.0")
    assert one.counts  # 5 of 6 codes used
    assert not two.counts  # 1 of 6
    assert list(lines) == ["初一(1)班", "初一(2)班"]


def poll_day():
    from django.utils import timezone

    return timezone.localdate()


def test_voiding_unused_codes_does_not_raise_a_class_above_the_minimum(school):
    poll, codes, chair = survey(school, per_class=6)
    question = poll.questions.get(scale="satisfaction")
    services.ballot_cast(
        org=school, poll=poll, code=codes["初一(2)班"][0].code, choices={question.pk: "satisfied"}
    )
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    services.codes_void(org=school, actor=chair, poll=poll)
    assert poll.entitled_count == 12
    lines = {line.group: line for line in selectors.satisfaction_table(poll)}
    assert (lines["初一(2)班"].used, lines["初一(2)班"].issued) == (1, 6)
    assert not lines["初一(2)班"].counts
