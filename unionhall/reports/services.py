from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.reports import documents
from unionhall.reports.models import NarrativeParagraph, ProblemChoice, SummaryTemplate

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_NARRATIVE_CHARS = 5000


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
        documents.render(documents.sample_summary(org), content)
    except documents.TemplateBroken as error:
        raise ValidationError(
            _("This template cannot be used: %(reason)s") % {"reason": error}
        ) from error
    _retire_active(org)
    return audit.audited_create(
        SummaryTemplate(org=org, name=name[:200], content=content, uploaded_by=actor),
        org=org,
        actor=actor,
        summary=Msg(gettext_noop("Summary template uploaded: %(name)s"), name=name[:200]),
    )


@transaction.atomic
def summary_template_reset(*, org, actor) -> None:
    """Go back to the default template; the uploaded one is kept, retired."""
    active = _active(org)
    if active is not None:
        audit.audited_update(
            active,
            org=org,
            actor=actor,
            fields=(),
            changes={"retired_at": timezone.now()},
            summary=Msg(gettext_noop("Summary template retired: %(name)s"), name=active.name),
        )


def _active(org) -> SummaryTemplate | None:
    return (
        SummaryTemplate.objects.select_for_update().filter(org=org, retired_at__isnull=True).first()
    )


def _retire_active(org) -> None:
    """Retire the template in use when another is uploaded (the upload is in the history)."""
    active = _active(org)
    if active is not None:
        active.retired_at = timezone.now()
        active.save(update_fields=["retired_at"])


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the paragraph before saving it.")})
    if len(text) > MAX_NARRATIVE_CHARS:
        raise ValidationError(
            {"text": _("A paragraph has at most %(n)s characters.") % {"n": MAX_NARRATIVE_CHARS}}
        )
    return text


@transaction.atomic
def narrative_add(
    *, org, actor, period: str, section: str, position: int, text: str
) -> NarrativeParagraph:
    """Add the chair's own paragraph to a section of the summary for `period` (its label), after
    the first `position` computed paragraphs."""
    paragraph = NarrativeParagraph(
        org=org,
        period=period,
        section=section,
        position=max(0, position),
        written_by=actor,
    )
    audit.audited_update(
        paragraph,
        org=org,
        actor=actor,
        fields=["text"],
        changes={"text": _clean_text(text)},
        action=AuditEntry.Action.CREATE,
        summary=Msg(gettext_noop("Paragraph added to the summary for %(period)s"), period=period),
        created=True,
    )
    return paragraph


@transaction.atomic
def narrative_edit(*, paragraph: NarrativeParagraph, actor, text: str) -> NarrativeParagraph:
    """Change the text of one of the chair's paragraphs; the old text stays in its history."""
    paragraph = NarrativeParagraph.objects.select_for_update().get(pk=paragraph.pk)
    if paragraph.deleted_at is not None:
        raise ValidationError(_("This paragraph was removed; add a new one instead."))
    audit.audited_update(
        paragraph,
        org=paragraph.org,
        actor=actor,
        fields=["text"],
        changes={"text": _clean_text(text)},
        summary=Msg(
            gettext_noop("Paragraph of the summary for %(period)s edited"),
            period=paragraph.period,
        ),
    )
    return paragraph


@transaction.atomic
def narrative_remove(*, paragraph: NarrativeParagraph, actor) -> NarrativeParagraph:
    """Take one of the chair's paragraphs out of the summary; the row and its history are kept."""
    paragraph = NarrativeParagraph.objects.select_for_update().get(pk=paragraph.pk)
    if paragraph.deleted_at is None:
        audit.audited_update(
            paragraph,
            org=paragraph.org,
            actor=actor,
            fields=["deleted_at"],
            changes={"deleted_at": timezone.now()},
            action=AuditEntry.Action.UPDATE,
            summary=Msg(
                gettext_noop("Paragraph removed from the summary for %(period)s"),
                period=paragraph.period,
            ),
        )
    return paragraph


@transaction.atomic
def problem_choose(
    *, org, actor, period: str, key: str, action: str, text: str = ""
) -> ProblemChoice:
    """Keep, reword or leave out one computed item of 存在的问题和不足 for `period`."""
    if action not in ProblemChoice.Action.values:
        raise ValidationError({"action": _("Choose to keep, reword or leave out the item.")})
    text = (text or "").strip()
    if action == ProblemChoice.Action.REWORD:
        text = _clean_text(text)
    else:
        text = ""
    choice, created = ProblemChoice.objects.select_for_update().get_or_create(
        org=org,
        period=period,
        key=key,
        defaults={"action": ProblemChoice.Action.KEEP, "decided_by": actor},
    )
    audit.audited_update(
        choice,
        org=org,
        actor=actor,
        fields=["action", "text"],
        changes={"action": action, "text": text, "decided_by": actor},
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=Msg(
            gettext_noop("Problem in the summary for %(period)s: %(choice)s"),
            period=period,
            choice=ProblemChoice.Action(action).label,
        ),
        created=created,
    )
    return choice
