"""The annual plan's pages: the plan month by month with each task's records, its edit forms,
the mid-year check, next year's draft and the .docx."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.orgs.access import requires
from unionhall.orgs.selectors import school_year_start_of
from unionhall.plans import documents, forms, selectors, services
from unionhall.plans.models import Plan, Task, WorkArea


def _plan(request, year: int) -> Plan:
    return get_object_or_404(Plan, org=request.org, start_year=year)


def _plan_url(request, year: int) -> str:
    return reverse("plans:plan", kwargs={"org": request.org.code, "year": year})


@requires("plans.view")
def home(request):
    """This school year's plan, or the offer to start it from the template."""
    start_year = school_year_start_of(request.org, timezone.localdate())
    if selectors.plan_exists(org=request.org, start_year=start_year):
        return redirect(_plan_url(request, start_year))
    return render(
        request,
        "plans/start.html",
        {
            "start_year": start_year,
            "end_year": start_year + 1,
            "plans": selectors.plans_of(org=request.org),
        },
    )


@require_POST
@requires("plans.edit")
def plan_create(request, year: int):
    return run_action(
        request,
        form=None,
        perform=lambda data: services.plan_create_from_template(
            org=request.org, actor=request.user, start_year=year
        ),
        success=_("The plan was started from the template: edit it to fit the school."),
        redirect_to=_plan_url(request, year),
    )


@requires("plans.view")
def plan_page(request, year: int):
    plan = _plan(request, year)
    today = timezone.localdate()
    statuses = selectors.plan_statuses(plan, today=today)
    months: dict = {}
    for status in statuses:
        months.setdefault(status.task.due_on.replace(day=1), []).append(status)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "areas": plan.areas.all(),
            "months": sorted(months.items()),
            "next_exists": selectors.plan_exists(org=request.org, start_year=year + 1),
            "plans": selectors.plans_of(org=request.org),
        },
    )


@requires("plans.edit")
def goals_edit(request, year: int):
    plan = _plan(request, year)
    return run_action(
        request,
        form=forms.GoalsForm(request.POST or None, initial={"goals": plan.goals}),
        perform=lambda data: services.plan_update(
            org=request.org, actor=request.user, plan=plan, **data
        ),
        success=_("The goals were saved."),
        redirect_to=_plan_url(request, year),
        template="plans/form.html",
        context={"heading": _("Guiding ideas and goals"), "plan": plan},
    )


@requires("plans.edit")
def area_add(request, year: int):
    plan = _plan(request, year)
    return run_action(
        request,
        form=forms.AreaForm(request.POST or None),
        perform=lambda data: services.area_create(
            org=request.org, actor=request.user, plan=plan, **data
        ),
        success=_("The work area was added."),
        redirect_to=_plan_url(request, year),
        template="plans/form.html",
        context={"heading": _("New work area"), "plan": plan},
    )


@requires("plans.edit")
def area_edit(request, pk: int):
    area = get_object_or_404(WorkArea.objects.select_related("plan"), org=request.org, pk=pk)
    initial = {name: getattr(area, name) for name in forms.AreaForm.Meta.fields}
    return run_action(
        request,
        form=forms.AreaForm(request.POST or None, initial=initial),
        perform=lambda data: services.area_update(
            org=request.org, actor=request.user, area=area, **data
        ),
        success=_("The work area was saved."),
        redirect_to=_plan_url(request, area.plan.start_year),
        template="plans/form.html",
        context={"heading": area.name, "plan": area.plan},
    )


@requires("plans.edit")
def task_add(request, year: int):
    plan = _plan(request, year)
    return run_action(
        request,
        form=forms.TaskForm(request.POST or None, plan=plan),
        perform=lambda data: services.task_create(
            org=request.org, actor=request.user, plan=plan, **data
        ),
        success=_("The task was added."),
        redirect_to=_plan_url(request, year),
        template="plans/form.html",
        context={"heading": _("New task"), "plan": plan},
    )


@requires("plans.edit")
def task_edit(request, pk: int):
    task = get_object_or_404(Task.objects.select_related("plan"), org=request.org, pk=pk)
    initial = {name: getattr(task, name) for name in forms.TaskForm.Meta.fields}
    return run_action(
        request,
        form=forms.TaskForm(request.POST or None, initial=initial, plan=task.plan),
        perform=lambda data: services.task_update(
            org=request.org, actor=request.user, task=task, **data
        ),
        success=_("The task was saved."),
        redirect_to=_plan_url(request, task.plan.start_year),
        template="plans/form.html",
        context={"heading": task.title, "plan": task.plan},
    )


@requires("plans.edit")
def task_tick(request, pk: int):
    task = get_object_or_404(Task.objects.select_related("plan"), org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.TickForm(request.POST or None),
        perform=lambda data: services.task_tick(
            org=request.org, actor=request.user, task=task, **data
        ),
        success=_("The task was reported done."),
        redirect_to=_plan_url(request, task.plan.start_year),
        template="plans/form.html",
        context={"heading": task.title, "plan": task.plan},
    )


@requires("plans.view")
def midyear_check(request, year: int):
    """年中检查: the plan's tasks done, late, under way and not started, each with its records."""
    plan = _plan(request, year)
    check = selectors.midyear_check(plan, today=timezone.localdate())
    groups = [
        (state, selectors.STATE_LABELS[state], check.groups[state])
        for state in (selectors.DONE, selectors.LATE, selectors.UNDER_WAY, selectors.NOT_STARTED)
    ]
    return render(request, "plans/check.html", {"plan": plan, "check": check, "groups": groups})


@require_POST
@requires("plans.edit")
def draft_next(request, year: int):
    plan = _plan(request, year)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.next_plan_draft(
            org=request.org, actor=request.user, plan=plan
        ),
        success=_("Next year's plan was drafted from this one: edit it before it is printed."),
        redirect_to=_plan_url(request, year + 1),
    )


@requires("plans.view")
def plan_docx(request, year: int):
    plan = _plan(request, year)
    statuses = selectors.plan_statuses(plan, today=timezone.localdate())
    response = HttpResponse(
        documents.plan_docx(plan, statuses),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.school_year_label}.docx"'
    return response
