"""A selection: nominations (self, a department or group, the committee), screening against the
ledgers on the selection's date, the judges' scores, the decision vote online, on paper or with
codes, a public notice of 5 working days that follows the vote on the official calendar, named
objections, the honour at the selection's level, cancelling, and the printed notice."""

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import MemberFactory
from tests.factories_polls import count_box, open_poll, voters
from tests.personas import chair_of, district_admin_of, treasurer_of
from unionhall.core import indicators, workdays
from unionhall.core.models import AuditEntry, OfficialDay
from unionhall.core.periods import Period
from unionhall.dues.services import dues_account_set, dues_collect
from unionhall.honours.models import Honour, Level
from unionhall.honours.services import honour_record
from unionhall.notices.models import Notice
from unionhall.polls import selections, services
from unionhall.polls.models import Mode, Selection, SelectionState
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NEW_YEAR_2027 = """2027-01-01 休 元旦
2027-01-02 休 元旦
2027-01-03 休 元旦
2027-02-06 班 春节
2027-02-07 休 春节
"""


# The calendar -----------------------------------------------------------------------------------


def test_a_notice_of_five_working_days_counts_its_first_day_and_skips_holidays():
    # 2025-09-29 (Mon): 29, 30 Sep, then the National Day holiday to 8 Oct; 9, 10 Oct are
    # working days (11 Oct, a Saturday, is a make-up working day)
    assert workdays.period_end(dt.date(2025, 9, 29), 5) == dt.date(2025, 10, 11)
    assert workdays.period_end(dt.date(2025, 6, 9), 5) == dt.date(2025, 6, 13)
    # a notice put up on a Saturday starts counting on Monday
    assert workdays.period_end(dt.date(2025, 6, 7), 5) == dt.date(2025, 6, 13)


def test_a_year_the_calendar_does_not_know_is_refused_for_a_notice_and_named():
    assert not workdays.has_official_data(2099)
    with pytest.raises(workdays.CalendarUnknown, match="holidays of 2099 are not known"):
        workdays.period_end(dt.date(2099, 6, 5), 5)
    # deadlines elsewhere still count Monday to Friday, and pages say it is unofficial
    assert workdays.add_working_days(dt.date(2099, 6, 5), 5) == dt.date(2099, 6, 12)


def _district_admin_enters(client, school, text, year=2027):
    admin = district_admin_of(school.parent)
    client.force_login(admin)
    return client.post(
        reverse("district:holidays", kwargs={"org": school.parent.code}),
        {"year": year, "text": text},
    )


def test_the_district_enters_a_years_holidays_line_by_line_and_bad_lines_are_named(client, school):
    bad = "\n".join(
        [
            "2027-01-01 休 元旦",
            "2027-02-08 班 春节",
            "2027-13-01 休 元旦",
            "2026-10-01 休 国庆",
            "2027-01-01 休 元旦",
        ]
    )
    page = _district_admin_enters(client, school, bad)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Line 2: 2027-02-08 is a weekday" in text
    assert "Line 3: “2027-13-01” is not a date" in text
    assert "Line 4: 2026-10-01 is not in 2027" in text
    assert "Line 5: 2027-01-01 is already on line 1" in text
    assert not OfficialDay.objects.exists()  # a refused list enters nothing
    page = _district_admin_enters(client, school, "2026-10-01 休 国庆节", year=2026)
    assert "holidays for 2026: nothing needs entering" in page.content.decode()
    page = _district_admin_enters(client, school, NEW_YEAR_2027)
    assert page.status_code == 302
    assert OfficialDay.objects.filter(day__year=2027).count() == 5
    assert AuditEntry.objects.filter(summary_msgid__startswith="Official day entered").count() == 5
    assert workdays.has_official_data(2027)
    assert not workdays.is_working_day(dt.date(2027, 1, 1))
    assert workdays.is_working_day(dt.date(2027, 2, 6))  # a Saturday worked
    page = client.get(reverse("district:holidays", kwargs={"org": school.parent.code}))
    assert "Entered for 2027" in page.content.decode()


# A selection from nomination to decision -------------------------------------------------------


