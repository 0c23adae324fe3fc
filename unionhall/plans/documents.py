"""The annual plan as a Word document, in the official layout (core.documents): the title with
the school's name of the plan's day, the goals, the work areas, the month-by-month schedule, what
was left undone last year, and the union's signature."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from unionhall.core import documents
from unionhall.orgs.selectors import name_on
from unionhall.plans.models import Plan
from unionhall.plans.selectors import TaskStatus

NUMBERS = "一二三四五六七八九十"


def plan_docx(plan: Plan, statuses: list[TaskStatus]) -> bytes:
    today = timezone.localdate()
    # The name the school had when the plan was made: a renamed school's old plans keep it.
    school = name_on(plan.org, timezone.localdate(plan.created_at))
    document = documents.official_document()
    documents.title(
        document,
        _("%(school)s work plan for the %(start)s-%(end)s school year")
        % {"school": school, "start": plan.start_year, "end": plan.start_year + 1},
    )
    headings = iter(NUMBERS)
    documents.heading(document, _("%(n)s. Guiding ideas and goals") % {"n": next(headings)})
    for text in plan.goals.splitlines() or [""]:
        if text.strip():
            documents.paragraph(document, text.strip())
    areas = list(plan.areas.all())
    if areas:
        documents.heading(document, _("%(n)s. Main work") % {"n": next(headings)})
        for number, area in enumerate(areas):
            documents.heading(
                document,
                _("(%(n)s) %(area)s") % {"n": NUMBERS[number % 10], "area": area.name},
                level=2,
            )
            if area.aims.strip():
                documents.paragraph(document, area.aims.strip())
    documents.heading(document, _("%(n)s. Month-by-month schedule") % {"n": next(headings)})
    documents.grid(
        document,
        [_("Month"), _("Task"), _("From"), _("Due by"), _("Owner")],
        [
            (
                formats.date_format(s.task.due_on, "YEAR_MONTH_FORMAT"),
                s.task.title,
                s.task.starts_on.strftime("%m-%d"),
                s.task.due_on.strftime("%m-%d"),
                str(s.task.owner or ""),
            )
            for s in statuses
        ],
        widths_cm=[3.3, 6.0, 2.1, 2.1, 2.1],
    )
    carried = [s.task.title for s in statuses if s.task.carried_over]
    if carried:
        documents.heading(document, _("%(n)s. Carried over from last year") % {"n": next(headings)})
        for number, title in enumerate(carried, start=1):
            documents.paragraph(document, f"{number}. {title}")
    documents.signature(document, school, formats.date_format(today, "DATE_FORMAT"))
    return documents.to_bytes(document)
