"""The activities and women staff parts of the year-end summary (文体活动, 女职工工作), built only
from activities.* indicators: the activities are named with their dates and participation, as
the seeds' summaries name them, beside 场次 and 人次."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.activities.indicators import describe_activity
from unionhall.activities.selectors import participations
from unionhall.core.summary import Figure, Paragraph, Records, Section, Table, problem, section


def _activities_with_participation(activities) -> list[str]:
    shown = participations(activities)
    return [
        _("%(activity)s (%(participation)s)")
        % {"activity": describe_activity(activity), "participation": shown[activity.pk].text}
        for activity in activities
    ]


def _activity_with_participation(activity) -> str:
    return _activities_with_participation([activity])[0]


def _activity_rows(activities) -> list[tuple[str, str]]:
    shown = participations(activities)
    return [(_described_in_words(activity), shown[activity.pk].text) for activity in activities]


def _activity_row(activity) -> tuple[str, str]:
    return _activity_rows([activity])[0]


def _described_in_words(activity) -> str:
    """The activity with its dates written out (2025年9月15日): a table's narrow column breaks an
    ISO date in two ("2025-09- / 15"), never a date written in words."""
    start, end = formats.date_format(activity.starts_on), formats.date_format(activity.ends_on)
    if activity.ends_on != activity.starts_on:
        return _("%(title)s, %(start)s to %(end)s") % {
            "title": activity.title,
            "start": start,
            "end": end,
        }
    return _("%(title)s, %(date)s") % {"title": activity.title, "date": start}


def _club(club) -> str:
    return club.name


@section(
    "activities",
    title=gettext_lazy("Culture and sports activities"),
    reads=("activities", "members", "funds"),
)
def activities(org, period) -> Section:
    return Section(
        empty=gettext_lazy("No culture or sports activities were recorded in this period."),
        paragraphs=[
            Paragraph(
                gettext_lazy(
                    "The union held {held} activities for its members in the period, in "
                    "{sessions} sessions, with {attendances} person-attendances (each member "
                    "at each session counted once)."
                ),
                held=Figure("activities.held"),
                sessions=Figure("activities.sessions"),
                attendances=Figure("activities.attendances"),
            ),
            Paragraph(
                gettext_lazy("The activities and their participation are listed in the table."),
                held=Figure("activities.held"),
            ),
            Paragraph(
                gettext_lazy("Clubs and interest groups ({count}): {clubs}."),
                empty=gettext_lazy("No clubs were recorded in this period."),
                count=Figure("activities.clubs"),
                clubs=Records("activities.clubs", show=_club),
            ),
            Paragraph(
                gettext_lazy("Spent on activities and club subsidies: {amount} yuan."),
                amount=Figure("activities.spending"),
            ),
        ],
        tables=[
            Table.records(
                "activities.held",
                columns=(gettext_lazy("Activity"), gettext_lazy("Participation")),
                row=_activity_row,
                rows_all=_activity_rows,
                title=gettext_lazy("Activities held and their participation"),
            ),
            Table.breakdown(
                "activities.by_kind",
                columns=(gettext_lazy("Kind of activity"), gettext_lazy("Activities")),
                title=gettext_lazy("Activities held by kind"),
            ),
            Table.breakdown(
                "activities.club_members",
                columns=(gettext_lazy("Club"), gettext_lazy("Members (people)")),
                title=gettext_lazy("Clubs and their members"),
            ),
        ],
    )


@section("women", title=gettext_lazy("Work for women staff"), reads=("activities", "members"))
def women(org, period) -> Section:
    return Section(
        empty=gettext_lazy("No activities for women staff were recorded in this period."),
        paragraphs=[
            Paragraph(
                gettext_lazy("For the women staff the union held {count} activities: {list}."),
                count=Figure("activities.for_women"),
                list=Records(
                    "activities.for_women",
                    show=_activity_with_participation,
                    show_all=_activities_with_participation,
                    separator=gettext_lazy("; "),
                ),
            ),
            Paragraph(
                gettext_lazy(
                    "Of the {women} women staff in service at the end of the period, {came} "
                    "took part in them: {rate}."
                ),
                women=Figure("activities.women_participation", detail="denominator"),
                came=Figure("activities.women_participation", detail="numerator"),
                rate=Figure("activities.women_participation"),
            ),
        ],
    )


@problem("activities.low_participation", reads=("activities", "members"))
def low_participation(org, period) -> Paragraph:
    return Paragraph(
        gettext_lazy(
            "{count} activities drew fewer than half of the members they were meant for: "
            "{list}. What is offered and when should follow what members ask for."
        ),
        count=Figure("activities.low_participation"),
        list=Records("activities.low_participation", show=describe_activity),
    )
