"""Indicators of the annual plan: how many of the tasks due were done (by their records, or
reported done by hand where no record could show it), and next year's plan's work areas."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import (
    COUNT,
    RATE,
    IndicatorValue,
    count_of,
    indicator,
    rate_of,
    shared,
)
from unionhall.core.periods import Period, school_year_of
from unionhall.plans import selectors
from unionhall.plans.models import Task, WorkArea


def _describe_task(task: Task) -> str:
    return f"{task.due_on} {task.title}"


def tasks_due(org, period: Period):
    """The plan tasks due in the period, up to today (a task not yet due is not counted)."""
    end = min(period.end, timezone.localdate())
    return (
        Task.objects.filter(org=org, due_on__range=(period.start, end))
        .select_related("plan", "owner", "area")
        .order_by("due_on", "id")
    )


@indicator(
    "plans.tasks_done",
    _("Plan tasks done"),
    unit="%",
    kind=RATE,
    describe=_describe_task,
    capability="plans.view",
    empty=_("no plan tasks due"),
)
def tasks_done(org, period: Period):
    due, shown = _due_and_statuses(org, period)
    done = sum(status.state == selectors.DONE for status in shown)
    return rate_of(numerator=done, denominator=len(shown), records=due)


def _due_and_statuses(org, period: Period) -> tuple[list[Task], list[selectors.TaskStatus]]:
    """The tasks due in the period and their states today, read once per summary for the tasks
    done and the tasks not done."""
    today = timezone.localdate()

    def read():
        due = list(tasks_due(org, period))
        return due, selectors.statuses(org, due, today=today)

    return shared(("plans.statuses", org.pk, period.start, period.end, today), read)


def next_plan_year(period: Period) -> int:
    """The school year that follows the period: its plan is 'next year's plan'."""
    return school_year_of(period.end + dt.timedelta(days=1))


def _describe_area(area: WorkArea) -> str:
    if not area.aims:
        return area.name
    return gettext("%(area)s: %(aims)s") % {"area": area.name, "aims": area.aims}


@indicator(
    "plans.next_year_areas",
    _("Work areas of next year's plan"),
    unit=_("areas"),
    kind=COUNT,
    describe=_describe_area,
    capability="plans.view",
)
def next_year_areas(org, period: Period):
    return count_of(
        WorkArea.objects.filter(org=org, plan__start_year=next_plan_year(period)).order_by(
            "sort_order", "id"
        )
    )


@indicator(
    "plans.tasks_not_done",
    _("Plan tasks due and not done"),
    unit=_("tasks"),
    kind=COUNT,
    describe=_describe_task,
    capability="plans.view",
)
def tasks_not_done(org, period: Period):
    _due, shown = _due_and_statuses(org, period)
    rows = [status.task for status in shown if status.state != selectors.DONE]
    return IndicatorValue(value=len(rows) or None, records=rows)