def _selection(school, chair, people, **kwargs):
    selection = selections.selection_create(
        org=school,
        actor=chair,
        title="2026年度师德楷模评选",
        honour_title="师德楷模",
        min_years=kwargs.pop("min_years", 5),
        quota=kwargs.pop("quota", 1),
        held_on=kwargs.pop("held_on", dt.date(2025, 6, 2)),
        **kwargs,
    )
    for person, by in zip(people[:3], ["group", "self", "committee"], strict=False):
        selections.nominee_add(
            org=school,
            actor=chair,
            selection=selection,
            member=person,
            by=by,
            group_name="语文组" if by == "group" else "",
        )
    return selection


def _vote_online(school, chair, selection, approvals, *, held_on=dt.date(2025, 6, 3)):
    poll = selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=held_on
    )
    assert poll.state == State.DRAFT  # sealed: it opens once its key holders are ready
    poll = open_poll(school, chair, poll)
    question = poll.questions.get()
    first = question.options.order_by("id").first()
    voters_on_roll = [v.user for v in poll.voters.select_related("user").order_by("id")]
    for user in voters_on_roll[:approvals]:
        services.ballot_cast(
            org=school, poll=poll, user=user, choices={question.pk: {first.pk: "approve"}}
        )
    poll = count_box(school, chair, poll)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    return poll


def test_a_selection_reaches_the_honours_register_after_five_working_days_of_notice(school):
    chair = chair_of(school)
    people = voters(school, 10)
    holder, newcomer = people[1], people[2]
    newcomer.joined_on = dt.date(2024, 9, 1)
    newcomer.save(update_fields=["joined_on"])
    honour_record(
        org=school,
        actor=chair,
        member=holder,
        title="师德楷模",
        level=10,
        body=school.name,
        awarded_on=dt.date(2020, 9, 10),
    )
    selection = _selection(school, chair, people, honour_level=Level.COUNTY)
    _vote_online(school, chair, selection, 8)  # 8 of 10 entitled: exactly 80%
    nominees = {n.member_id: n for n in selection.nominees.all()}
    assert nominees[people[0].pk].eligible
    assert not nominees[holder.pk].eligible  # already holds it, per the honours register
    assert not nominees[newcomer.pk].eligible  # one year in the union
    start = dt.date(2025, 6, 9)  # a Monday
    selection = selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=start
    )
    assert selection.notice_ends_on == dt.date(2025, 6, 13)
    nominee = selection.nominees.get(member=people[0])
    with pytest.raises(ValidationError, match="Anonymous"):
        selections.objection_record(
            org=school,
            actor=chair,
            selection=selection,
            nominee=nominee,
            objector=" ",
            channel="letter",
            received_on=dt.date(2025, 6, 10),
            text="……",
        )
    objection = selections.objection_record(
        org=school,
        actor=chair,
        selection=selection,
        nominee=nominee,
        objector="李老师",
        channel="phone",
        received_on=dt.date(2025, 6, 10),
        text="事迹材料中的获奖时间有误。",
    )
    with pytest.raises(ValidationError, match="runs until"):
        selections.selection_decide(org=school, actor=chair, selection=selection, on=start)
    with pytest.raises(ValidationError, match="every objection"):
        selections.selection_decide(
            org=school, actor=chair, selection=selection, on=dt.date(2025, 6, 16)
        )
    selections.objection_resolve(
        org=school,
        actor=chair,
        objection=objection,
        upheld=False,
        outcome="经核实为笔误，已更正，不影响评选。",
    )
    awarded = selections.selection_decide(
        org=school, actor=chair, selection=selection, on=dt.date(2025, 6, 16)
    )
    assert [n.member for n in awarded] == [people[0]]
    honour = Honour.objects.get(org=school, member=people[0], title="师德楷模")
    assert honour.awarded_on == dt.date(2025, 6, 16)
    assert honour.level == Level.COUNTY  # the selection's level, not always 校级
    selection.refresh_from_db()
    assert selection.state == SelectionState.DECIDED


def test_below_the_threshold_no_one_goes_on_notice(school):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    _vote_online(school, chair, selection, 7)  # 70%
    with pytest.raises(ValidationError, match="approval needed"):
        selections.selection_notice_start(
            org=school, actor=chair, selection=selection, starts_on=dt.date(2099, 1, 5)
        )


