"""The disclosure as a workbook: the same figures as the page, one sheet per table."""

from django.utils.translation import gettext as _

from unionhall.core.excel import workbook_bytes
from unionhall.funds.selectors import Disclosure


def disclosure_workbook(*, org, report: Disclosure) -> bytes:
    period = report.period
    summary = [
        (_("Organisation"), org.name),
        (_("Period"), period.label),
        (_("From"), period.start),
        (_("To"), period.end),
        (_("Opening balance"), report.opening),
        (_("Income"), report.income_total),
        (_("Expenses"), report.expense_total),
        (_("Closing balance"), report.closing),
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
