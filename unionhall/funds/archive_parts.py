"""The funds in the year's archive (经费): the ledger with its receipts, the budget against what
was spent, and the disclosure statement (民主理财, under democratic management)."""

from django.utils.translation import gettext as _

from unionhall.core.archive import (
    ACCOUNTING_BOOKS,
    ACCOUNTING_VOUCHERS,
    ANNUAL_FINANCIAL_REPORT,
    DEMOCRACY,
    FUNDS,
    ArchiveFile,
    archive_part,
)
from unionhall.core.excel import workbook_bytes
from unionhall.funds import exports, selectors
from unionhall.funds.models import Receipt


@archive_part("funds.ledger", category=FUNDS, material=ACCOUNTING_BOOKS)
def ledger(org, period):
    filters = selectors.EntryFilter(start=period.start, end=period.end)
    entries, opening, start_from = selectors.entry_list(
        org=org, filters=filters, opening=selectors.opening_balance_current(org=org)
    )
    yield ArchiveFile(
        _("Funds ledger %(period)s.xlsx") % {"period": period.label},
        content=exports.ledger_workbook(
            org=org,
            entries=entries.order_by("date", "id"),
            opening=opening,
            counted_from=start_from.date if start_from else None,
        ),
    )


@archive_part("funds.receipts", category=FUNDS, material=ACCOUNTING_VOUCHERS)
def receipts(org, period):
    """The scanned receipts of the year's entries, named by their entry's number."""
    found = Receipt.objects.filter(
        org=org, entry__date__range=period.as_range(), deleted_at__isnull=True
    ).order_by("entry_id", "id")
    folder = _("Receipts")
    for receipt in found.iterator():
        yield ArchiveFile(
            f"{folder}/{receipt.entry_id}-{receipt.pk}-{receipt.name}",
            stored=receipt.file.name,
        )


@archive_part("funds.budget", category=FUNDS, material=ANNUAL_FINANCIAL_REPORT)
def budget(org, period):
    """The budget against what was spent, for each calendar year the school year touches."""
    sheets = []
    for year in range(period.start.year, period.end.year + 1):
        rows = selectors.budget_vs_actual(org=org, year=year)
        sheets.append(
            (
                _("Budget %(year)d") % {"year": year},
                [_("Category"), _("Budget"), _("Spent"), _("Remaining")],
                [(row.label, row.budget, row.spent, row.remaining) for row in rows],
            )
        )
    yield ArchiveFile(
        _("Budget and spending %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(sheets, widths={"A": 36}),
    )


@archive_part("funds.disclosure", category=DEMOCRACY, material=ANNUAL_FINANCIAL_REPORT)
def disclosure(org, period):
    report = selectors.disclosure(org=org, period=period)
    yield ArchiveFile(
        _("Funds disclosure %(period)s.xlsx") % {"period": period.label},
        content=exports.disclosure_workbook(org=org, report=report),
    )
