"""The disclosure as a workbook: the same figures as the page, one sheet per table."""

from django.utils.translation import gettext as _

from unionhall.core.excel import workbook_bytes
from unionhall.core.indicators import NOT_RECORDED
from unionhall.core.money import quantize
from unionhall.funds.selectors import Disclosure


def _or_not_recorded(amount):
    return amount if amount is not None else str(NOT_RECORDED)


def disclosure_workbook(*, org, report: Disclosure) -> bytes:
    period = report.period
    summary = [
        (_("Organisation"), org.name),
        (_("Period"), period.label),
        (_("From"), period.start),
        (_("To"), period.end),
        (_("Opening balance"), _or_not_recorded(report.opening)),
        (_("Income"), report.income_total),
        (_("Expenses"), report.expense_total),
        (_("Closing balance"), _or_not_recorded(report.closing)),
    ]
    budgets = {row.label: row.budget for row in report.budget}
    sheets = [
        (_("Summary"), [_("Item"), _("Value")], summary),
        (
            _("Income"),
            [_("Category"), _("Amount")],
            [(bar.label, bar.amount) for bar in report.income],
        ),
        (
            _("Expenses"),
            [_("Category"), _("Amount"), _("Budget")],
            [(bar.label, bar.amount, budgets.get(bar.label)) for bar in report.expenses],
        ),
        (
            _("By month"),
            [_("Month"), _("Income"), _("Expenses")],
            [(m.month.strftime("%Y-%m"), m.income, m.expense) for m in report.months],
        ),
        (
            _("Care"),
            [_("Kind"), _("Visits"), _("Amount")],
            [(bar.label, bar.count, bar.amount) for bar in report.care],
        ),
    ]
    return workbook_bytes(sheets, widths={"A": 40, "B": 16, "C": 16})


def ledger_workbook(*, org, entries, opening, counted_from=None) -> bytes:
    """The ledger as filtered on the page, oldest first, with the running balance. Entries
    dated before `counted_from` (the opening balance's date) are inside the opening balance
    and have no balance of their own."""
    header = [
        _("Date"),
        _("Category"),
        _("What it was for"),
        _("Income"),
        _("Expense"),
        _("Balance"),
        _("Budget flag"),
        _("Reverses entry"),
        _("Posted by"),
        _("Posted at"),
        _("Entry"),
    ]

    def rows():
        yield ("", _("Brought forward"), "", "", "", opening, "", "", "", "", "")
        for e in entries:
            yield (
                e.date,
                e.get_category_display(),
                e.memo,
                e.column_amount if e.is_income else None,
                None if e.is_income else e.column_amount,
                "" if counted_from and e.date < counted_from else opening + quantize(e.running),
                e.get_budget_flag_display() if e.budget_flag else "",
                e.reverses_id or "",
                str(e.posted_by),
                e.posted_at,
                e.pk,
            )

    return workbook_bytes(
        [(_("Ledger"), header, rows())], widths={"B": 36, "C": 48, "I": 14, "J": 18}
    )