def test_the_notice_cannot_start_before_the_vote_nor_the_selection_be_decided_at_once(school):
    """The defect: a 公示 dated before the vote, decided at once, "经2026-09-30至2026-10-12公示"."""
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    _vote_online(school, chair, selection, 9, held_on=dt.date(2026, 12, 3))
    with pytest.raises(ValidationError, match="cannot start before 2026-12-03"):
        selections.selection_notice_start(
            org=school, actor=chair, selection=selection, starts_on=dt.date(2026, 9, 30)
        )
    selection.refresh_from_db()
    assert selection.state == SelectionState.VOTING  # nothing changed
    selection = selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=dt.date(2026, 12, 3)
    )
    assert selection.notice_ends_on == dt.date(2026, 12, 9)  # Thu, Fri, Mon, Tue, Wed
    with pytest.raises(ValidationError, match="runs until 2026-12-09"):
        selections.selection_decide(
            org=school, actor=chair, selection=selection, on=dt.date(2026, 12, 9)
        )


def test_a_notice_over_new_year_2027_is_refused_until_the_district_enters_2027(client, school):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    _vote_online(school, chair, selection, 9, held_on=dt.date(2026, 12, 30))
    with pytest.raises(ValidationError, match="holidays of 2027 are not known") as refused:
        selections.selection_notice_start(
            org=school, actor=chair, selection=selection, starts_on=dt.date(2026, 12, 31)
        )
    assert "starts_on" in refused.value.message_dict
    selection.refresh_from_db()
    assert selection.notice_starts_on is None
    _district_admin_enters(client, school, NEW_YEAR_2027)
    selection = selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=dt.date(2026, 12, 31)
    )
    # 31 Dec (Thu); 1–3 Jan off; 4, 5, 6, 7 Jan
    assert selection.notice_ends_on == dt.date(2027, 1, 7)
    assert not workdays.is_working_day(dt.date(2027, 1, 1))


# Screening states what the ledgers show -----------------------------------------------------------


def _screened(selection, member):
    nominee = selection.nominees.get(member=member)
    return {condition: (passed, detail) for condition, passed, detail in nominee.screening}


def test_screening_says_not_recorded_where_the_school_keeps_no_dues(client, school):
    """The defect: "会费已按时缴纳: 已缴" for a school with no dues records at all."""
    chair = chair_of(school)
    people = voters(school, 10)
    people[0].joined_on = None
    people[0].save(update_fields=["joined_on"])
    selection = _selection(school, chair, people, held_on=dt.date(2026, 6, 15))
    selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 6, 16)
    )
    checks = _screened(selection, people[0])
    assert checks["Dues up to date"] == (None, "not recorded")
    assert checks["At least 5 years in the union"] == (None, "not recorded")
    assert selection.nominees.get(member=people[0]).eligible  # unknown is no failure
    client.force_login(chair)
    page = client.get(reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk}))
    text = page.content.decode()
    assert "Dues up to date：not recorded" in text
    assert "check by hand" in text
    assert "paid" not in text


def test_a_chair_screening_in_chinese_reads_not_recorded_never_paid(client, school, settings):
    chair = chair_of(school)
    people = voters(school, 6)
    selection = _selection(school, chair, people)
    client.force_login(chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.post(
        reverse(
            "polls:selection_step", kwargs={"org": school.code, "pk": selection.pk, "step": "vote"}
        ),
        {"mode": "online", "held_on": "2025-06-03"},
    )
    text = client.get(
        reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk})
    ).content.decode()
    assert "会费已按时缴纳：未记录" in text
    assert "请人工核实" in text
    assert "已缴" not in text


def test_screening_reads_the_dues_ledger_where_the_school_keeps_one(school):
    chair, treasurer = chair_of(school), treasurer_of(school)
    people = voters(school, 10)
    paying, owing = people[0], people[1]
    for member in (paying, owing):
        dues_account_set(
            org=school, actor=treasurer, member=member, base_pay=None, fixed_amount=Decimal("20")
        )
    for month in range(1, 6):
        dues_collect(
            org=school,
            actor=treasurer,
            period=dt.date(2026, month, 1),
            date=dt.date(2026, month, 20),
            members=[paying],
        )
    selection = _selection(school, chair, people, held_on=dt.date(2026, 6, 15))
    selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 6, 16)
    )
    assert _screened(selection, paying)["Dues up to date"] == (True, "paid up to 2026-05")
    assert _screened(selection, owing)["Dues up to date"] == (False, "5 months owed")
    assert not selection.nominees.get(member=owing).eligible


