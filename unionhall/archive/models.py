"""The year's archive (档案): one .zip per school year, by category, with a manifest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Archive(models.Model):
    """One build of a school year's archive: queued, built by a worker, then downloadable."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("school year starting"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    step = models.CharField(_("working on"), max_length=100, blank=True)
    file = models.FileField(_("archive"), upload_to="archives/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    file_count = models.PositiveIntegerField(_("files"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("archive")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="archive_progress_at_most_100"
            ),
            # One build at a time per school year.
            models.UniqueConstraint(
                fields=["org", "year"],
                condition=models.Q(state__in=["queued", "running"]),
                name="archive_one_build_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}-{self.year + 1}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
