from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core import i18n


class AuditEntry(models.Model):
    """Who changed what, when: one row per change that matters, with old → new per field."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        EVENT = "event", _("event")
        IMPORT = "import", _("imported")
        EXPORT = "export", _("exported")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The summary as written, in the writer's language; rows written before message ids were
    # kept have only this. Shown through `summary_shown`, in the reader's language.
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    summary_msgid = models.CharField(max_length=200, blank=True)
    summary_params = models.JSONField(default=dict, blank=True)
    # {"field": [old, new]}, values as shown to people (strings).
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.summary_shown}"

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language (as written, for rows without a message id)."""
        return i18n.render(self.summary_msgid, self.summary_params, self.summary)


class SensitiveAccess(models.Model):
    """A record that someone read sensitive personal data (PIPL): whose, which fields, when."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=50)
    fields = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.purpose}"
