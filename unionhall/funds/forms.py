from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.core.images import ScanField
from unionhall.core.money import MoneyField
from unionhall.core.params import FIRST_YEAR, LAST_YEAR
from unionhall.core.periods import AUTUMN, MONTH, SEMESTER, SPRING, YEAR
from unionhall.funds.models import BudgetPolicy, Category
from unionhall.funds.services import RECEIPT_MAX_BYTES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT_WIDGET = forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"})


def category_choices(*, blank: bool = False):
    choices = [
        (_("Income"), [(c.value, c.label) for c in Category.income()]),
        (_("Expense"), [(c.value, c.label) for c in Category.expense()]),
    ]
    return [("", _("All categories")), *choices] if blank else [("", "---------"), *choices]


def receipts_field(**kwargs) -> ScanField:
    """Receipts: PDFs, or images stored re-encoded (core.images), several at once."""
    return ScanField(multiple=True, max_bytes=RECEIPT_MAX_BYTES, **kwargs)


class EntryForm(StyledForm, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=category_choices)
    amount = MoneyField(
        label=_("Amount (yuan)"),
        widget=AMOUNT_WIDGET,
        help_text=_("Always positive: the category says whether it is income or an expense."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    memo = forms.CharField(
        label=_("What it was for"),
        max_length=200,
        help_text=_("For example: 教师节慰问品 (48 people × 200 yuan)."),
    )
    receipts = receipts_field(
        label=_("Receipts"),
        required=False,
        help_text=_("Scanned invoices or receipts: PDF or images, several at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ReverseForm(StyledForm, forms.Form):
    date = forms.DateField(label=_("Date of the reversal"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class OpeningBalanceForm(StyledForm, forms.Form):
    """The opening balance (期初余额); once one is in force, a correction needs its reason."""

    amount = MoneyField(
        label=_("Opening balance (yuan)"),
        field=_("The opening balance"),
        allow_zero=True,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        help_text=_("The balance of the union funds at the start of the day below."),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DATE_WIDGET,
        help_text=_("The day the ledger starts: entries from this day on add to the balance."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)

    def __init__(self, *args, correcting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["note"]
        else:
            del self.fields["reason"]


class ReceiptForm(StyledForm, forms.Form):
    receipts = receipts_field(label=_("Add receipts"))


class EntryFilterForm(StyledForm, forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    category = forms.ChoiceField(label=_("Category"), required=False)
    flagged = forms.BooleanField(label=_("Only flagged entries"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(blank=True)


class BudgetForm(StyledForm, forms.Form):
    """One amount per expense category, and the rule for spending outside it."""

    budget_policy = forms.ChoiceField(
        label=_("Spending without a budget line, or over it"), choices=BudgetPolicy.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category.expense():
            self.fields[category.value] = MoneyField(
                label=category.label,
                required=False,
                field=_("The budget for “%(category)s”") % {"category": category.label},
                allow_zero=True,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "class": "text-end"}),
            )
        for name in (c.value for c in Category.expense()):
            self.fields[name].widget.attrs["class"] = "form-control text-end"

    def amounts(self) -> dict[str, Decimal | None]:
        return {c.value: self.cleaned_data.get(c.value) for c in Category.expense()}


class DisclosureForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[(YEAR, _("Year")), (SEMESTER, _("Semester")), (MONTH, _("Month"))],
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(m, m) for m in range(1, 13)],
        required=False,
        empty_value=None,
    )
    half = forms.TypedChoiceField(
        label=_("Semester"),
        coerce=int,
        choices=[
            (AUTUMN, _("Autumn (September–January)")),
            (SPRING, _("Spring (February–August)")),
        ],
        required=False,
        empty_value=None,
    )
