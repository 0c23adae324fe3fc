from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Union practice (national scheme): where money comes from and what it is spent on."""

    DUES = "income_dues", _("Income: member dues retained")
    ALLOCATION = "income_allocation", _("Income: allocated funds (administration or higher union)")
    OTHER_INCOME = "income_other", _("Income: other")
    ACTIVITIES = "expense_activities", _("Expense: staff activities")
    RIGHTS = "expense_rights", _("Expense: rights protection (hardship support, legal aid)")
    OPERATIONS = "expense_operations", _("Expense: operations")
    CAPITAL = "expense_capital", _("Expense: capital spending")
    GRANTS = "expense_grants", _("Expense: grants to lower-level unions")
    OTHER_EXPENSE = "expense_other", _("Expense: other")

    @classmethod
    def income(cls) -> list["Category"]:
        return [c for c in cls if c.value.startswith("income_")]

    @classmethod
    def expense(cls) -> list["Category"]:
        return [c for c in cls if c.value.startswith("expense_")]


class LedgerIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a posted ledger entry."""


class BudgetFlag(models.TextChoices):
    NONE = "", _("within budget")
    NO_BUDGET = "no_budget", _("no budget line")
    OVER_BUDGET = "over_budget", _("over budget")


class BudgetPolicy(models.TextChoices):
    FLAG = "flag", _("Flag spending without a budget line or over it")
    REFUSE = "refuse", _("Refuse spending without a budget line or over it")


class FundsAccount(models.Model):
    """One per organisation: its funds settings, and the row every posting locks, so two
    treasurers posting at the same moment are checked against the budget one after the other."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="funds_account"
    )
    budget_policy = models.CharField(
        _("spending outside the budget"),
        max_length=10,
        choices=BudgetPolicy.choices,
        default=BudgetPolicy.FLAG,
    )

    class Meta:
        verbose_name = _("funds account")

    def __str__(self) -> str:
        return str(self.org)


class BudgetLine(models.Model):
    """The annual budget (预算) for one expense category."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        ordering = ["org", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "category"], name="budget_line_unique_in_org_year"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
            models.CheckConstraint(
                condition=models.Q(category__startswith="expense_"),
                name="budget_for_expense_categories",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()} {self.amount}"


class LedgerEntry(models.Model):
    """One line of the funds ledger (经费台帐). Append-only: a correction is a reversing entry.

    `amount` is signed: income is positive, expense negative, so the balance is the sum.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    memo = models.CharField(_("memo"), max_length=200)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    # What caused the entry (a care visit, a dues collection …), if anything.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    # Set when the organisation flags (rather than refuses) spending outside its budget.
    budget_flag = models.CharField(
        _("budget flag"), max_length=12, choices=BudgetFlag.choices, blank=True, default=""
    )
    budget_note = models.CharField(_("budget note"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("ledger entry")
        ordering = ["date", "id"]
        # Covers the disclosure aggregates (sum of amount by category over a date range)
        # without touching the table.
        indexes = [
            models.Index(
                fields=["org", "date", "category", "amount"], name="ledger_org_date_cat_amt"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount=Decimal("0")), name="ledger_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=models.Q(category__startswith="income_", amount__gt=0)
                | models.Q(category__startswith="expense_", amount__lt=0)
                | models.Q(reverses__isnull=False),
                name="ledger_sign_matches_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnly(_("A ledger entry cannot be changed; reverse it instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly(_("A ledger entry cannot be deleted; reverse it instead."))

    @property
    def is_income(self) -> bool:
        return self.category.startswith("income_")

    @property
    def column_amount(self) -> Decimal:
        """The amount as written in its column (income or expense): a reversal is negative,
        like the red figures of a paper ledger (红字冲销)."""
        return self.amount if self.is_income else -self.amount

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


def receipt_path(receipt: "Receipt", filename: str) -> str:
    return f"funds/{receipt.org_id}/receipts/{filename}"


class Receipt(models.Model):
    """A scanned invoice or receipt (票据) attached to a ledger entry. Removed only softly."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="receipts")
    file = models.FileField(_("file"), upload_to=receipt_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("receipt")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class OpeningBalance(models.Model):
    """The balance of the union funds on the day the ledger starts (期初余额), entered once per
    organisation. Append-only like the ledger: a correction is a new row that `replaces` the one
    in force, with its reason, so the history of what was entered stays readable.

    The balance on a day on or after `date` is `amount` plus the entries dated from `date` on;
    before `date`, the balance is not recorded.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date of the opening balance"))
    amount = models.DecimalField(_("opening balance"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True, default="")
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opening balance")
        ordering = ["org", "entered_at", "id"]
        constraints = [
            # Entered once: every later row is a correction of the one before it.
            models.UniqueConstraint(
                fields=["org"],
                condition=models.Q(replaces__isnull=True),
                name="opening_balance_entered_once",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="opening_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnly(
                _("An opening balance cannot be changed; enter a correction instead.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly(
            _("An opening balance cannot be deleted; enter a correction instead.")
        )