def test_years_in_the_union_are_counted_to_the_selections_date_not_today(school):
    chair = chair_of(school)
    people = voters(school, 10)
    people[0].joined_on = dt.date(2021, 9, 1)  # 5 years on 2026-09-01; today it is more
    people[0].save(update_fields=["joined_on"])
    selection = _selection(school, chair, people, held_on=dt.date(2026, 8, 31))
    selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 8, 31)
    )
    passed, detail = _screened(selection, people[0])["At least 5 years in the union"]
    assert passed is False
    assert detail == "4 years on 2026-08-31 (joined 2021-09-01)"


def test_the_level_chosen_on_the_form_is_the_selections_level(client, school):
    """The defect: the honour was always recorded as 校级."""
    chair = chair_of(school)
    client.force_login(chair)
    page = client.get(reverse("polls:selection_create", kwargs={"org": school.code}))
    text = page.content.decode()
    assert 'name="honour_level"' in text and 'class="form-select"' in text
    assert 'name="held_on"' in text
    response = client.post(
        reverse("polls:selection_create", kwargs={"org": school.code}),
        {
            "title": "2026年度区优秀工会工作者推荐",
            "honour_title": "优秀工会工作者",
            "honour_level": str(Level.COUNTY),
            "held_on": "2026-11-20",
            "quota": "1",
            "threshold_percent": "80",
            "notice_days": "5",
        },
    )
    assert response.status_code == 302
    selection = Selection.objects.get(org=school)
    assert selection.honour_level == Level.COUNTY
    assert selection.held_on == dt.date(2026, 11, 20)


# The judges --------------------------------------------------------------------------------------


def test_a_judge_named_by_mistake_is_removed_from_the_page_before_the_scoring(client, school):
    chair = chair_of(school)
    people = voters(school, 6)
    selection = _selection(school, chair, people)
    for judge in people[3:5]:
        selections.judge_add(org=school, actor=chair, selection=selection, member=judge)
    wrong = selection.judges.get(member=people[4])
    client.force_login(chair)
    url = reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk})
    page = client.get(url).content.decode()
    assert f"Remove {people[4].name} from the judges" in page
    step = reverse(
        "polls:selection_step", kwargs={"org": school.code, "pk": selection.pk, "step": "unjudge"}
    )
    response = client.post(step, {"judge": wrong.pk})
    assert response.status_code == 302
    assert list(selection.judges.values_list("member", flat=True)) == [people[3].pk]
    assert Notice.objects.filter(
        org=school, user=people[4].user, title__contains="no longer a judge"
    ).exists()
    assert AuditEntry.objects.filter(summary__contains=f"Judge removed: {people[4].name}").exists()
    # Once the scoring has started, the judges stay as they are.
    selections.judge_add(org=school, actor=chair, selection=selection, member=people[5])
    selections.scoring_start(org=school, actor=chair, selection=selection)
    client.post(step, {"judge": selection.judges.first().pk})
    assert selection.judges.count() == 2
    assert "Remove" not in client.get(url).content.decode().split("Judges' scores")[1][:400]


