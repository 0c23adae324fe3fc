"""The funds part of the year-end summary: built only from funds.* indicators.

Each sentence names only indicators; one whose indicator is not registered is left out.
"""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section


@section("funds", order=30, title=_("Managing the union funds"))
def funds(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "According to the funds ledger, income in the period came to {income} yuan "
                    "and spending to {expense} yuan."
                ),
                income=Figure("funds.income"),
                expense=Figure("funds.expense"),
            ),
            Paragraph(
                _("At the end of the period the balance of the union funds was {balance} yuan."),
                balance=Figure("funds.balance"),
            ),
        ],
        tables=[
            Table.breakdown(
                "funds.expense_by_category",
                columns=(_("Category"), _("Spent (yuan)")),
                title=_("Spending by category"),
            )
        ],
        charts=[
            Chart.breakdown(
                "funds.expense_by_category", title=_("Spending by category"), unit=_("yuan")
            )
        ],
    )
