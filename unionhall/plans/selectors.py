"""Reads of the annual plan: whether each task is done by its records, the mid-year check, and
what next year's plan is drafted from."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.congress.models import Proposal
from unionhall.congress.workflow import State
from unionhall.plans.kinds import RECORD_KINDS, RecordKind
from unionhall.plans.models import Plan, Task

DONE, LATE, UNDER_WAY, NOT_STARTED = "done", "late", "under_way", "not_started"
STATE_LABELS = {
    DONE: pgettext_lazy("task", "Done"),
    LATE: _("Late"),
    UNDER_WAY: _("Under way"),
    NOT_STARTED: _("Not started"),
}


@dataclass(frozen=True)
class RecordShown:
    text: str
    href: str


@dataclass
class TaskStatus:
    task: Task
    state: str
    done_on: dt.date | None = None
    # For a linked task: its kind of record, the organisation, and the records of that kind
    # that fulfil it, oldest first (what `records` names and links).
    kind: RecordKind | None = field(default=None, repr=False, compare=False)
    org: Any = field(default=None, repr=False, compare=False)
    fulfilled_by: list = field(default_factory=list, repr=False, compare=False)

    @cached_property
    def records(self) -> list[RecordShown]:
        """The records that fulfil the task, each named and with where it is shown: made when
        first asked for (the plan's pages), not for the summary, which only counts the tasks
        done."""
        if self.kind is None:
            return []
        return [
            RecordShown(self.kind.describe(record), self.kind.link(self.org, record))
            for record in self.fulfilled_by
        ]

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def kind_label(self) -> str:
        kind = RECORD_KINDS.get(self.task.record_kind)
        return str(kind.label) if kind is not None else ""


def statuses(org, tasks: list[Task], *, today: dt.date) -> list[TaskStatus]:
    """Each task's state on `today`. A linked task is done when a record of its kind is dated in
    its window (one query per kind, whatever the number of tasks); an unlinked one when it was
    ticked by hand."""
    by_kind: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.record_kind in RECORD_KINDS:
            by_kind[task.record_kind].append(task)
    found: dict[int, list] = defaultdict(list)
    for key, linked in by_kind.items():
        kind = RECORD_KINDS[key]
        start = min(task.starts_on for task in linked)
        # Only what has happened: an activity planned for next week fulfils nothing yet.
        end = min(max(task.due_on for task in linked), today)
        # Unordered: a task's records are sorted below, by date and id.
        for record in kind.between(org, start, end).order_by():
            day = kind.date_of(record)
            for task in linked:
                if task.starts_on <= day <= min(task.due_on, today):
                    found[task.pk].append((day, record))
    shown = []
    for task in tasks:
        kind = RECORD_KINDS.get(task.record_kind)
        records = []
        if kind is not None:
            records = sorted(found[task.pk], key=lambda item: (item[0], item[1].pk))
            done_on = records[0][0] if records else None
        else:
            done_on = task.done_on
        if done_on is not None:
            state = DONE
        elif task.due_on < today:
            state = LATE
        elif task.starts_on <= today:
            state = UNDER_WAY
        else:
            state = NOT_STARTED
        shown.append(
            TaskStatus(
                task, state, done_on, kind, org, fulfilled_by=[record for _day, record in records]
            )
        )
    return shown


def plan_get(*, org, start_year: int) -> Plan | None:
    return Plan.objects.filter(org=org, start_year=start_year).first()


def plan_exists(*, org, start_year: int) -> bool:
    return Plan.objects.filter(org=org, start_year=start_year).exists()


def plans_of(*, org) -> QuerySet[Plan]:
    """Every year's plan of the school, for the list beside the plan."""
    return Plan.objects.filter(org=org)


def plan_tasks(plan: Plan) -> list[Task]:
    return list(plan.tasks.select_related("owner", "area"))


def plan_statuses(plan: Plan, *, today: dt.date) -> list[TaskStatus]:
    return statuses(plan.org, plan_tasks(plan), today=today)


@dataclass
class MidYearCheck:
    """年中检查: the plan's tasks by state on the day of the check."""

    day: dt.date
    groups: dict[str, list[TaskStatus]]

    def count(self, state: str) -> int:
        return len(self.groups[state])


def midyear_check(plan: Plan, *, today: dt.date) -> MidYearCheck:
    groups: dict[str, list[TaskStatus]] = {state: [] for state in STATE_LABELS}
    for status in plan_statuses(plan, today=today):
        groups[status.state].append(status)
    return MidYearCheck(today, groups)


def open_proposals(*, org):
    """Proposals the congress accepted that are not yet carried out: next year's plan follows
    them through."""
    return (
        Proposal.objects.filter(
            org=org, state__in=[State.ACCEPTED, State.ANSWERED, State.REANSWER, State.RATED]
        )
        .select_related("session__term")
        .order_by("session__held_on", "number")
    )