def test_judges_score_every_nominee_in_one_grid_and_the_trimmed_mean_puts_one_forward(
    client, school
):
    chair = chair_of(school)
    people = voters(school, 12)
    judges = people[9:12]
    selection = _selection(school, chair, people, trimmed_mean=True)
    with pytest.raises(ValidationError, match="is a nominee and cannot judge"):
        selections.judge_add(org=school, actor=chair, selection=selection, member=people[0])
    no_login = MemberFactory(org=school)
    with pytest.raises(ValidationError, match="has no login"):
        selections.judge_add(org=school, actor=chair, selection=selection, member=no_login)
    selections.judge_add(org=school, actor=chair, selection=selection, member=judges[0])
    with pytest.raises(ValidationError, match="at least 3 judges"):
        selections.scoring_start(org=school, actor=chair, selection=selection)
    for judge in judges[1:]:
        selections.judge_add(org=school, actor=chair, selection=selection, member=judge)
    people[2].joined_on = dt.date(2010, 9, 1)
    people[2].save(update_fields=["joined_on"])
    selections.scoring_start(org=school, actor=chair, selection=selection)
    url = reverse("polls:selection_scores", kwargs={"org": school.code, "pk": selection.pk})
    for judge in judges:  # each judge finds the sheet in their notices
        assert Notice.objects.filter(org=school, user=judge.user, url=url).exists()
    nominees = list(selection.nominees.order_by("id"))
    sheets = [  # judge → scores of the three nominees
        [90, 85, 70],
        [60, 88, 71],  # 60 for the first is the lowest, dropped
        [95, 86, 72],  # 95 for the first is the highest, dropped
    ]
    client.force_login(people[0].user)  # a nominee, not a judge
    assert client.get(url).status_code == 404
    client.force_login(judges[0].user)
    page = client.post(url, {f"n{nominees[0].pk}": "90", f"n{nominees[1].pk}": "101"})
    assert page.status_code == 200  # refused: a box empty, a score above 100
    assert "This field is required" in page.content.decode()
    for judge, sheet in zip(judges[:2], sheets, strict=False):
        client.force_login(judge.user)
        response = client.post(
            url, {f"n{n.pk}": str(score) for n, score in zip(nominees, sheet, strict=True)}
        )
        assert response.status_code == 302
    # The third judge scored on paper: the chair types the signed sheet from the page.
    client.force_login(chair)
    detail = reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk})
    paper = reverse(
        "polls:selection_paper_scores",
        kwargs={
            "org": school.code,
            "pk": selection.pk,
            "judge": selection.judges.get(member=judges[2]).pk,
        },
    )
    assert paper in client.get(detail).content.decode()
    assert f"Paper score sheet of {judges[2].name}" in client.get(paper).content.decode()
    response = client.post(
        paper, {f"n{n.pk}": str(score) for n, score in zip(nominees, sheets[2], strict=True)}
    )
    assert response.status_code == 302
    typed = AuditEntry.objects.get(summary__contains=f"Paper score sheet of {judges[2].name}")
    assert typed.actor == chair
    client.force_login(judges[0].user)  # a judge cannot type another judge's sheet
    assert client.get(paper).status_code in (403, 404)
    client.force_login(chair)
    page = client.get(detail)
    text = page.content.decode()
    assert "Mean without highest and lowest" in text
    assert "90.00" in text and "86.00" in text and "71.00" in text
    poll = selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 12, 2)
    )
    (question,) = poll.questions.all()
    assert [o.member_id for o in question.options.all()] == [nominees[0].member_id]
    assert selection.judges.get(member=judges[1]).scores.get(nominee=nominees[0]).score == 60


# The decision vote in any mode -------------------------------------------------------------------


def test_the_decision_vote_on_paper_counted_by_two_scrutineers(school):
    """The defect: only members with accounts could vote online (84 of 105 opened one by one)."""
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    poll = selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 12, 2), mode=Mode.PAPER
    )
    assert poll.mode == Mode.PAPER and poll.state == State.DRAFT  # prepared on the poll's page
    selection.refresh_from_db()
    assert selection.state == SelectionState.VOTING
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    services.presence_record(org=school, actor=chair, poll=poll, present=poll.voters.all())
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    entitled = poll.entitled_count
    one, two = voters(school, 2)
    for scrutineer in (one, two):
        services.scrutineer_add(
            org=school, actor=chair, poll=poll, user=scrutineer.user, name=scrutineer.name
        )
    services.paper_count_enter(
        org=school,
        actor=chair,
        poll=poll,
        issued=entitled,
        returned=entitled,
        valid=entitled,
        invalid=0,
    )
    option = poll.questions.get().options.get(member=people[0])
    counts = {f"o:{option.pk}": {"approve": entitled - 1}}
    for scrutineer in (one, two):
        services.paper_tally_enter(org=school, actor=scrutineer.user, poll=poll, counts=counts)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    selection = selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=dt.date(2026, 12, 3)
    )
    assert list(selection.nominees.filter(approved=True).values_list("member", flat=True)) == [
        people[0].pk
    ]


