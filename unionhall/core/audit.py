"""Writing the audit trail: services call these inside their transaction."""

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from unionhall.core import i18n
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry, SensitiveAccess
from unionhall.core.text import join_list

M = TypeVar("M", bound=models.Model)


def _shown(instance: models.Model, field_name: str) -> str:
    value = getattr(instance, field_name)
    if value is None or value == "":
        return ""
    # A choice is kept as its value and shown with its label in the reader's language
    # (AuditEntry.changes_shown), never as the label in the writer's language.
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, Decimal):
        # As stored: 0.005 given and 0.0050 read back are the same rate, not a change.
        places = getattr(_field(instance, field_name), "decimal_places", None)
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places))
    return str(value)


def _field(instance: models.Model, name: str):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def snapshot(
    instance: models.Model,
    fields: Iterable[str],
    shown: Mapping[str, Callable[[Any], str]] | None = None,
) -> dict[str, str]:
    """The `fields` of `instance` as the history shows them; `shown` names a field's own way of
    writing its value (an amount as "1,234.50"), given the value when it is not blank."""
    shown = shown or {}
    return {
        name: shown[name](getattr(instance, name))
        if name in shown and getattr(instance, name) not in (None, "")
        else _shown(instance, name)
        for name in fields
    }


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
    instance: M,
    *,
    org,
    actor,
    fields: Iterable[str],
    changes: Mapping[str, Any],
    check: Callable[[M], None] | None = None,
    action: str = AuditEntry.Action.UPDATE,
    summary: str | Promise | Msg = "",
    created: bool = False,
    subject: models.Model | None = None,
    shown: Mapping[str, Callable[[Any], str]] | None = None,
) -> dict[str, list[str]]:
    """Set `changes` (field → new value) on `instance`, run `check`, save it, and record old →
    new of the `fields` the history shows; returns that difference. Nothing is recorded when
    none of `fields` changed. With no `fields` the change is one the `summary` names and no
    value shows (a password reset, a school archived): it is recorded each time it is made.

    `instance` must be as stored: this function takes its "before" from it, then sets the new
    values itself. A service that wants to judge the changed row (a domain rule, `full_clean`)
    passes the rule as `check`, called with the row once the changes are set and before it is
    saved; it never sets the values first (that records nothing: it happened to activities).

    `changes` may set fields the history does not show (a timestamp, who answered). A row
    `created` just now (by get_or_create, say) has every field's old value blank. Call inside
    the service's transaction: a refusal after this rolls the change back with its record.

    The line is in the history of `subject` when given (a competition, for one of its entries),
    else of `instance`; `shown` writes a field's values as `snapshot` does."""
    fields = tuple(fields)
    before = dict.fromkeys(fields, "") if created else snapshot(instance, fields, shown)
    for name, value in changes.items():
        setattr(instance, name, value)
    if check is not None:
        check(instance)
    if instance.pk is None or instance._state.adding:
        instance.save()
    else:
        instance.save(update_fields=_saved_fields(instance, changes))
    difference = diff(before, snapshot(instance, fields, shown))
    if difference or not fields:
        record(
            org=org,
            actor=actor,
            subject=instance if subject is None else subject,
            action=action,
            summary=summary,
            changes=difference,
        )
    return difference


def full_clean(instance: models.Model) -> None:
    """A `check` for audited_update and audited_create: the model's own validation."""
    instance.full_clean()


def audited_create(
    instance: M,
    *,
    org,
    actor,
    summary: str | Promise | Msg = "",
    check: Callable[[M], None] | None = None,
    action: str = AuditEntry.Action.CREATE,
    changes: dict | None = None,
    subject: models.Model | None = None,
) -> M:
    """Save the new, unsaved `instance` (after `check`, if given: a domain rule, `full_clean`)
    and record its creation with `summary`; returns it. Call inside the service's transaction.

    The line is in the history of `subject` when given (a club, for a member joining it), else
    of `instance`."""
    if instance.pk is not None and not instance._state.adding:
        raise ValueError(f"audited_create: {instance!r} is saved already; use audited_update")
    if check is not None:
        check(instance)
    instance.save()
    record(
        org=org,
        actor=actor,
        subject=instance if subject is None else subject,
        action=action,
        summary=summary,
        changes=changes,
    )
    return instance


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


def log_sensitive_reads(
    *, org, actor, model, object_ids: Iterable[int], purpose: str, fields: Iterable[str]
) -> None:
    """One logged read per person whose sensitive data a page or a file showed (a list, an
    export), so that each person can see it among the reads of their data."""
    ids = sorted(set(object_ids))
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    shown = ",".join(fields)
    # By their ids: a row given the objects themselves checks and caches each of them, for
    # every person in a list of hundreds.
    SensitiveAccess.objects.bulk_create(
        SensitiveAccess(
            org_id=org.pk,
            actor_id=actor.pk,
            content_type_id=content_type.pk,
            object_id=object_id,
            purpose=purpose,
            fields=shown,
        )
        for object_id in ids
    )


# What a logged read of sensitive data was for (SensitiveAccess.purpose), and what it showed.
SENSITIVE_PURPOSES = {
    "member_detail": _("the member's page in the register"),
    "member_list": _("the member register list"),
    "member_export": _("an export of the member register"),
    "care_hardship_visit": _("a hardship care visit"),
    "care_illness_visit": _("an illness care visit"),
    "care_member_year": _("the member's care visits in a year"),
    "care_reminders": _("the care reminders"),
}
SENSITIVE_FIELD_LABELS = {
    "id_number": _("ID card number"),
    "hardship": _("hardship status"),
    "hardship_note": _("hardship note"),
    "illness": _("illness or hospital stay"),
}


@dataclasses.dataclass
class SensitiveRead:
    at: object
    actor: object
    subject: str
    purpose: str
    fields: str


def sensitive_reads(queryset) -> list[SensitiveRead]:
    """Logged reads as shown to people: who, whose (one query per kind of record), when, for
    what and which data. `queryset` is a slice of SensitiveAccess rows."""
    rows = list(queryset.select_related("actor"))
    subjects: dict[tuple[int, int], str] = {}
    by_type: dict[int, set[int]] = {}
    for row in rows:
        if row.object_id is not None:
            by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for pk, found in model._base_manager.in_bulk(ids).items():
            subjects[(type_id, pk)] = str(found)
    return [
        SensitiveRead(
            at=row.at,
            actor=row.actor,
            subject=subjects.get((row.content_type_id, row.object_id), "")
            if row.object_id is not None
            else str(_("several members")),
            purpose=str(SENSITIVE_PURPOSES.get(row.purpose, row.purpose)),
            fields=join_list(
                [str(SENSITIVE_FIELD_LABELS.get(f, f)) for f in row.fields.split(",") if f]
            ),
        )
        for row in rows
    ]
