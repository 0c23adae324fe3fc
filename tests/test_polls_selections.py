"""A selection: nominations, screening against the records, the approval vote with its 80%
threshold, a public notice of 5 working days with named objections, and the honour written into
the honours register."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories_polls import count_box, open_poll, voters
from tests.personas import chair_of
from unionhall.core import workdays
from unionhall.honours.models import Honour
from unionhall.honours.services import honour_record
from unionhall.polls import selections, services
from unionhall.polls.models import SelectionState
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_notice_of_five_working_days_counts_its_first_day_and_skips_holidays():
    # 2025-09-29 (Mon): 29, 30 Sep, then the National Day holiday to 8 Oct; 9, 10 Oct are
    # working days (11 Oct, a Saturday, is a make-up working day)
    assert workdays.period_end(dt.date(2025, 9, 29), 5) == dt.date(2025, 10, 11)
    assert workdays.period_end(dt.date(2025, 6, 9), 5) == dt.date(2025, 6, 13)
    # a notice put up on a Saturday starts counting on Monday
    assert workdays.period_end(dt.date(2025, 6, 7), 5) == dt.date(2025, 6, 13)


def test_a_year_the_calendar_does_not_cover_counts_monday_to_friday():
    assert workdays.period_end(dt.date(2099, 6, 5), 5) == dt.date(2099, 6, 11)


def _selection(school, chair, people):
    selection = selections.selection_create(
        org=school,
        actor=chair,
        title="2025年度师德楷模评选",
        honour_title="师德楷模",
        min_years=5,
        quota=1,
    )
    for person in people[:3]:
        selections.nominee_add(
            org=school,
            actor=chair,
            selection=selection,
            member=person,
            by="group",
            group_name="语文组",
        )
    return selection


def test_a_selection_reaches_the_honours_register_after_five_working_days_of_notice(school):
    chair = chair_of(school)
    people = voters(school, 10)
    holder, newcomer = people[1], people[2]
    newcomer.joined_on = dt.date.today() - dt.timedelta(days=365)
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
    selection = _selection(school, chair, people)
    poll = selections.selection_vote_open(org=school, actor=chair, selection=selection)
    assert poll.state == State.DRAFT  # sealed: it opens once its key holders are ready
    poll = open_poll(school, chair, poll)
    nominees = {n.member_id: n for n in selection.nominees.all()}
    assert nominees[people[0].pk].eligible
    assert not nominees[holder.pk].eligible  # already holds it, per the honours register
    assert not nominees[newcomer.pk].eligible  # one year in the union
    (question,) = poll.questions.all()
    (option,) = question.options.all()
    for person in people[:8]:  # 8 of 10 entitled: exactly 80%
        services.ballot_cast(
            org=school, poll=poll, user=person.user, choices={question.pk: {option.pk: "approve"}}
        )
    poll = count_box(school, chair, poll)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
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
    selection.refresh_from_db()
    assert selection.state == SelectionState.DECIDED


def test_below_the_threshold_no_one_goes_on_notice(school):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    poll = selections.selection_vote_open(org=school, actor=chair, selection=selection)
    assert poll.state == State.DRAFT  # sealed: it opens once its key holders are ready
    poll = open_poll(school, chair, poll)
    question = poll.questions.get()
    for person in people[:7]:  # 70%
        services.ballot_cast(
            org=school,
            poll=poll,
            user=person.user,
            choices={question.pk: {o.pk: "approve" for o in question.options.all()[:1]}},
        )
    count_box(school, chair, poll)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    with pytest.raises(ValidationError, match="approval needed"):
        selections.selection_notice_start(org=school, actor=chair, selection=selection)
