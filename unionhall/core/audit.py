"""Writing the audit trail: services call these inside their transaction."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from unionhall.core.models import AuditEntry, SensitiveAccess


def _shown(instance: models.Model, field_name: str) -> str:
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field_name)
    if value is None or value == "":
        return ""
    if getattr(field, "choices", None):
        return str(getattr(instance, f"get_{field_name}_display")())
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, str]:
    return {name: _shown(instance, name) for name in fields}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {name: [before[name], after[name]] for name in after if before.get(name) != after[name]}


def content_type_of(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def record(
    *,
    org,
    actor,
    subject: models.Model,
    action: str,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEntry:
    if action not in AuditEntry.Action.values:
        raise ValueError(f"unknown audit action {action!r}: one of {AuditEntry.Action.values}")
    return AuditEntry.objects.create(
        org=org,
        actor=actor,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        action=action,
        summary=summary[:200],
        changes=changes or {},
    )


def history(subject: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")


def log_sensitive_read(*, org, actor, model, object_id, purpose: str, fields: Iterable[str]):
    SensitiveAccess.objects.create(
        org=org,
        actor=actor,
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        purpose=purpose,
        fields=",".join(fields),
    )