def test_the_decision_vote_with_one_time_codes(school):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    poll = selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 12, 2), mode=Mode.CODES
    )
    assert poll.mode == Mode.CODES and poll.state == State.DRAFT  # sealed: key holders first
    codes = services.codes_issue(org=school, actor=chair, poll=poll, group="全体会员", count=10)
    poll = open_poll(school, chair, poll)
    question = poll.questions.get()
    option = question.options.get(member=people[0])
    for code in codes[:9]:
        services.ballot_cast(
            org=school, poll=None, code=code.code, choices={question.pk: {option.pk: "approve"}}
        )
    poll = count_box(school, chair, poll)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    selection = selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=dt.date(2026, 12, 3)
    )
    assert selection.nominees.get(member=people[0]).approved


def test_the_chair_runs_the_steps_from_the_page_and_chooses_a_paper_vote(client, school):
    chair = chair_of(school)
    people = voters(school, 6)
    selection = selections.selection_create(
        org=school, actor=chair, title="优秀班主任评选", honour_title="优秀班主任"
    )
    client.force_login(chair)

    def step(name, data):
        return client.post(
            reverse(
                "polls:selection_step",
                kwargs={"org": school.code, "pk": selection.pk, "step": name},
            ),
            data,
        )

    step("nominate", {"member": people[0].pk, "by": "committee"})
    step("nominate", {"member": people[1].pk, "by": "self"})
    page = client.get(reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk}))
    text = page.content.decode()
    assert "Nominated by the union committee" in text and "Self-nominated" in text
    assert 'name="mode"' in text and "Paper ballots counted by scrutineers" in text
    step("vote", {"mode": "paper", "held_on": selection.held_on.isoformat()})
    selection.refresh_from_db()
    assert selection.state == SelectionState.VOTING
    assert selection.poll.mode == Mode.PAPER and selection.poll.state == State.DRAFT
    assert selection.poll.kind == "selection"


# Cancelling -------------------------------------------------------------------------------------


def _decided(school, chair, people):
    selection = _selection(school, chair, people)
    _vote_online(school, chair, selection, 9)
    selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=dt.date(2025, 6, 9)
    )
    selections.selection_decide(
        org=school, actor=chair, selection=selection, on=dt.date(2025, 6, 16)
    )
    selection.refresh_from_db()
    return selection


def test_a_cancelled_selection_withdraws_its_honour_and_notice_and_keeps_the_reason(client, school):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _decided(school, chair, people)
    honour = Honour.objects.get(org=school, member=people[0])
    assert list(indicators.get("polls.selections")(school, Period.year(2025)).records) == [
        selection
    ]
    client.force_login(chair)
    url = reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk})
    notice = reverse("polls:selection_notice", kwargs={"org": school.code, "pk": selection.pk})
    assert client.get(notice).status_code == 200
    step = reverse(
        "polls:selection_step", kwargs={"org": school.code, "pk": selection.pk, "step": "cancel"}
    )
    client.post(step, {"reason": " "})
    selection.refresh_from_db()
    assert selection.state == SelectionState.DECIDED  # no reason, nothing cancelled
    client.post(step, {"reason": "推荐名额有误，重新组织评选"})
    selection.refresh_from_db()
    assert selection.state == SelectionState.CANCELLED
    assert selection.cancel_reason == "推荐名额有误，重新组织评选"
    honour.refresh_from_db()  # kept, marked withdrawn with the reason
    assert honour.withdrawn_at is not None
    assert "推荐名额有误" in honour.withdraw_reason
    assert client.get(notice).status_code == 404  # the notice is withdrawn
    text = client.get(url).content.decode()
    assert "This selection was cancelled." in text
    assert "推荐名额有误，重新组织评选" in text
    assert "Its public notice is withdrawn." in text
    assert "Selection cancelled (1 honours withdrawn)" in text  # in the history
    with pytest.raises(ValidationError, match="cannot move"):
        selections.selection_cancel(org=school, actor=chair, selection=selection, reason="再次")
    # the year's summary no longer counts it as decided after a public notice
    decided = indicators.get("polls.selections")(school, Period.year(2025))
    assert list(decided.records) == []


