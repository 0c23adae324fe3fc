from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core import i18n


class Notice(models.Model):
    """A message to one user in one organisation, shown under the bell until read.

    Generic on purpose: any app sends notices through `notices.services.notice_send`, with an
    optional `key` so that a reminder sent by a daily job reaches each person once.
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")
        ANSWERED = "answered", _("Answered")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        INFO = "info", _("Information")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The title as written, in the sender's language; shown through `title_shown`, in the
    # reader's language, when the message id is kept.
    title = models.CharField(_("title"), max_length=200)
    title_msgid = models.CharField(max_length=200, blank=True)
    title_params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Deduplication: one notice per (org, user, key) when a key is given.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "user", "key"],
                condition=~models.Q(key=""),
                name="notice_key_once_per_user",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title_shown

    @property
    def title_shown(self) -> str:
        return i18n.render(self.title_msgid, self.title_params, self.title)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
