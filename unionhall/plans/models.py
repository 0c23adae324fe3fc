"""The annual plan (工作计划), its tasks ticked by records, the mid-year check and next
year's draft.

A plan is made as unions write one: goals (指导思想和工作目标), then work areas (主要工作), then the
month-by-month tasks (工作安排). A task linked to a kind of record (`record_kind`, a key of
`plans.kinds.RECORD_KINDS`) is done when such a record exists between its `starts_on` and
`due_on`; it is never ticked by hand. Only a task with no kind of record is ticked by hand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Plan(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    # The school year the plan is for: 2025 is 2025-2026.
    start_year = models.PositiveSmallIntegerField(_("school year starting in"))
    goals = models.TextField(_("guiding ideas and goals"), blank=True)
    drafted_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annual plan")
        ordering = ["org", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "start_year"], name="plan_once_a_school_year")
        ]

    def __str__(self) -> str:
        return _("Work plan %(start)s-%(end)s") % {
            "start": self.start_year,
            "end": self.start_year + 1,
        }

    @property
    def school_year_label(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"


class WorkArea(models.Model):
    """One of the plan's main areas of work (主要工作), with what the union means to do in it."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("work area"), max_length=60)
    aims = models.TextField(_("what we mean to do"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("work area")
        ordering = ["plan", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="work_area_once_in_plan")
        ]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """One line of the month-by-month schedule (工作安排)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(
        WorkArea,
        verbose_name=_("work area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField(pgettext_lazy("task", "title"), max_length=120)
    # The window a record fulfils the task in; the task's month is that of `due_on`.
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due by"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    record_kind = models.CharField(_("fulfilled by"), max_length=40, blank=True)
    # Only for a task no record fulfils: the day the owner reported it done, and how.
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=200, blank=True)
    # Left undone in last year's plan, of which this task is next year's copy.
    carried_over = models.BooleanField(_("left undone last year"), default=False)
    # The line of the default template this task came from (blank: added by the chair); next
    # year's copy takes that line's dates for next year (lunar festivals move).
    template_key = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("plan task")
        ordering = ["plan", "due_on", "starts_on", "id"]
        indexes = [models.Index(fields=["org", "plan", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")),
                name="task_due_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(record_kind="") | models.Q(done_on__isnull=True),
                name="task_linked_not_ticked_by_hand",
            ),
        ]

    def __str__(self) -> str:
        return self.title
