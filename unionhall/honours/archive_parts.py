"""Honours in the year's archive (表彰荣誉): a workbook of the honours awarded in the year (the
withdrawn ones too, marked), and each certificate or other evidence uploaded, in a folder."""

import posixpath

from django.utils.translation import gettext as _

from unionhall.core.archive import COMMENDATIONS, HONOURS, ArchiveFile, archive_part
from unionhall.core.excel import workbook_bytes
from unionhall.honours.models import Honour


def honours_of_year(org, period):
    return (
        Honour.objects.filter(org=org, awarded_on__range=period.as_range())
        .select_related("member", "department")
        .order_by("awarded_on", "id")
    )


@archive_part("honours.honours", category=HONOURS, material=COMMENDATIONS)
def honours(org, period):
    found = list(honours_of_year(org, period))
    yield ArchiveFile(
        _("Honours %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Honours"),
                    [
                        _("Holder"),
                        _("Title"),
                        _("Level"),
                        _("Rank"),
                        _("Awarding body"),
                        _("Date awarded"),
                        _("Source"),
                        _("Note"),
                        _("Withdrawn because"),
                        _("Evidence"),
                        _("Record no."),
                    ],
                    (
                        (
                            honour.holder_shown,
                            honour.title,
                            honour.get_level_display(),
                            honour.get_rank_display() if honour.rank else "",
                            honour.awarding_body,
                            honour.awarded_on,
                            honour.get_source_display(),
                            honour.note,
                            honour.withdraw_reason if honour.withdrawn_at else "",
                            _("Yes") if honour.evidence else _("No"),
                            honour.pk,
                        )
                        for honour in found
                    ),
                ),
            ]
        ),
    )
    folder = _("Honour certificates")
    for honour in found:
        if honour.evidence:
            extension = posixpath.splitext(honour.evidence.name)[1]
            yield ArchiveFile(
                f"{folder}/{honour.awarded_on}-{honour.pk}-{honour.holder_shown}{extension}",
                stored=honour.evidence.name,
            )
