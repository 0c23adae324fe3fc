"""Dues in the year's archive (经费): each collection and each member's payment."""

from django.utils.translation import gettext as _

from unionhall.core.archive import ACCOUNTING_BOOKS, FUNDS, ArchiveFile, archive_part
from unionhall.core.excel import workbook_bytes
from unionhall.dues.models import DuesCollection, DuesPayment


@archive_part("dues.collections", category=FUNDS, material=ACCOUNTING_BOOKS)
def collections(org, period):
    found = DuesCollection.objects.filter(org=org, date__range=period.as_range())
    payments = (
        DuesPayment.objects.filter(org=org, collection__in=found)
        .select_related("member", "collection")
        .order_by("collection__date", "period", "member__name_pinyin", "id")
    )
    yield ArchiveFile(
        _("Dues %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Collections"),
                    [_("Date received"), _("Month"), _("Total"), _("Memo"), _("Record no.")],
                    (
                        (c.date, f"{c.period:%Y-%m}", c.total, c.memo, c.pk)
                        for c in found.order_by("date", "id").iterator()
                    ),
                ),
                (
                    _("Payments"),
                    [_("Month"), _("Name"), _("Amount"), _("Date received"), _("Record no.")],
                    (
                        (f"{p.period:%Y-%m}", p.member.name, p.amount, p.collection.date, p.pk)
                        for p in payments.iterator(chunk_size=2000)
                    ),
                ),
            ],
            widths={"B": 16},
        ),
    )
