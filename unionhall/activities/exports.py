"""Activities as Excel workbooks: the activities listed, with their target group and
participation (anyone who sees the list), and one activity's sign-ups (its organisers only: who
signed up is not for every member to download)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionhall.activities import selectors
from unionhall.activities.models import Activity
from unionhall.core.excel import workbook_bytes


def activity_header() -> list[str]:
    return [
        _("Title"),
        _("Kind"),
        _("First day"),
        _("Last day"),
        _("Place"),
        _("Target group"),
        _("Denominator"),
        _("People in the target group"),
        pgettext("activity", "Sessions"),
        _("Attendances"),
        _("Participants"),
        _("Participation"),
        _("Cancelled"),
        _("Record no."),
    ]


def activity_rows(activities: list[Activity]):
    """A row per activity (annotated by `selectors.activity_list`), participation included."""
    shown_for = selectors.participations(activities)
    for activity in activities:
        shown = shown_for[activity.pk]
        yield (
            activity.title,
            activity.kind.name,
            activity.starts_on,
            activity.ends_on,
            activity.place,
            activity.get_target_display(),
            shown.words,
            shown.denominator,
            activity.session_count,
            activity.attendance_count,
            shown.participants,
            f"{shown.rate:.1f}%" if shown.rate is not None else "",
            _("Yes") if activity.cancelled_at else _("No"),
            activity.pk,
        )


def activities_workbook(activities: list[Activity]) -> bytes:
    return workbook_bytes(
        [(_("Activities"), activity_header(), activity_rows(activities))],
        widths={"A": 30, "G": 24},
    )


def signups_workbook(activity: Activity) -> bytes:
    """Every sign-up of the activity, in the order they came, with its status."""
    rows = (
        (
            signup.member.name,
            str(signup.member.department or ""),
            signup.get_status_display(),
            signup.signed_up_at,
            "；".join(f"{question}：{answer}" for question, answer in signup.answers.items()),
            signup.pk,
        )
        for signup in selectors.signups_of(activity)
    )
    return workbook_bytes(
        [
            (
                _("Sign-ups"),
                [
                    _("Member"),
                    _("Department"),
                    _("Status"),
                    _("Signed up at"),
                    pgettext("sign-up", "Answers"),
                    _("Record no."),
                ],
                rows,
            )
        ],
        widths={"B": 20, "D": 20},
    )
