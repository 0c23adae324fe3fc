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
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["org", "date", "category"])]
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
