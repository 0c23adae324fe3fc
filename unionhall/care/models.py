from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import ImportBatch
from unionhall.funds.models import Category


class Kind(models.TextChoices):
    ILLNESS = "illness", _("Illness or hospital stay")
    WEDDING = "wedding", _("Wedding")
    BIRTH = "birth", _("Birth of a child")
    BEREAVEMENT = "bereavement", _("Bereavement")
    RETIREMENT = "retirement", _("Retirement")
    BIRTHDAY = "birthday", _("Birthday")
    FESTIVAL = "festival", _("Festival")
    HARDSHIP = "hardship", _("Hardship support")
    OTHER = "other", _("Other")


class Festival(models.TextChoices):
    SPRING = "spring", _("Spring Festival")
    WOMEN = "women", _("Women's Day (8 March)")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    TEACHERS = "teachers", _("Teachers' Day")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    DOUBLE_NINTH = "double_ninth", _("Double Ninth (elders' day)")
    OTHER = "other", _("Other festival")


class Payer(models.TextChoices):
    UNION = "union", _("Union funds")
    ADMINISTRATION = "administration", _("School administration budget")


class CareRule(models.Model):
    """One line of an organisation's care standard (慰问标准): what one kind of visit may give.

    Rules are data, edited by the chair; the numbers differ by province and year.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    standard_amount = models.DecimalField(
        _("standard amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cap = models.DecimalField(
        _("cap per visit"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most one member may receive in one visit. Empty: no cap."),
    )
    annual_cap = models.DecimalField(
        _("annual cap per member"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most one member may receive of this kind in a calendar year."),
    )
    times_per_year = models.PositiveSmallIntegerField(
        _("times per year"),
        null=True,
        blank=True,
        help_text=_("How many visits of this kind one member may receive in a year. Empty: any."),
    )
    same_illness_once_a_year = models.BooleanField(
        _("the same illness is covered once a year"), default=False
    )
    cash_allowed = models.BooleanField(_("cash allowed"), default=True)
    payer = models.CharField(
        _("paid by"), max_length=15, choices=Payer.choices, default=Payer.UNION
    )
    payer_for_retirees = models.CharField(
        _("paid by, for retirees"), max_length=15, choices=Payer.choices, default=Payer.UNION
    )
    ledger_category = models.CharField(
        _("ledger category"),
        max_length=20,
        choices=[(c.value, c.label) for c in Category.expense()],
        default="expense_activities",
        help_text=_("Where the expense goes in the funds ledger when union funds pay."),
    )
    note = models.CharField(_("source or note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("care rule")
        ordering = ["org", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["org", "kind"], name="care_rule_once_per_kind"),
            models.CheckConstraint(
                condition=models.Q(cap__isnull=True) | models.Q(cap__gte=0),
                name="care_rule_cap_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_cap__isnull=True) | models.Q(annual_cap__gte=0),
                name="care_rule_annual_cap_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class CareImport(ImportBatch):
    """An uploaded care ledger (a paper 慰问登记 typed into a spreadsheet), kept from preview to
    confirmation, then as the record the imported visits link to."""

    file = models.FileField(upload_to="imports/care/%Y/%m/")

    class Meta(ImportBatch.Meta):
        verbose_name = _("care import")


class CareVisit(models.Model):
    """One care visit or gift (送温暖/慰问) to one member, or to several in a group visit.

    `amount` is what EACH member received (cash, or the value of the goods); each recipient row
    keeps its own amount and payer, and the total is the sum over the recipients.
    `union_amount` is the part posted to the funds ledger.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    festival = models.CharField(_("festival"), max_length=15, choices=Festival.choices, blank=True)
    date = models.DateField(_("date"))
    members = models.ManyToManyField(
        "members.Member", through="CareRecipient", related_name="care_visits"
    )
    is_cash = models.BooleanField(_("given in cash"), default=False)
    amount = models.DecimalField(_("amount per member"), max_digits=12, decimal_places=2)
    goods = models.CharField(_("goods given"), max_length=200, blank=True)
    illness = models.CharField(
        _("illness or episode"),
        max_length=100,
        blank=True,
        help_text=_("Names the illness, so that the same illness is covered once a year."),
    )
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    relation = models.CharField(
        _("deceased person"),
        max_length=50,
        blank=True,
        help_text=_("For bereavement: the member, or the close relative who died (e.g. 父亲)."),
    )
    visitors_text = models.CharField(_("visitors"), max_length=200, blank=True)
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("visitors (users)")
    )
    note = models.TextField(_("note"), blank=True)
    signed_for = models.BooleanField(_("signed for in the member's real name"), default=False)
    payer = models.CharField(_("paid by"), max_length=15, choices=Payer.choices)
    union_amount = models.DecimalField(
        _("paid from union funds"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    ledger_entry = models.ForeignKey(
        "funds.LedgerEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(_("reason for overriding the rules"), blank=True)
    overridden_rules = models.TextField(_("rules overridden"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The spreadsheet the visit was imported from (a paper ledger), if any.
    source_import = models.ForeignKey(
        CareImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("imported from"),
    )
    # A visit recorded in error is cancelled, never deleted; its ledger entry is reversed.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    # How the history names the changes that are events rather than fields.
    # "cancelled": cancellations recorded before they went through audited_update.
    audit_labels = {"rules": _("rules overridden"), "cancelled": _("reason for cancelling")}

    class Meta:
        verbose_name = _("care visit")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"]), models.Index(fields=["org", "kind"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="care_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(union_amount__gte=0), name="care_union_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def kind_shown(self) -> str:
        if self.kind == Kind.FESTIVAL and self.festival:
            return f"{self.get_kind_display()} · {self.get_festival_display()}"
        return str(self.get_kind_display())


class CareRecipient(models.Model):
    """A member who received a visit: one person reached (一人次), with what they received and
    who paid for it, decided by the member's status on the date of the visit."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(CareVisit, on_delete=models.PROTECT, related_name="recipients")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount received"), max_digits=12, decimal_places=2)
    payer = models.CharField(_("paid by"), max_length=15, choices=Payer.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "member"], name="care_recipient_once"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="care_recipient_amount_positive"
            ),
        ]
        indexes = [models.Index(fields=["org", "member"])]

    def __str__(self) -> str:
        return f"{self.visit} · {self.member}"


class CarePhoto(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(CareVisit, on_delete=models.PROTECT, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="care/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name
