"""Work plans in the year's archive (组织建设: 工作计划): each plan of the year as its .docx, and
a workbook of its tasks with their state, as the plan's page shows them."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.archive import (
    ORGANISATION,
    PLANS_AND_SUMMARIES,
    ArchiveFile,
    Expected,
    archive_part,
)
from unionhall.core.excel import workbook_bytes
from unionhall.plans import selectors
from unionhall.plans.documents import plan_docx
from unionhall.plans.models import Plan


def plans_of_year(org, period):
    """The plans whose school year (from 1 September) overlaps the period."""
    first = period.start.year - (0 if period.start.month >= 9 else 1)
    last = period.end.year - (0 if period.end.month >= 9 else 1)
    return Plan.objects.filter(org=org, start_year__range=(first, last)).order_by("start_year")


@archive_part(
    "plans.plans",
    category=ORGANISATION,
    material=PLANS_AND_SUMMARIES,
    expected=Expected(
        gettext_lazy("the year's work plan"),
        rows=plans_of_year,
    ),
)
def plans(org, period):
    today = timezone.localdate()
    folder = _("Work plans")
    for plan in plans_of_year(org, period).select_related("org"):
        shown = selectors.plan_statuses(plan, today=today)
        yield ArchiveFile(f"{folder}/{plan.school_year_label}.docx", content=plan_docx(plan, shown))
        yield ArchiveFile(
            f"{folder}/" + _("Plan tasks %(year)s.xlsx") % {"year": plan.school_year_label},
            content=workbook_bytes(
                [
                    (
                        _("Tasks"),
                        [
                            _("Work area"),
                            _("Task"),
                            _("Starts on"),
                            _("Due by"),
                            _("Owner"),
                            _("Fulfilled by"),
                            _("State"),
                            _("Done on"),
                            _("How it was done"),
                            _("Records"),
                            _("Left undone last year"),
                            _("Record no."),
                        ],
                        (
                            (
                                str(status.task.area or ""),
                                status.task.title,
                                status.task.starts_on,
                                status.task.due_on,
                                str(status.task.owner or ""),
                                status.kind_label,
                                status.label,
                                status.done_on,
                                status.task.done_note,
                                "；".join(record.text for record in status.records),
                                _("Yes") if status.task.carried_over else _("No"),
                                status.task.pk,
                            )
                            for status in shown
                        ),
                    )
                ]
            ),
        )
