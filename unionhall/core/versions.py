"""Each organisation's data version: what a cached page of it is kept under (README, "Speed").

Every save of a row that belongs to an organisation (a model with an `org` field, or the
organisation itself) moves that organisation's version once its transaction commits
(`transaction.on_commit`), in the database, so every worker and every app server reads the
same version. Writes that send no signal (`bulk_create`, `bulk_update`, `QuerySet.update`,
`QuerySet.delete`: a delete signal listened to for every model would make each bulk delete
read its rows first) call `bump` in their service. Reading the version is one query.

A model whose rows no kept page shows sets `moves_data_version = False`: a ballot and its
register row (what a poll's figures say is read once it is counted and published, and the count
moves the version), so that casting a ballot writes nothing beyond the ballot.
"""

import threading

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save

from unionhall.core.models import AuditEntry, DataVersion, SensitiveAccess

# Rows that record who read or exported something, not the records themselves.
_NOT_DATA = (DataVersion, SensitiveAccess)
_pending = threading.local()


def current(org_id: int) -> int:
    """The organisation's version now (0 before its first change)."""
    found = DataVersion.objects.filter(org_id=org_id).values_list("version", flat=True).first()
    return found or 0


def bump(org_id: int | None) -> None:
    """Move the organisation's version when the current transaction commits (at once outside
    one); several changes in one transaction move it once."""
    if org_id is None:
        return
    pending = getattr(_pending, "orgs", None)
    if pending is None:
        pending = _pending.orgs = set()
    pending.add(org_id)
    transaction.on_commit(_flush)


def _flush() -> None:
    orgs = getattr(_pending, "orgs", None) or set()
    _pending.orgs = set()
    organisations = DataVersion._meta.get_field("org").related_model
    for org_id in sorted(orgs):
        if DataVersion.objects.filter(org_id=org_id).update(version=F("version") + 1):
            continue
        if not organisations.objects.filter(pk=org_id).exists():
            # Noted by a transaction that was rolled back (Django dropped its callback; the
            # note stayed) and the organisation with it: there is nothing to move.
            continue
        try:
            with transaction.atomic():
                DataVersion.objects.create(org_id=org_id, version=1)
        except IntegrityError:  # another process created it first
            DataVersion.objects.filter(org_id=org_id).update(version=F("version") + 1)


def _org_of(instance) -> int | None:
    if isinstance(instance, _NOT_DATA) or not getattr(instance, "moves_data_version", True):
        return None
    if isinstance(instance, AuditEntry) and instance.action == AuditEntry.Action.EXPORT:
        return None
    if instance._meta.label == "orgs.Organisation":
        return instance.pk
    return getattr(instance, "org_id", None)


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata / restore: the whole database changes, and no page is kept
        return
    if sender.__module__ == "__fake__":  # a migration's historical model: no page is served yet
        return
    bump(_org_of(instance))


def _members_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump(_org_of(instance))


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="core.versions.saved")
    m2m_changed.connect(_members_changed, dispatch_uid="core.versions.m2m")
