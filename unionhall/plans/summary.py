"""The plan's part of the year-end summary: how much of the year's plan was done, and the main
points of next year's plan (its work areas). Built only from plans.* indicators."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Figure, Paragraph, Records, Section, section


@section("plans", title=_("Next year's work plan"))
def plans(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _("Of the {due} tasks of the plan due in this period, {done} were done ({rate})."),
                due=Figure("plans.tasks_done", detail="denominator"),
                done=Figure("plans.tasks_done", detail="numerator"),
                rate=Figure("plans.tasks_done"),
                empty=_("No plan tasks were due in this period."),
            ),
            Paragraph(
                _("Next year the union will work in {count} areas: {areas}."),
                count=Figure("plans.next_year_areas"),
                areas=Records("plans.next_year_areas", show=lambda area: area.name),
                empty=_("Next year's plan is not recorded yet."),
            ),
        ],
        empty=_("No plan was recorded."),
    )
