"""The plan's parts of the year-end summary: 三、下一步工作打算 from next year's plan (its work
areas, each with what the union means to do and its tasks), and, among 存在的问题和不足, the
tasks of this year's plan that were due and not done. Figures from plans.* indicators only."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.summary import NEXT, Figure, Paragraph, Records, Section, problem, section
from unionhall.core.text import join_list
from unionhall.plans.indicators import next_plan_year
from unionhall.plans.models import WorkArea


def _area(number: int, area: WorkArea) -> Paragraph:
    """One work area of next year's plan as a numbered paragraph: its aims and its tasks."""
    tasks = join_list(task.title for task in area.tasks.all())
    aims = area.aims.strip().rstrip("。.")
    if aims:
        text = _("%(number)s. %(area)s: %(aims)s.") % {
            "number": number,
            "area": area.name,
            "aims": aims,
        }
    else:
        text = _("%(number)s. %(area)s.") % {"number": number, "area": area.name}
    if tasks:
        text += _(" Tasks: %(tasks)s.") % {"tasks": tasks}
    # Plain text from the plan itself (not a figure); braces in it are not placeholders.
    return Paragraph(text.replace("{", "{{").replace("}", "}}"))


@section("plans", title=gettext_lazy("Next year's work plan"), part=NEXT, reads=("plans",))
def plans(org, period) -> Section:
    areas = list(
        WorkArea.objects.filter(org=org, plan__start_year=next_plan_year(period))
        .order_by("sort_order", "id")
        .prefetch_related("tasks")
    )
    return Section(
        paragraphs=[
            Paragraph(
                gettext_lazy("Next year the union will work in {count} areas: {areas}."),
                count=Figure("plans.next_year_areas"),
                areas=Records("plans.next_year_areas", show=lambda area: area.name),
                empty=gettext_lazy("Next year's plan is not recorded yet."),
            ),
            *(_area(number, area) for number, area in enumerate(areas, start=1)),
        ],
        empty=gettext_lazy("Next year's plan is not recorded yet."),
    )


@problem("plans.not_done", reads=("plans", "activities", "care", "congress", "funds", "members"))
def tasks_not_done(org, period) -> Paragraph:
    return Paragraph(
        gettext_lazy(
            "Of the {due} tasks of the plan due in this period, {not_done} were not done: {list}."
        ),
        due=Figure("plans.tasks_done", detail="denominator"),
        not_done=Figure("plans.tasks_not_done"),
        # A task's title may hold commas of its own: the tasks are set apart by semicolons.
        list=Records(
            "plans.tasks_not_done", show=lambda task: task.title, separator=gettext_lazy("; ")
        ),
    )
