"""What waits on the home page from the annual plan: this month's tasks not yet done."""

import calendar

from django.urls import reverse
from django.utils.translation import gettext as _

from unionhall.core.today import Waiting, waiting
from unionhall.plans import selectors
from unionhall.plans.models import Task


@waiting("plans.due", capability="plans.edit", order=60)
def tasks_due_this_month(request, today):
    """Tasks due by the end of this month (or late) that no record and no tick has done: one
    query, and one more for each kind of record the late tasks are linked to."""
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    tasks = list(
        Task.objects.filter(org=request.org, due_on__lte=month_end, done_on__isnull=True)
        .filter(due_on__gte=today.replace(day=1))
        .select_related("plan")
    )
    shown = []
    for status in selectors.statuses(request.org, tasks, today=today):
        if status.state == selectors.DONE:
            continue
        task = status.task
        url = reverse("plans:plan", kwargs={"org": request.org.code, "year": task.plan.start_year})
        shown.append(
            Waiting(
                _("Plan task: %(title)s") % {"title": task.title},
                url,
                due=task.due_on,
                overdue=task.due_on < today,
            )
        )
    return shown
