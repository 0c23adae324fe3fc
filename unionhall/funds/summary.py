"""The funds part of the year-end summary: built only from funds.* and dues.* indicators.

Each fact that may be missing has its own sentence, with the sentence said when it is not
recorded; one whose indicator is not registered is left out.
"""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import (
    SECTION_ORDER,
    Chart,
    Figure,
    Paragraph,
    Section,
    Table,
    problem,
    section,
)


@section("funds", order=30, title=_("Managing the union funds"), reads=("funds", "dues", "members"))
def funds(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _("At the start of the period the union funds held {opening} yuan."),
                opening=Figure("funds.opening_balance"),
                empty=_("The opening balance of the union funds for the period is not recorded."),
            ),
            Paragraph(
                _("According to the funds ledger, income in the period came to {income} yuan."),
                income=Figure("funds.income"),
                empty=_("No income was recorded in the funds ledger in the period."),
            ),
            Paragraph(
                _("Spending in the period came to {expense} yuan."),
                expense=Figure("funds.expense"),
                empty=_("No spending was recorded in the funds ledger in the period."),
            ),
            Paragraph(
                _("At the end of the period the balance of the union funds was {balance} yuan."),
                balance=Figure("funds.closing_balance"),
                empty=_("The balance of the union funds at the end of the period is not recorded."),
            ),
            Paragraph(
                _(
                    "Members owed {owed} yuan of dues for the months of the period and paid "
                    "{collected} yuan; the collection rate (member-months paid of those owed) "
                    "was {rate}."
                ),
                owed=Figure("dues.owed"),
                collected=Figure("dues.collected"),
                rate=Figure("dues.collection_rate"),
                empty=_("No dues were recorded in the period."),
            ),
        ],
        tables=[
            Table(
                title=_("The union funds in figures"),
                columns=(_("Item"), _("Yuan")),
                rows=[
                    (_("Opening balance"), Figure("funds.opening_balance")),
                    (_("Income"), Figure("funds.income")),
                    (_("Spending"), Figure("funds.expense")),
                    (_("Closing balance"), Figure("funds.closing_balance")),
                    (_("Dues owed"), Figure("dues.owed")),
                    (_("Dues collected"), Figure("dues.collected")),
                ],
            ),
            Table.breakdown(
                "funds.expense_by_category",
                columns=(_("Category"), _("Spent (yuan)")),
                title=_("Spending by category"),
            ),
        ],
        charts=[
            Chart.breakdown(
                "funds.expense_by_category", title=_("Spending by category"), unit=_("yuan")
            )
        ],
        empty=_("Nothing was recorded in the funds ledger, nor any dues, in the period."),
    )


@problem("dues.unpaid", order=SECTION_ORDER.index("funds") * 10 + 15, reads=("dues", "members"))
def dues_unpaid(org, period) -> Paragraph:
    return Paragraph(
        _(
            "{months} member-months of dues owed in the period are not paid: the collection "
            "of dues needs to keep up month by month."
        ),
        months=Figure("dues.unpaid"),
    )
