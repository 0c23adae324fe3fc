"""Care in the year's archive (维权帮扶): every visit and every person it reached, and the
visits' photos (声像)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.care.models import CarePhoto, CareRecipient, CareVisit
from unionhall.core.archive import (
    AUDIOVISUAL,
    CARE,
    MEDIA,
    PLANS_AND_SUMMARIES,
    ArchiveFile,
    Expected,
    archive_part,
)
from unionhall.core.excel import workbook_bytes


@archive_part("care.visits", category=CARE, material=PLANS_AND_SUMMARIES)
def visits(org, period):
    found = CareVisit.objects.filter(org=org, date__range=period.as_range()).order_by("date", "id")
    people = (
        CareRecipient.objects.filter(org=org, visit__date__range=period.as_range())
        .select_related("visit", "member")
        .order_by("visit__date", "visit_id", "id")
    )
    yield ArchiveFile(
        _("Care visits %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Visits"),
                    [
                        _("Date"),
                        _("Kind"),
                        _("Amount per member"),
                        _("Goods given"),
                        _("Visitors"),
                        _("Cancelled"),
                        _("Record no."),
                    ],
                    (
                        (
                            v.date,
                            v.kind_shown,
                            v.amount,
                            v.goods,
                            v.visitors_text,
                            _("Cancelled") if v.cancelled_at else "",
                            v.pk,
                        )
                        for v in found.iterator()
                    ),
                ),
                (
                    _("People reached"),
                    [
                        _("Date"),
                        _("Kind"),
                        _("Name"),
                        _("Amount received"),
                        _("Paid by"),
                        _("Visit no."),
                    ],
                    (
                        (
                            r.visit.date,
                            r.visit.kind_shown,
                            r.member.name,
                            r.amount,
                            r.get_payer_display(),
                            r.visit_id,
                        )
                        for r in people.iterator(chunk_size=2000)
                    ),
                ),
            ],
            widths={"B": 24, "D": 30, "E": 24},
        ),
    )


def _photos_of_year(org, period):
    return CarePhoto.objects.filter(org=org, visit__date__range=period.as_range())


@archive_part(
    "care.photos",
    category=MEDIA,
    material=AUDIOVISUAL,
    # The only photos the union files (声像): a year without any leaves that folder empty.
    expected=Expected(
        gettext_lazy("photos of the union's work (care visits)"),
        rows=_photos_of_year,
    ),
)
def photos(org, period):
    found = _photos_of_year(org, period).order_by("visit__date", "id")
    folder = _("Care")
    for photo in found.select_related("visit").iterator():
        name = photo.image.name.rsplit("/", 1)[-1]
        yield ArchiveFile(
            f"{folder}/{photo.visit.date:%Y-%m-%d}-{photo.visit_id}-{name}",
            stored=photo.image.name,
        )
