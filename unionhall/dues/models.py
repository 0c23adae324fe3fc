import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.money import quantize


class DuesPolicy(models.TextChoices):
    """Whether collective benefits (care visits) need the member's dues to be paid up."""

    OFF = "off", _("Not checked")
    WARN = "warn", _("Warn when a member owes dues")
    REFUSE = "refuse", _("Refuse benefits to a member who owes dues")


class DuesSettings(models.Model):
    """One row per organisation: the default rate and the benefits rule."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="dues_settings"
    )
    default_rate = models.DecimalField(
        _("default rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.0050"),
        help_text=_("Share of the base pay, e.g. 0.0050 for 0.5%."),
    )
    benefits_need_dues = models.CharField(
        _("benefits need paid dues"),
        max_length=10,
        choices=DuesPolicy.choices,
        default=DuesPolicy.WARN,
    )

    class Meta:
        verbose_name = _("dues settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_rate__gte=0, default_rate__lte=Decimal("0.1")),
                name="dues_default_rate_sane",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.default_rate}"


class DuesAccount(models.Model):
    """How much one member owes each month: a rate of the base pay, or a fixed amount."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="dues_accounts"
    )
    base_pay = models.DecimalField(
        _("base monthly pay"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(
        _("rate"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the organisation's default rate."),
    )
    fixed_amount = models.DecimalField(
        _("fixed monthly dues"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("If set, the member pays this amount instead of a rate of the base pay."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dues account")
        constraints = [
            models.UniqueConstraint(fields=["org", "member"], name="dues_account_once_per_member"),
            models.CheckConstraint(
                condition=models.Q(base_pay__isnull=True) | models.Q(base_pay__gte=0),
                name="dues_base_pay_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(fixed_amount__isnull=True) | models.Q(fixed_amount__gt=0),
                name="dues_fixed_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.monthly_dues(Decimal('0.005'))}"

    def monthly_dues(self, default_rate: Decimal) -> Decimal | None:
        """The dues for one month, rounded half up to the cent; None when nothing is set."""
        if self.fixed_amount is not None:
            return self.fixed_amount
        if self.base_pay is None:
            return None
        rate = self.rate if self.rate is not None else default_rate
        return quantize(self.base_pay * rate)


class DuesCollection(models.Model):
    """One collection batch: the dues the treasurer received for a month, posted as one entry."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("month"), help_text=_("The first day of the month paid for."))
    date = models.DateField(_("date received"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    ledger_entry = models.ForeignKey(
        "funds.LedgerEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dues collection")
        ordering = ["-period", "-id"]
        indexes = [models.Index(fields=["org", "period"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gt=0), name="dues_collection_positive")
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.total}"


class DuesPayment(models.Model):
    """One member's dues for one month, inside a collection batch."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    collection = models.ForeignKey(
        DuesCollection, on_delete=models.PROTECT, related_name="payments"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("dues payment")
        ordering = ["period", "member__name_pinyin"]
        indexes = [models.Index(fields=["org", "period"])]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "member", "period"], name="dues_paid_once_per_month"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="dues_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.period:%Y-%m} {self.amount}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
