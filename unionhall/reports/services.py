from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.reports import document
from unionhall.reports.models import SummaryTemplate

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@transaction.atomic
def summary_template_upload(*, org, actor, name: str, content: bytes) -> SummaryTemplate:
    """Store `content` as the organisation's summary template, after rendering a sample with it.

    A template that cannot be rendered is refused with the reason, and nothing changes."""
    if not name.lower().endswith(".docx"):
        raise ValidationError(
            _("The template must be a Word .docx file; “%(name)s” is not.") % {"name": name}
        )
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("The template is larger than 5 MB."))
    try:
        document.render(document.sample_summary(org), content)
    except document.TemplateBroken as error:
        raise ValidationError(
            _("This template cannot be used: %(reason)s") % {"reason": error}
        ) from error
    _retire_active(org)
    template = SummaryTemplate.objects.create(
        org=org, name=name[:200], content=content, uploaded_by=actor
    )
    audit.record(
        org=org,
        actor=actor,
        subject=template,
        action=AuditEntry.Action.CREATE,
        summary=Msg(gettext_noop("Summary template uploaded: %(name)s"), name=template.name),
    )
    return template


@transaction.atomic
def summary_template_reset(*, org, actor) -> None:
    """Go back to the default template; the uploaded one is kept, retired."""
    retired = _retire_active(org)
    if retired is not None:
        audit.record(
            org=org,
            actor=actor,
            subject=retired,
            action=AuditEntry.Action.UPDATE,
            summary=Msg(gettext_noop("Summary template retired: %(name)s"), name=retired.name),
        )


def _retire_active(org) -> SummaryTemplate | None:
    active = (
        SummaryTemplate.objects.select_for_update().filter(org=org, retired_at__isnull=True).first()
    )
    if active is not None:
        active.retired_at = timezone.now()
        active.save(update_fields=["retired_at"])
    return active
