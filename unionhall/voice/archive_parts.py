"""The suggestion box in the year's archive (民主管理): each suggestion of the year, its
category, state and answer. Writers are not named: anonymous ones stay anonymous."""

from django.utils.translation import gettext as _

from unionhall.core.archive import DEMOCRACY, SHORT_TERM_RECORDS, ArchiveFile, archive_part
from unionhall.core.excel import workbook_bytes
from unionhall.voice.models import Suggestion


@archive_part("voice.suggestions", category=DEMOCRACY, material=SHORT_TERM_RECORDS)
def suggestions(org, period):
    found = (
        Suggestion.objects.filter(org=org, submitted_on__range=period.as_range())
        .select_related("category")
        .order_by("submitted_on", "id")
    )
    yield ArchiveFile(
        _("Suggestions %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Suggestions"),
                    [
                        _("Submitted"),
                        _("Category"),
                        _("From"),
                        _("Title"),
                        _("Suggestion"),
                        _("State"),
                        _("Answer"),
                        _("Record no."),
                    ],
                    (
                        (
                            s.submitted_on,
                            s.category.name,
                            s.get_channel_display(),
                            s.title,
                            s.body,
                            s.get_state_display(),
                            s.answer,
                            s.pk,
                        )
                        for s in found.iterator()
                    ),
                )
            ],
            widths={"D": 30, "E": 60, "G": 60},
        ),
    )
