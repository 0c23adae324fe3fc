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
