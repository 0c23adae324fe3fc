"""The annual plan: started from the template on the school year's calendar, its tasks ticked by
the records that fulfil them (never by hand), the mid-year check, and next year's plan drafted
from this one and printed as .docx."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_care import record
from tests.factories_congress import accept, make_congress, submit
from tests.personas import chair_of, member_of, welfare_of
from unionhall.core import indicators
from unionhall.core.periods import Period
from unionhall.orgs import services as org_services
from unionhall.orgs.selectors import name_on
from unionhall.plans import selectors, services
from unionhall.plans.models import Task

TODAY = dt.date(2026, 3, 20)  # mid-year of the 2025-2026 school year
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
    pytest.mark.usefixtures("english"),
]


@pytest.fixture
def chair(school):
    return chair_of(school, display_name="王主席")


@pytest.fixture
def plan(school, chair):
    welfare_of(school, display_name="李委员")
    return services.plan_create_from_template(org=school, actor=chair, start_year=2025)


def task(plan, key) -> Task:
    return plan.tasks.get(template_key=key)


def state_of(plan, key) -> selectors.TaskStatus:
    return next(s for s in selectors.plan_statuses(plan, today=TODAY) if s.task.template_key == key)


def spring_festival_care(school, chair, day):
    visit, _warnings = record(
        school, chair, kind="festival", festival="spring", date=day, amount=Decimal("300.00")
    )
    return visit


def test_the_template_puts_the_lunar_festivals_on_their_days(plan):
    # Spring Festival 2026 is 17 February; Mid-Autumn 2025 is 6 October.
    new_year = task(plan, "new_year_spring")
    assert (new_year.starts_on, new_year.due_on) == (dt.date(2025, 12, 20), dt.date(2026, 3, 3))
    mid_autumn = task(plan, "mid_autumn")
    assert mid_autumn.starts_on <= dt.date(2025, 10, 6) <= mid_autumn.due_on
    assert task(plan, "teachers_day").owner.display_name == "李委员"  # the welfare member
    assert task(plan, "autumn_session").record_kind == "congress.session"
    assert plan.areas.count() == 6


def test_a_task_is_done_when_its_record_exists_in_its_window(school, chair, plan):
    assert state_of(plan, "new_year_spring").state == selectors.LATE
    visit = spring_festival_care(school, chair, dt.date(2026, 2, 10))
    status = state_of(plan, "new_year_spring")
    assert status.state == selectors.DONE
    assert status.done_on == dt.date(2026, 2, 10)
    assert [r.href for r in status.records] == [f"/o/{school.code}/care/{visit.pk}/"]


def test_a_record_outside_the_window_does_not_tick_the_task(school, chair, plan):
    spring_festival_care(school, chair, dt.date(2025, 11, 30))  # before 20 December
    assert state_of(plan, "new_year_spring").state == selectors.LATE


def test_a_linked_task_cannot_be_ticked_by_hand(school, chair, plan):
    linked = task(plan, "new_year_spring")
    with pytest.raises(ValidationError, match="cannot be ticked by hand"):
        services.task_tick(org=school, actor=chair, task=linked, done_on=None, note="发了年货")
    linked.refresh_from_db()
    assert linked.done_on is None
    assert state_of(plan, "new_year_spring").state == selectors.LATE


def test_an_unlinked_task_is_reported_done_with_how(school, chair, plan):
    checks = task(plan, "health_checks")
    with pytest.raises(ValidationError):
        services.task_tick(org=school, actor=chair, task=checks, done_on=None, note=" ")
    with pytest.raises(ValidationError):
        services.task_tick(
            org=school, actor=chair, task=checks, done_on=TODAY + dt.timedelta(1), note="体检"
        )
    services.task_tick(org=school, actor=chair, task=checks, done_on=TODAY, note="全员体检")
    assert state_of(plan, "health_checks").state == selectors.DONE


def test_the_mid_year_check_sorts_the_tasks_and_shows_the_records(
    client, school, chair, plan, django_assert_num_queries
):
    visit = spring_festival_care(school, chair, dt.date(2026, 2, 10))
    check = selectors.midyear_check(plan, today=TODAY)
    assert [s.task.template_key for s in check.groups[selectors.DONE]] == ["new_year_spring"]
    late = {s.task.template_key for s in check.groups[selectors.LATE]}
    assert {"teachers_day", "autumn_session", "womens_day"} <= late
    assert {s.task.template_key for s in check.groups[selectors.NOT_STARTED]} >= {"summer"}
    client.force_login(chair)
    with django_assert_num_queries(14):
        html = client.get(f"/o/{school.code}/plans/2025/check/").content.decode()
    done = html.split('id="check-done"')[1].split("</section>")[0]
    assert f'href="/o/{school.code}/care/{visit.pk}/"' in done
    assert "New Year and Spring Festival care" in done


def test_the_plan_page_query_count_does_not_grow_with_the_records(
    client, school, chair, plan, django_assert_num_queries
):
    client.force_login(chair)
    url = f"/o/{school.code}/plans/2025/"
    # One query for each kind of record the template's tasks name, however many records there are.
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
    for day in (5, 6, 7, 8):
        spring_festival_care(school, chair, dt.date(2026, 2, day))
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200


def test_a_member_cannot_read_the_plan_and_only_the_chair_edits_it(client, school, plan):
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/plans/2025/").status_code == 403
    client.force_login(welfare_of(school))
    assert client.get(f"/o/{school.code}/plans/2025/").status_code == 200
    assert client.post(f"/o/{school.code}/plans/2025/next/").status_code == 403


def test_the_chair_starts_this_years_plan_from_the_home_of_plans(client, school, chair):
    client.force_login(chair)
    response = client.get(f"/o/{school.code}/plans/")
    assert response.status_code == 200
    response = client.post(f"/o/{school.code}/plans/2025/start/")
    assert response.status_code == 302
    assert client.get(f"/o/{school.code}/plans/").url == f"/o/{school.code}/plans/2025/"


def test_next_years_plan_is_drafted_from_this_one(school, chair, plan):
    spring_festival_care(school, chair, dt.date(2026, 2, 10))
    own = services.task_create(
        org=school,
        actor=chair,
        plan=plan,
        title="教职工趣味运动会",
        starts_on=dt.date(2026, 4, 1),
        due_on=dt.date(2026, 4, 30),
        owner=chair,
        area=plan.areas.first(),
        record_kind="",
    )
    c = make_congress(school)
    open_one = accept(c, submit(c, title="关于改善教师食堂的建议"))
    draft = services.next_plan_draft(org=school, actor=chair, plan=plan, today=TODAY)
    assert draft.start_year == 2026 and draft.drafted_from == plan
    assert list(draft.areas.values_list("name", flat=True)) == list(
        plan.areas.values_list("name", flat=True)
    )
    # Spring Festival 2027 is 6 February: the template line's dates move with the calendar.
    assert task(draft, "new_year_spring").due_on == dt.date(2027, 2, 20)
    assert not task(draft, "new_year_spring").carried_over  # done this year
    assert task(draft, "teachers_day").carried_over  # left undone
    assert draft.tasks.get(title=own.title).starts_on == dt.date(2027, 4, 1)
    follow_up = draft.tasks.get(title__contains=open_one.title)
    assert follow_up.carried_over and follow_up.area.name == task(plan, "spring_session").area.name
    with pytest.raises(ValidationError):
        services.next_plan_draft(org=school, actor=chair, plan=plan, today=TODAY)


def test_next_years_plan_prints_as_docx_with_the_name_of_its_day(client, school, chair, plan):
    draft = services.next_plan_draft(org=school, actor=chair, plan=plan, today=TODAY)
    client.force_login(chair)
    response = client.get(f"/o/{school.code}/plans/2026/plan.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert school.name in texts[0] and "2026" in texts[0]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert task(draft, "spring_session").title in cells
    assert any(task(draft, "teachers_day").title in text for text in texts)  # carried over
    old_name = school.name
    org_services.school_rename(
        district=school.parent,
        actor=chair,
        school=school,
        name="新名字学校工会",
        effective_on=TODAY + dt.timedelta(days=1),
    )
    assert name_on(school, TODAY) == old_name
    assert name_on(school, TODAY + dt.timedelta(days=1)) == "新名字学校工会"
    # The plan was made under the old name, and keeps it when printed after the rename.
    response = client.get(f"/o/{school.code}/plans/2026/plan.docx")
    title = Document(io.BytesIO(response.content)).paragraphs[0].text
    assert old_name in title and "新名字" not in title


def test_the_indicator_counts_tasks_due_and_done_with_their_records(school, chair, plan):
    found = indicators.get("plans.tasks_done")
    year = Period.school_year(2025)
    spring_festival_care(school, chair, dt.date(2026, 2, 10))
    result = found(school, year)
    due = list(result.records)
    assert all(t.due_on <= TODAY for t in due)
    assert result.detail == {"numerator": 1, "denominator": len(due)}
    assert found(school, Period.year(1950)).value is None
    areas = indicators.get("plans.next_year_areas")
    assert areas(school, Period.school_year(2025)).value is None  # no plan for 2026 yet
    services.next_plan_draft(org=school, actor=chair, plan=plan, today=TODAY)
    assert areas(school, Period.school_year(2025)).value == 6


def test_members_joining_tick_the_september_task(school, chair, plan):
    MemberFactory(org=school, joined_on=dt.date(2025, 9, 3))
    assert state_of(plan, "new_members").state == selectors.DONE


def _linked_task(school, chair, plan, kind, start, end, title):
    return services.task_create(
        org=school,
        actor=chair,
        plan=plan,
        title=title,
        starts_on=start,
        due_on=end,
        owner=chair,
        area=plan.areas.first(),
        record_kind=kind,
    )


def test_next_years_draft_lists_each_carried_over_task_once(school, chair, plan):
    c = make_congress(school)
    open_one = accept(c, submit(c, title="关于改善教师食堂的建议"))
    # This year's plan already carries the proposal over (from last year's draft), twice over.
    from django.utils.translation import gettext as _

    title = _("Carry out proposal No. %(number)s of the congress (%(session)s): %(title)s") % {
        "number": open_one.number,
        "session": open_one.session,
        "title": open_one.title,
    }
    for _n in range(2):
        _linked_task(school, chair, plan, "", dt.date(2025, 9, 1), dt.date(2026, 1, 31), title)
    draft = services.next_plan_draft(org=school, actor=chair, plan=plan, today=TODAY)
    titles = list(draft.tasks.values_list("title", flat=True))
    assert titles.count(title) == 1
    assert len(titles) == len(set(titles))  # every task once


def test_only_what_happened_by_today_is_evidence(school, chair, plan):
    from tests.factories_activities import activity
    from tests.factories_polls import election
    from unionhall.polls.models import Poll

    window = (dt.date(2026, 3, 1), dt.date(2026, 4, 30))
    future = _linked_task(school, chair, plan, "activities.activity", *window, "春季运动会")
    activity(school, starts_on=TODAY + dt.timedelta(days=5), title="春季运动会")
    assert state_of_task(plan, future).state != selectors.DONE  # planned, not yet held

    autumn = _linked_task(
        school, chair, plan, "polls.poll", dt.date(2025, 11, 1), dt.date(2025, 11, 30), "秋季测评"
    )
    spring = _linked_task(school, chair, plan, "polls.poll", *window, "春季测评")
    poll, *_questions = election(school, chair=chair)
    moment = dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)  # entered today, held in November
    Poll.objects.filter(pk=poll.pk).update(
        held_on=dt.date(2025, 11, 10), closed_at=moment, published_at=moment
    )
    assert state_of_task(plan, autumn).done_on == dt.date(2025, 11, 10)
    assert state_of_task(plan, spring).state != selectors.DONE  # not on the day it was entered
    # Neither an invalid poll nor one never published is evidence.
    Poll.objects.filter(pk=poll.pk).update(void_reason="不足法定人数")
    assert state_of_task(plan, autumn).state != selectors.DONE
    Poll.objects.filter(pk=poll.pk).update(void_reason="", published_at=None)
    assert state_of_task(plan, autumn).state != selectors.DONE


def state_of_task(plan, task) -> selectors.TaskStatus:
    return next(s for s in selectors.plan_statuses(plan, today=TODAY) if s.task.pk == task.pk)


def test_the_owners_are_sorted_by_name_each_once(school, chair, plan):
    from tests.factories import UserFactory, grant
    from unionhall.members.names import pinyin_keys
    from unionhall.plans.forms import TaskForm

    for display_name in ("赵委员", "安委员", "李委员"):
        grant(UserFactory(display_name=display_name), school, "committee_culture")
    form = TaskForm(plan=plan)
    labels = [label for value, label in form.fields["owner"].choices if value]
    assert labels == sorted(labels, key=lambda name: pinyin_keys(name)[0])
    assert labels[0].startswith("安委员")
    # Two accounts of one name are told apart; no account is listed twice.
    assert len([label for label in labels if label.startswith("李委员")]) == 2
    assert len(set(labels)) == len(labels)


def test_the_docx_task_column_is_wide_enough(client, school, chair, plan):
    client.force_login(chair)
    document = Document(io.BytesIO(client.get(f"/o/{school.code}/plans/2025/plan.docx").content))
    [grid] = [t for t in document.tables if len(t.columns) == 5]
    widths = [column.width.cm for column in grid.columns]
    assert widths[1] >= 6.0 and widths[1] == max(widths)
    assert round(sum(widths), 1) <= 15.6  # within the A4 text block