def test_cancelling_during_the_vote_closes_it(school):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    poll = selections.selection_vote_open(org=school, actor=chair, selection=selection)
    assert poll.state == State.DRAFT  # sealed: it opens once its key holders are ready
    poll = open_poll(school, chair, poll)
    assert poll.state == State.OPEN
    selections.selection_cancel(org=school, actor=chair, selection=selection, reason="条件有误")
    poll.refresh_from_db()
    assert poll.state == State.CLOSED


# Pages and the printed notice ---------------------------------------------------------------------


def test_the_list_of_selections_reads_in_a_fixed_number_of_queries(
    client, school, django_assert_num_queries
):
    chair = chair_of(school)
    people = voters(school, 4)
    for _i in range(3):
        _selection(school, chair, people)
    client.force_login(chair)
    url = reverse("polls:selections", kwargs={"org": school.code})
    client.get(url)
    with django_assert_num_queries(5):
        page = client.get(url)
    assert page.content.decode().count("2026年度师德楷模评选") == 3


def _pdf_of(docx: bytes, tmp_path) -> tuple[int, str]:
    source = tmp_path / "notice.docx"
    source.write_bytes(docx)
    profile = f"file://{tmp_path}/lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "notice.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text


def test_the_printed_notice_is_one_a4_page_with_the_nominees_the_vote_and_how_to_object(
    client, school, tmp_path, settings
):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = selections.selection_create(
        org=school,
        actor=chair,
        title="2026年度师德楷模评选",
        honour_title="师德楷模",
        quota=3,
        held_on=dt.date(2026, 12, 1),
    )
    for person in people[:3]:
        selections.nominee_add(
            org=school, actor=chair, selection=selection, member=person, by="committee"
        )
    poll = selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=dt.date(2026, 12, 2)
    )
    poll = open_poll(school, chair, poll)
    question = poll.questions.get()
    for voter in poll.voters.select_related("user")[:9]:
        services.ballot_cast(
            org=school,
            poll=poll,
            user=voter.user,
            choices={question.pk: {o.pk: "approve" for o in question.options.all()}},
        )
    poll = count_box(school, chair, poll)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    selections.selection_notice_start(
        org=school,
        actor=chair,
        selection=selection,
        starts_on=dt.date(2026, 12, 3),
        contact="校工会办公室（行政楼203室）王老师，电话 6612 3456",
    )
    client.force_login(chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get(
        reverse("polls:selection_notice", kwargs={"org": school.code, "pk": selection.pk})
    )
    assert response.status_code == 200
    pages, text = _pdf_of(response.content, tmp_path)
    assert pages == 1
    flat = "".join(text.split())
    for person in people[:3]:
        assert person.name.replace(" ", "") in flat
    assert school.name.replace(" ", "") in flat
    assert "2026年12月03日" in flat and "2026年12月09日" in flat  # the notice period
    assert "共5个工作日" in flat
    assert "9/10" in flat  # the vote per nominee
    assert "匿名反映不予受理" in flat  # how to object: named, by letter, telephone, in person
    assert "2026年12月02日民主表决" in flat
    assert "受理异议：校工会办公室（行政楼203室）王老师，电话66123456。" in flat


def test_the_holidays_page_reads_in_a_fixed_number_of_queries(
    client, school, django_assert_num_queries
):
    _district_admin_enters(client, school, NEW_YEAR_2027)
    url = reverse("district:holidays", kwargs={"org": school.parent.code})
    client.get(url)
    workdays.forget()
    with django_assert_num_queries(7):
        page = client.get(url)
    text = page.content.decode()
    assert "Entered for 2027" in text and "2027-02-06" in text


def test_a_selections_page_reads_in_a_fixed_number_of_queries(
    client, school, django_assert_num_queries
):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _decided(school, chair, people)
    client.force_login(chair)
    url = reverse("polls:selection", kwargs={"org": school.code, "pk": selection.pk})
    client.get(url)
    with django_assert_num_queries(10):
        page = client.get(url)
    assert page.status_code == 200
