"""Activities in the year's archive (文体活动; the women staff's activities in 女职工): a workbook
of the year's activities with their target, sessions and participation, every sign-up and every
attendance (a row each, with its record number), and the clubs with their members."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionhall.activities import selectors
from unionhall.activities.models import Attendance, ClubMembership, SignUp
from unionhall.core.archive import (
    CULTURE,
    REGISTERS,
    STATISTICS,
    WOMEN,
    ArchiveFile,
    archive_part,
)
from unionhall.core.excel import workbook_bytes


def _workbook(activities: list) -> bytes:
    def activity_rows():
        for activity in activities:
            shown = selectors.participation(activity)
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
                shown.member_days_present,
                shown.member_days_expected,
                f"{shown.session_rate:.1f}%" if shown.session_rate is not None else "",
                _("Yes") if activity.cancelled_at else _("No"),
                activity.pk,
            )

    signups = (
        SignUp.objects.filter(activity__in=activities)
        .select_related("activity", "member__department")
        .order_by("activity__starts_on", "activity_id", "signed_up_at", "id")
    )
    attendances = (
        Attendance.objects.filter(activity__in=activities)
        .select_related("activity", "session", "member__department")
        .order_by("activity__starts_on", "activity_id", "session__date", "id")
    )
    return workbook_bytes(
        [
            (
                _("Activities"),
                [
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
                    _("Took part at least once"),
                    _("Member-days present"),
                    _("Member-days expected"),
                    _("Per-session participation"),
                    _("Cancelled"),
                    _("Record no."),
                ],
                activity_rows(),
            ),
            (
                _("Sign-ups"),
                [
                    _("Activity"),
                    _("Member"),
                    _("Department"),
                    _("Status"),
                    _("Signed up at"),
                    _("Record no."),
                ],
                (
                    (
                        signup.activity.title,
                        signup.member.name,
                        str(signup.member.department or ""),
                        signup.get_status_display(),
                        signup.signed_up_at,
                        signup.pk,
                    )
                    for signup in signups.iterator()
                ),
            ),
            (
                _("Attendances"),
                [
                    _("Activity"),
                    _("Date"),
                    _("Member"),
                    _("Department"),
                    _("How"),
                    _("Record no."),
                ],
                (
                    (
                        attendance.activity.title,
                        attendance.session.date,
                        attendance.member.name,
                        str(attendance.member.department or ""),
                        attendance.get_how_display(),
                        attendance.pk,
                    )
                    for attendance in attendances.iterator()
                ),
            ),
        ]
    )


@archive_part("activities.activities", category=CULTURE, material=STATISTICS)
def activities(org, period):
    found = list(
        selectors.activity_list(org=org, start=period.start, end=period.end).order_by(
            "starts_on", "id"
        )
    )
    for_women = [activity for activity in found if activity.kind.for_women]
    others = [activity for activity in found if not activity.kind.for_women]
    yield ArchiveFile(
        _("Activities %(period)s.xlsx") % {"period": period.label}, content=_workbook(others)
    )
    if for_women:
        yield ArchiveFile(
            _("Women staff's activities %(period)s.xlsx") % {"period": period.label},
            content=_workbook(for_women),
            category=WOMEN,
        )


@archive_part("activities.clubs", category=CULTURE, material=REGISTERS)
def clubs(org, period):
    found = [
        club
        for club in selectors.club_list(org=org)
        if (club.founded_on is None or club.founded_on <= period.end)
        and (club.closed_on is None or club.closed_on >= period.start)
    ]
    memberships = list(
        ClubMembership.objects.filter(club__in=found, joined_on__lte=period.end)
        .exclude(left_on__lt=period.start)
        .select_related("club", "member__department")
        .order_by("club__name", "role", "joined_on", "id")
    )
    in_year = Counter(membership.club_id for membership in memberships)
    yield ArchiveFile(
        _("Clubs %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Clubs"),
                    [
                        _("Club"),
                        _("Founded on"),
                        _("Closed on"),
                        _("Annual subsidy"),
                        _("Members"),
                        _("Record no."),
                    ],
                    (
                        (
                            club.name,
                            club.founded_on,
                            club.closed_on,
                            club.annual_subsidy,
                            in_year[club.pk],
                            club.pk,
                        )
                        for club in found
                    ),
                ),
                (
                    _("Club members"),
                    [
                        _("Club"),
                        _("Member"),
                        _("Department"),
                        _("Role"),
                        _("Joined on"),
                        _("Left on"),
                        _("Record no."),
                    ],
                    (
                        (
                            membership.club.name,
                            membership.member.name,
                            str(membership.member.department or ""),
                            membership.get_role_display(),
                            membership.joined_on,
                            membership.left_on,
                            membership.pk,
                        )
                        for membership in memberships
                    ),
                ),
            ]
        ),
    )
