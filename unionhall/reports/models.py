from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SummaryTemplate(models.Model):
    """An organisation's own Word template for the summary. The newest one not retired is used;
    retired ones are kept (never deleted) so a chair can see what was used before."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("template"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("summary template")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org"],
                condition=models.Q(retired_at__isnull=True),
                name="reports_one_active_template_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.name


class NarrativeParagraph(models.Model):
    """A paragraph the chair writes into a section of the summary: the narrative no ledger holds.

    It sits among the computed paragraphs of its section: `position` is the number of computed
    paragraphs before it. Edits are audited; a removed paragraph is kept with `deleted_at`."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    # The period's label as in the summary's URL: "2025", "2025-2026".
    period = models.CharField(_("period"), max_length=20)
    section = models.CharField(_("section"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paragraph of the summary")
        ordering = ["section", "position", "created_at", "id"]
        indexes = [
            models.Index(fields=["org", "period", "section"], name="reports_narrative_place")
        ]

    def __str__(self) -> str:
        return self.text[:50]


class ProblemChoice(models.Model):
    """What the chair chose for one computed item of 存在的问题和不足 in the summary for a
    period: keep it as computed, say it in their own words, or leave it out. Kept per item and
    period; changes are audited."""

    class Action(models.TextChoices):
        KEEP = "keep", _("Keep as computed")
        REWORD = "reword", _("In my own words")
        DROP = "drop", _("Leave out")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=20)
    # The key the item was registered with (core.summary.problem), e.g. "care.hardship".
    key = models.CharField(_("item"), max_length=60)
    action = models.CharField(_("choice"), max_length=10, choices=Action.choices)
    text = models.TextField(_("text"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("choice for a problem in the summary")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "period", "key"], name="reports_one_problem_choice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.action}"
