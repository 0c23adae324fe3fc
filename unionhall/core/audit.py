"""Writing the audit trail: services call these inside their transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from unionhall.core import i18n
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry, SensitiveAccess


def _shown(instance: models.Model, field_name: str) -> str:
    value = getattr(instance, field_name)
    if value is None or value == "":
        return ""
    # A choice is kept as its value and shown with its label in the reader's language
    # (AuditEntry.changes_shown), never as the label in the writer's language.
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
    summary: str | Promise | Msg = "",
    changes: dict | None = None,
) -> AuditEntry:
    """Record a change. A `summary` that is a sentence is a `Msg`, so that every reader sees it
    in their own language; free text (a name, a note) is a plain string."""
    if action not in AuditEntry.Action.values:
        raise ValueError(f"unknown audit action {action!r}: one of {AuditEntry.Action.values}")
    text, msgid, params = i18n.stored(summary)
    return AuditEntry.objects.create(
        org=org,
        actor=actor,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        action=action,
        summary=text[:200],
        summary_msgid=msgid,
        summary_params=params,
        changes=changes or {},
    )


def record_typed_on_behalf(
    *, org, clerk, subject: models.Model, person: "str | Promise | Msg", happened
) -> AuditEntry:
    """A record that happened on paper and was typed in later: `clerk` typed it on behalf of
    `person` (a name, or a sentence such as "an anonymous writer"); `happened` is its date."""
    day = timezone.localdate(happened) if hasattr(happened, "hour") else happened
    return record(
        org=org,
        actor=clerk,
        subject=subject,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Typed by %(clerk)s on behalf of %(person)s; it happened on %(date)s"),
            clerk=str(clerk),
            person=person,
            date=day.isoformat(),
        ),
    )


def audited_update(
    instance: models.Model,
    *,
    org,
    actor,
    fields: Iterable[str],
    changes: Mapping[str, Any],
    action: str = AuditEntry.Action.UPDATE,
    summary: str | Promise | Msg = "",
    created: bool = False,
    full_clean: bool = False,
) -> dict[str, list[str]]:
    """Set `changes` on `instance`, save it, and record old → new of the `fields` the history
    shows; returns that difference. Nothing is recorded when none of `fields` changed.

    `changes` may set fields the history does not show (a timestamp, who answered). A row
    `created` just now (by get_or_create, say) has every field's old value blank. Call inside
    the service's transaction: a refusal after this rolls the change back with its record."""
    fields = tuple(fields)
    before = dict.fromkeys(fields, "") if created else snapshot(instance, fields)
    for name, value in changes.items():
        setattr(instance, name, value)
    if full_clean:
        instance.full_clean()
    if instance.pk is None or instance._state.adding:
        instance.save()
    else:
        instance.save(update_fields=_saved_fields(instance, changes))
    difference = diff(before, snapshot(instance, fields))
    if difference:
        record(
            org=org,
            actor=actor,
            subject=instance,
            action=action,
            summary=summary,
            changes=difference,
        )
    return difference


def _saved_fields(instance: models.Model, changes: Mapping[str, Any]) -> list[str]:
    """The columns to write: the changed ones, and a last-modified stamp if the model has one."""
    names = list(changes)
    for field in instance._meta.concrete_fields:
        if getattr(field, "auto_now", False) and field.name not in names:
            names.append(field.name)
    return names


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
