"""The register in the year's archive: the members of the year (组织建设, kept by the union),
the year's joins and departures, the women staff (女职工) and the hardship list (维权帮扶).
ID numbers are masked: the archive leaves the register's full numbers in the register."""

from django.db.models import Q
from django.utils.translation import gettext as _

from unionhall.core.archive import (
    CARE,
    ORGANISATION,
    REGISTERS,
    WELFARE_LISTS,
    WOMEN,
    ArchiveFile,
    archive_part,
)
from unionhall.core.excel import workbook_bytes
from unionhall.members.exports import register_bytes
from unionhall.members.models import Gender, Member, MemberEvent


def members_of_year(org, period):
    """Everyone on the register at some day of the period: joined by its end (or with no
    joining date), not gone before its start."""
    return (
        Member.objects.filter(org=org)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=period.end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=period.start))
        .select_related("department")
        .order_by("department__sort_order", "name_pinyin", "id")
    )


@archive_part("members.register", category=ORGANISATION, material=REGISTERS)
def register(org, period):
    yield ArchiveFile(
        _("Member register %(period)s.xlsx") % {"period": period.label},
        content=register_bytes(members=members_of_year(org, period), sensitive=False),
    )
    events = (
        MemberEvent.objects.filter(org=org, date__range=period.as_range())
        .select_related("member")
        .order_by("date", "id")
    )
    yield ArchiveFile(
        _("Joins and departures %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Events"),
                    [_("Date"), _("Name"), _("Event"), _("Note"), _("Record no.")],
                    (
                        (e.date, e.member.name, e.get_kind_display(), e.note, e.pk)
                        for e in events.iterator()
                    ),
                )
            ]
        ),
    )


@archive_part("members.women", category=WOMEN, material=REGISTERS)
def women(org, period):
    yield ArchiveFile(
        _("Women staff %(period)s.xlsx") % {"period": period.label},
        content=register_bytes(
            members=members_of_year(org, period).filter(gender=Gender.FEMALE), sensitive=False
        ),
    )


@archive_part("members.hardship", category=CARE, material=WELFARE_LISTS)
def hardship(org, period):
    found = members_of_year(org, period).exclude(hardship="")
    yield ArchiveFile(
        _("Hardship members %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Hardship members"),
                    [_("Name"), _("Department"), _("Hardship status"), _("Record no.")],
                    (
                        (m.name, m.department.name, m.get_hardship_display(), m.pk)
                        for m in found.iterator()
                    ),
                )
            ]
        ),
    )
