"""Writes to the annual plan. Each is atomic and audited; a refusal changes nothing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.orgs.models import Organisation, RoleAssignment, User
from unionhall.orgs.selectors import school_year_dates
from unionhall.plans import selectors, template
from unionhall.plans.kinds import RECORD_KINDS
from unionhall.plans.models import Plan, Task, WorkArea

TASK_FIELDS = ("title", "starts_on", "due_on", "owner", "area", "record_kind")


def _holder(org: Organisation, role: str) -> User | None:
    """Who holds `role` in `org` (the first to have been given it), to own a template task."""
    found = (
        RoleAssignment.objects.filter(org=org, role=role)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return found.user if found is not None else None


def _plan_new(
    *, org: Organisation, actor: User, start_year: int, goals: str, drafted_from=None
) -> Plan:
    if Plan.objects.filter(org=org, start_year=start_year).exists():
        raise ValidationError(
            _("There is a plan for %(start)s-%(end)s already.")
            % {"start": start_year, "end": start_year + 1}
        )
    plan = Plan(
        org=org, start_year=start_year, goals=goals, drafted_from=drafted_from, created_by=actor
    )
    return audit.audited_create(plan, org=org, actor=actor, summary=plan.school_year_label)


@transaction.atomic
def plan_create_from_template(*, org: Organisation, actor: User, start_year: int) -> Plan:
    """This school year's plan from the default template: its work areas, and its tasks on the
    dates of that school year (the school's own, where the chair set them)."""
    if not org.is_school:
        raise ValidationError(_("Only a school union keeps an annual plan here."))
    plan = _plan_new(org=org, actor=actor, start_year=start_year, goals=str(template.DEFAULT_GOALS))
    areas = {
        key: WorkArea.objects.create(
            org=org, plan=plan, name=str(name), aims=str(aims), sort_order=number
        )
        for number, (key, name, aims) in enumerate(template.AREAS, start=1)
    }
    year = school_year_dates(org, start_year)
    owners = {role: _holder(org, role) for role in {t.owner_role for t in template.TASKS}}
    for line in template.TASKS:
        starts_on, due_on = template.window_in(line, year, start_year)
        Task.objects.create(
            org=org,
            plan=plan,
            area=areas[line.area],
            title=str(line.title),
            starts_on=starts_on,
            due_on=due_on,
            owner=owners[line.owner_role] or actor,
            record_kind=line.record_kind,
            template_key=line.key,
        )
    return plan


@transaction.atomic
def plan_update(*, org: Organisation, actor: User, plan: Plan, goals: str) -> Plan:
    _own(org, plan)
    audit.audited_update(plan, org=org, actor=actor, fields=("goals",), changes={"goals": goals})
    return plan


def _own(org: Organisation, row) -> None:
    if row.org_id != org.pk:
        raise ValidationError(_("No such plan here."))


def _area_name(plan: Plan, name: str, area: WorkArea | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the work area a name.")})
    clash = WorkArea.objects.filter(plan=plan, name=name)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("The plan has a work area “%(name)s” already.") % {"name": name}}
        )
    return name


@transaction.atomic
def area_create(
    *, org: Organisation, actor: User, plan: Plan, name: str, aims: str, sort_order: int = 0
) -> WorkArea:
    _own(org, plan)
    area = WorkArea(
        org=org, plan=plan, name=_area_name(plan, name, None), aims=aims, sort_order=sort_order
    )
    return audit.audited_create(area, org=org, actor=actor, summary=name)


@transaction.atomic
def area_update(
    *, org: Organisation, actor: User, area: WorkArea, name: str, aims: str, sort_order: int
) -> WorkArea:
    _own(org, area)
    audit.audited_update(
        area,
        org=org,
        actor=actor,
        fields=("name", "aims", "sort_order"),
        changes={"name": _area_name(area.plan, name, area), "aims": aims, "sort_order": sort_order},
    )
    return area


def _task_fields(
    plan: Plan,
    *,
    title: str,
    starts_on: dt.date,
    due_on: dt.date,
    owner: User | None,
    area: WorkArea | None,
    record_kind: str,
) -> dict:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Say what the task is.")})
    if due_on < starts_on:
        raise ValidationError({"due_on": _("A task is due on or after the day it starts.")})
    if record_kind and record_kind not in RECORD_KINDS:
        raise ValidationError({"record_kind": _("Choose one of the listed kinds of record.")})
    if area is not None and area.plan_id != plan.pk:
        raise ValidationError({"area": _("Choose one of this plan's work areas.")})
    if owner is not None and not RoleAssignment.objects.filter(user=owner, org=plan.org).exists():
        raise ValidationError({"owner": _("The owner must hold a role in this union.")})
    return {
        "title": title,
        "starts_on": starts_on,
        "due_on": due_on,
        "owner": owner,
        "area": area,
        "record_kind": record_kind,
    }


