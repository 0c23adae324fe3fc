"""The honours register (荣誉): every honour and prize of members and collectives, by
level and rank.

One register for individuals and collectives. Rows are never deleted: an honour recorded in error
is withdrawn with a reason. Other apps write here through `services.honour_record` (a competition
for its winners, a selection for its results) and the row keeps a link to the record that wrote it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core.models import ImportBatch


class Level(models.IntegerChoices):
    """Ordered: a higher number is a higher level, so "district level or above" is `level__gte`."""

    SCHOOL = 10, _("School level")
    TOWN = 20, _("Town or subdistrict level")
    COUNTY = 30, _("District or county level")
    CITY = 40, _("City level")
    PROVINCE = 50, _("Provincial level")
    NATIONAL = 60, _("National level")


class Rank(models.TextChoices):
    NONE = "", _("No rank")
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    MERIT = "merit", _("Merit award")


# Ranks in their order, best first (for tables and sorting).
RANK_ORDER = (Rank.FIRST, Rank.SECOND, Rank.THIRD, Rank.MERIT, Rank.NONE)


class HolderKind(models.TextChoices):
    MEMBER = "member", _("A member")
    DEPARTMENT = "department", _("A department")
    UNION = "union", _("The union itself")
    TEAM = "team", _("A team or other collective")


class Source(models.TextChoices):
    HAND = "hand", _("Entered by hand")
    COMPETITION = "competition", _("Written by a competition")
    SELECTION = "selection", _("Written by a selection")
    POLL = "poll", _("Written by a vote's result")
    IMPORT = "import", _("Imported from Excel")


class Honour(models.Model):
    """One honour or prize (荣誉/奖项) held by a member or a collective."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    holder_kind = models.CharField(_("holder"), max_length=12, choices=HolderKind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
    )
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A team or other collective by name (e.g. 初二年级组, 教工合唱队).
    team_name = models.CharField(_("team or collective"), max_length=100, blank=True)
    # The members of a team, so that a team's prize shows on each of their pages.
    team_members = models.ManyToManyField(
        "members.Member",
        blank=True,
        related_name="team_honours",
        verbose_name=_("team members"),
    )
    title = models.CharField(_("title of the honour"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    rank = models.CharField(_("rank"), max_length=8, choices=Rank.choices, blank=True, default="")
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    awarded_on = models.DateField(_("date awarded"))
    evidence = models.FileField(
        _("evidence (certificate image or PDF)"), upload_to="honours/%Y/", blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.HAND
    )
    # The record that wrote this honour (a competition's result, a selection, an import).
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_record = GenericForeignKey("source_type", "source_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn (recorded in error, or revoked), never deleted.
    withdrawn_at = models.DateTimeField(
        pgettext_lazy("honour", "withdrawn at"), null=True, blank=True
    )
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    TRACKED_FIELDS = (
        "holder_kind",
        "member",
        "department",
        "team_name",
        "title",
        "level",
        "rank",
        "awarding_body",
        "awarded_on",
        "note",
    )
    # Withdrawals recorded before they went through audited_update (as `withdraw_reason`).
    audit_labels = {"withdrawn": _("reason for withdrawing")}

    class Meta:
        verbose_name = _("honour")
        ordering = ["-awarded_on", "-id"]
        indexes = [
            models.Index(fields=["org", "awarded_on"]),
            models.Index(fields=["org", "level"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(holder_kind="member", member__isnull=False, department__isnull=True)
                    | models.Q(
                        holder_kind="department", member__isnull=True, department__isnull=False
                    )
                    | models.Q(holder_kind="union", member__isnull=True, department__isnull=True)
                    | (
                        models.Q(holder_kind="team", member__isnull=True, department__isnull=True)
                        & ~models.Q(team_name="")
                    )
                ),
                name="honour_holder_consistent",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=[10, 20, 30, 40, 50, 60]), name="honour_level_known"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__in=["", "first", "second", "third", "merit"]),
                name="honour_rank_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_shown} · {self.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_collective(self) -> bool:
        return self.holder_kind != HolderKind.MEMBER

    @property
    def holder_shown(self) -> str:
        """Who holds it, as a reader names them (the member, the department, the team, the
        union)."""
        if self.holder_kind == HolderKind.MEMBER:
            return str(self.member)
        if self.holder_kind == HolderKind.DEPARTMENT:
            return str(self.department)
        if self.holder_kind == HolderKind.TEAM:
            return self.team_name
        return str(_("The union"))


class HonourImport(ImportBatch):
    """An uploaded honours spreadsheet, kept from preview to confirmation, then as the record
    the imported honours link to."""

    file = models.FileField(upload_to="imports/honours/%Y/%m/")
