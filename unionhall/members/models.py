from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core import idcard
from unionhall.core.models import ImportBatch


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Status(models.TextChoices):
    ACTIVE = "active", _("In service")
    RETIRED = "retired", _("Retired")
    TRANSFERRED = "transferred", _("Transferred out")
    DECEASED = "deceased", _("Deceased")


class Hardship(models.TextChoices):
    NONE = "", _("None")
    ORDINARY = "ordinary", _("Hardship")
    SEVERE = "severe", _("Severe hardship")


class Member(models.Model):
    """One row of the member register (会员档案). Never deleted: people leave by events."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # Pinyin of the name, for sorting and for searching by initials (张三 → zs).
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(max_length=50, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    lunar_birthday = models.BooleanField(
        _("keeps a lunar birthday"),
        default=False,
        help_text=_("Birthday care follows the lunar calendar for this member."),
    )
    id_number = models.CharField(_("ID card number"), max_length=18)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    post = models.CharField(_("post or title"), max_length=50, blank=True)
    status = models.CharField(
        _("employment status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("joined the union"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    hardship = models.CharField(
        _("hardship status"), max_length=10, choices=Hardship.choices, default="", blank=True
    )
    hardship_note = models.TextField(_("hardship note"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="members/photos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS = ("id_number", "hardship", "hardship_note")
    # Fields whose changes the history keeps (old → new).
    TRACKED_FIELDS = (
        "name",
        "gender",
        "birth_date",
        "lunar_birthday",
        "id_number",
        "mobile",
        "department",
        "post",
        "status",
        "joined_on",
        "retired_on",
        "left_on",
        "hardship",
        "hardship_note",
        "notes",
    )

    class Meta:
        verbose_name = _("member")
        ordering = ["name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "id_number"], name="member_id_number_unique"),
            models.UniqueConstraint(
                fields=["org", "user"],
                condition=models.Q(user__isnull=False),
                name="member_user_once_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "retired", "transferred", "deceased"]),
                name="member_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status", "name_pinyin"]),
            models.Index(fields=["org", "department"]),
            # The register in name order, a page at a time (the records behind a figure).
            models.Index(fields=["org", "name_pinyin", "id"], name="member_org_pinyin_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return idcard.mask(self.id_number)

    @property
    def is_current(self) -> bool:
        """Still on the register as a living member of this school (in service or retired)."""
        return self.status in (Status.ACTIVE, Status.RETIRED)


class MemberEvent(models.Model):
    """A dated step in a member's life with the union: join, transfer out, retire, death."""

    class Kind(models.TextChoices):
        JOIN = "join", _("Joined")
        TRANSFER_OUT = "transfer_out", _("Transferred out")
        RETIRE = "retire", _("Retired")
        DEATH = "death", _("Died")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=15, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member event")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} · {self.date}"


class MemberImport(ImportBatch):
    """An uploaded register file, kept from preview to confirmation, and afterwards as a record."""