@transaction.atomic
def task_create(*, org: Organisation, actor: User, plan: Plan, **fields) -> Task:
    _own(org, plan)
    task = Task(org=org, plan=plan, **_task_fields(plan, **fields))
    return audit.audited_create(task, org=org, actor=actor, summary=task.title)


@transaction.atomic
def task_update(*, org: Organisation, actor: User, task: Task, **fields) -> Task:
    _own(org, task)
    changes = _task_fields(task.plan, **fields)
    if changes["record_kind"] and task.done_on is not None:
        # Linked to a kind of record from now on: its records decide, not the earlier tick.
        changes.update(done_on=None, done_note="")
    audit.audited_update(task, org=org, actor=actor, fields=TASK_FIELDS, changes=changes)
    return task


@transaction.atomic
def task_tick(
    *, org: Organisation, actor: User, task: Task, done_on: dt.date | None, note: str
) -> Task:
    """Report an unlinked task done. A task linked to a kind of record is done by its records
    and cannot be ticked by hand."""
    _own(org, task)
    if task.record_kind:
        kind = RECORD_KINDS.get(task.record_kind)
        raise ValidationError(
            _(
                "This task is done when its record exists (%(kind)s) between %(start)s and "
                "%(end)s; it cannot be ticked by hand."
            )
            % {
                "kind": kind.label if kind else task.record_kind,
                "start": task.starts_on,
                "end": task.due_on,
            }
        )
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A task cannot be done on a day still to come.")})
    if not note.strip():
        raise ValidationError({"note": _("Say briefly how it was done: the summary draws on it.")})
    audit.audited_update(
        task,
        org=org,
        actor=actor,
        fields=("done_on", "done_note"),
        changes={"done_on": done_on, "done_note": note.strip()},
        summary=Msg(gettext_noop("task reported done")),
    )
    return task


def _a_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def next_plan_draft(
    *, org: Organisation, actor: User, plan: Plan, today: dt.date | None = None
) -> Plan:
    """Next school year's plan, drafted from this one for the chair to edit:
    - its goals and work areas;
    - each of its tasks again, on next year's dates (a template line's own dates for next
      year, so lunar festivals move; the chair's own tasks a year later), flagged when it was
      left undone this year;
    - a task for each proposal the congress accepted that is not yet carried out."""
    _own(org, plan)
    today = today or timezone.localdate()
    start_year = plan.start_year + 1
    draft = _plan_new(
        org=org, actor=actor, start_year=start_year, goals=plan.goals, drafted_from=plan
    )
    areas = {
        area.pk: WorkArea.objects.create(
            org=org, plan=draft, name=area.name, aims=area.aims, sort_order=area.sort_order
        )
        for area in plan.areas.all()
    }
    year = school_year_dates(org, start_year)
    democracy = None
    # Each task once: a proposal's task carried over from this year is not added again below,
    # nor a task this year's plan happens to hold twice.
    titles: set[str] = set()
    for status in selectors.plan_statuses(plan, today=today):
        task = status.task
        if task.title in titles:
            continue
        titles.add(task.title)
        line = template.TASKS_BY_KEY.get(task.template_key)
        if line is not None:
            starts_on, due_on = template.window_in(line, year, start_year)
        else:
            starts_on, due_on = _a_year_later(task.starts_on), _a_year_later(task.due_on)
        Task.objects.create(
            org=org,
            plan=draft,
            area=areas.get(task.area_id),
            title=task.title,
            starts_on=starts_on,
            due_on=due_on,
            owner=task.owner,
            record_kind=task.record_kind,
            template_key=task.template_key,
            carried_over=status.state
            in (selectors.LATE, selectors.UNDER_WAY, selectors.NOT_STARTED),
        )
    democracy = next(
        (areas[a.pk] for a in plan.areas.all() if a.name == str(template.AREAS[1][1])), None
    )
    first_semester_end = min(dt.date(start_year + 1, 1, 31), year.end)
    for proposal in selectors.open_proposals(org=org):
        title = _("Carry out proposal No. %(number)s of the congress (%(session)s): %(title)s") % {
            "number": proposal.number,
            "session": proposal.session,
            "title": proposal.title,
        }
        if title in titles:
            continue
        titles.add(title)
        Task.objects.create(
            org=org,
            plan=draft,
            area=democracy,
            title=title,
            starts_on=year.start,
            due_on=first_semester_end,
            owner=actor,
            carried_over=True,
        )
    return draft
