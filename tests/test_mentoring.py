"""Mentoring (师徒结对): progress against targets with shortfalls, the contract .docx in three
copies, logging on a phone, the chair's assessment, the member panel and the indicators."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.personas import chair_of, member_of
from unionhall.core import indicators
from unionhall.core.periods import Period
from unionhall.mentoring import selectors, services
from unionhall.mentoring.models import Assessment, Grade, Log, LogKind

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2026, 9, 10)), tick=False),
]

YEAR = Period.school_year(2025)


@pytest.fixture
def chair(school):
    return chair_of(school)


@pytest.fixture
def people(school):
    mentor_user, mentee_user = member_of(school), member_of(school)
    return {
        "mentor": MemberFactory(org=school, name="王老师", user=mentor_user),
        "mentee": MemberFactory(org=school, name="李新", user=mentee_user),
        "second": MemberFactory(org=school, name="赵青"),
    }


@pytest.fixture
def contract(school, chair, people):
    return services.contract_create(
        org=school,
        actor=chair,
        mentor=people["mentor"],
        mentees=[people["mentee"], people["second"]],
        starts_on=YEAR.start,
        ends_on=YEAR.end,
        signed_on=dt.date(2025, 9, 10),
        observations=3,
        open_lessons=1,
        papers=1,
        reading_notes=1,
    )


def _log(school, actor, contract, kind, member, day, observed=None, **details):
    if kind == LogKind.OBSERVATION:
        details = {"class_name": "三(2)班", "subject": "语文", **details}
    else:
        details = {"title": "汇报课", **details}
    return services.log_add(
        org=school,
        actor=actor,
        contract=contract,
        kind=kind,
        member=member,
        observed=observed,
        date=day,
        on_behalf=True,
        **details,
    )


def _fill(school, chair, contract, mentor, mentee, *, skip_paper=False, mentor_lessons=3):
    day = dt.date(2025, 10, 1)
    for _n in range(mentor_lessons):
        _log(school, chair, contract, LogKind.OBSERVATION, mentor, day, observed=mentee)
    for _n in range(3):
        _log(school, chair, contract, LogKind.OBSERVATION, mentee, day, observed=mentor)
    _log(school, chair, contract, LogKind.OPEN_LESSON, mentee, day)
    _log(school, chair, contract, LogKind.READING_NOTE, mentee, day)
    if not skip_paper:
        _log(school, chair, contract, LogKind.PAPER, mentee, day)


def test_default_targets_are_the_organisations_setting(school, chair, people):
    assert selectors.settings_of(school).observations == 8
    services.settings_update(org=school, actor=chair, observations=7)
    contract = services.contract_create(
        org=school,
        actor=chair,
        mentor=people["mentor"],
        mentees=[people["mentee"]],
        starts_on=YEAR.start,
        ends_on=YEAR.end,
    )
    assert contract.observations == 7


def test_progress_counts_each_target_and_shows_the_shortfalls(school, chair, people, contract):
    mentor, mentee, second = people["mentor"], people["mentee"], people["second"]
    _fill(school, chair, contract, mentor, mentee)
    _fill(school, chair, contract, mentor, second, skip_paper=True, mentor_lessons=1)
    pairs = {pair.mentee_id: pair for pair in contract.pairs.select_related("contract")}
    progress = selectors.progress_of(pairs.values())
    assert progress[pairs[mentee.pk].pk].met
    short = progress[pairs[second.pk].pk]
    assert not short.met
    assert {t.key: t.shortfall for t in short.shortfalls} == {"mentor_observed": 2, "papers": 1}
    # A log outside the term does not count (and is refused).
    with pytest.raises(ValidationError, match="outside the contract's term"):
        _log(school, chair, contract, LogKind.PAPER, second, dt.date(2024, 5, 1))


def test_the_detail_page_shows_the_shortfall(client, school, chair, people, contract):
    _fill(school, chair, contract, people["mentor"], people["second"], skip_paper=True)
    client.force_login(chair)
    page = client.get(reverse("mentoring:detail", kwargs={"org": school.code, "pk": contract.pk}))
    text = page.content.decode()
    assert "Short by" in text and "table-warning" in text


def test_the_contract_prints_one_copy_for_each_person_and_the_school(
    client, school, chair, contract
):
    client.force_login(chair)
    response = client.get(reverse("mentoring:docx", kwargs={"org": school.code, "pk": contract.pk}))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("Mentoring contract") == 4  # mentor, two mentees, the school
    assert "Mentor's copy (王老师)" in text and "Mentee's copy (赵青)" in text
    assert "School's copy" in text and "made in 4 copies" in text
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "2025年9月1日 to 2026年8月31日" in cells


def test_a_mentee_logs_a_lesson_on_the_phone_form(client, school, people, contract):
    client.force_login(people["mentee"].user)
    url = reverse("mentoring:log", kwargs={"org": school.code, "pk": contract.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "observation",
            "date": "2025-11-03",
            "member": people["mentee"].pk,
            "observed": people["mentor"].pk,
            "class_name": "四(1)班",
            "subject": "数学",
            "comment": "板书清楚",
        },
    )
    assert response.status_code == 302
    log = Log.objects.get()
    assert log.entered_by == people["mentee"].user and log.date == dt.date(2025, 11, 3)


def test_a_member_may_not_log_for_someone_else(client, school, people, contract):
    client.force_login(people["mentee"].user)
    url = reverse("mentoring:log", kwargs={"org": school.code, "pk": contract.pk})
    response = client.post(
        url, {"kind": "paper", "date": "2025-11-03", "member": people["second"].pk, "title": "x"}
    )
    assert response.status_code == 200
    assert (
        "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    )
    assert not Log.objects.exists()


def test_a_mentee_may_not_log_in_the_mentors_name(client, school, people, contract):
    """Not even the mentor's observation of the mentee's own lesson: the mentor logs it."""
    client.force_login(people["mentee"].user)
    url = reverse("mentoring:log", kwargs={"org": school.code, "pk": contract.pk})
    for sent in (
        {"kind": "paper", "member": people["mentor"].pk, "title": "师傅的论文"},
        {
            "kind": "observation",
            "member": people["mentor"].pk,
            "observed": people["mentee"].pk,
            "class_name": "四(1)班",
            "subject": "数学",
        },
    ):
        response = client.post(url, {"date": "2025-11-03", **sent})
        assert response.status_code == 200  # the form offers the mentee only themselves
    page = client.get(url).content.decode()
    assert page.split('name="member"')[1].split("</select>")[0].count('<option value="') == 2
    assert not Log.objects.exists()
    # And the service refuses it whatever sends it.
    with pytest.raises(ValidationError, match="You may log only what you did yourself"):
        services.log_add(
            org=school,
            actor=people["mentee"].user,
            contract=contract,
            kind="observation",
            member=people["mentor"],
            observed=people["mentee"],
            date=dt.date(2025, 11, 3),
            class_name="四(1)班",
            subject="数学",
        )
    assert not Log.objects.exists()


def test_an_outsider_cannot_see_a_contract(client, school, contract):
    client.force_login(member_of(school))
    url = reverse("mentoring:detail", kwargs={"org": school.code, "pk": contract.pk})
    assert client.get(url).status_code == 404


def test_a_paper_log_typed_later_takes_its_date_and_names_the_clerk(
    school, chair, people, contract
):
    log = _log(school, chair, contract, LogKind.PAPER, people["second"], dt.date(2025, 12, 1))
    assert log.date == dt.date(2025, 12, 1) and log.entered_by == chair
    with pytest.raises(ValidationError, match="in the future"):
        _log(school, chair, contract, LogKind.PAPER, people["second"], dt.date(2026, 9, 20))


def test_assessment_excellent_needs_every_target(client, school, chair, people, contract):
    _fill(school, chair, contract, people["mentor"], people["second"], skip_paper=True)
    pair = contract.pairs.get(mentee=people["second"])
    with pytest.raises(ValidationError, match="fell short"):
        services.assessment_record(
            org=school, actor=chair, pair=pair, grade=Grade.EXCELLENT, comment="好"
        )
    client.force_login(chair)
    url = reverse("mentoring:assess", kwargs={"org": school.code, "pk": pair.pk})
    response = client.post(
        url, {"grade": "pass", "comment": "完成大部分任务", "assessed_on": "2026-08-31"}
    )
    assert response.status_code == 302
    found = Assessment.objects.get(pair=pair)
    assert found.grade == Grade.PASS and not found.targets_met
    # The outcome is on both people's pages.
    for member in (people["second"], people["mentor"]):
        page = client.get(reverse("members:detail", kwargs={"org": school.code, "pk": member.pk}))
        assert "Mentoring" in page.content.decode() and "Pass" in page.content.decode()


def test_indicators_count_pairs_targets_met_and_grades(school, chair, people, contract):
    _fill(school, chair, contract, people["mentor"], people["mentee"])
    _fill(school, chair, contract, people["mentor"], people["second"], skip_paper=True)
    for mentee, grade in ((people["mentee"], Grade.EXCELLENT), (people["second"], Grade.FAIL)):
        services.assessment_record(
            org=school,
            actor=chair,
            pair=contract.pairs.get(mentee=mentee),
            grade=grade,
            comment="评语",
        )
    pairs = indicators.get("mentoring.pairs")(school, YEAR)
    met = indicators.get("mentoring.pairs_met")(school, YEAR)
    grades = indicators.get("mentoring.assessments")(school, YEAR)
    assert pairs.value == 2 == len(list(pairs.records))
    assert met.value == 1 and [p.mentee for p in met.records] == [people["mentee"]]
    assert grades.value == {"Excellent": 1, "Fail": 1}
    assert grades.parts["Fail"].records.get().pair.mentee == people["second"]
    assert indicators.get("mentoring.pairs")(school, Period.year(2020)).value is None


def test_a_mentees_district_honour_shows_on_the_mentors_page(
    client, school, chair, people, contract
):
    from unionhall.honours.models import Level
    from unionhall.honours.services import honour_record

    honour_record(
        org=school,
        actor=chair,
        member=people["mentee"],
        title="区青年教师教学比武一等奖",
        level=Level.COUNTY,
        rank="first",
        body="申江区教育局",
        awarded_on=dt.date(2026, 4, 20),
    )
    honour_record(
        org=school,
        actor=chair,
        member=people["second"],
        title="校级优秀班主任",
        level=Level.SCHOOL,
        body="本校",
        awarded_on=dt.date(2026, 4, 20),
    )
    client.force_login(chair)
    page = client.get(
        reverse("members:detail", kwargs={"org": school.code, "pk": people["mentor"].pk})
    ).content.decode()
    assert "区青年教师教学比武一等奖" in page
    assert "校级优秀班主任" not in page
    assert "Shared honour: mentee 李新" in page
