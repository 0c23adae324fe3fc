"""Each organisation's data versions, one per app: what a cached page of it, or a part of one,
is kept under (README, "Speed").

Every save of a row that belongs to an organisation (a model with an `org` field, or the
organisation itself) moves that organisation's version of the row's app once its transaction
commits (`transaction.on_commit`), in the database, so every worker and every app server reads
the same versions. Writes that send no signal (`bulk_create`, `bulk_update`, `QuerySet.update`,
`QuerySet.delete`: a delete signal listened to for every model would make each bulk delete
read its rows first) call `bump` in their service, with their app. Reading an organisation's
versions is one query (`of`). A part kept under the versions of the apps it reads (`kept_under`)
is kept when a record of another app changes: the summary's sections (`reports.build`).

A model whose rows no kept page shows sets `moves_data_version = False`: a ballot and its
register row (what a poll's figures say is read once it is counted and published, and the count
moves the version), so that casting a ballot writes nothing beyond the ballot.
"""

import threading

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_migrate, post_save

from unionhall.core.models import AuditEntry, DataVersion, SensitiveAccess

# Rows that record who read or exported something, not the records themselves.
_NOT_DATA = (DataVersion, SensitiveAccess)
_pending = threading.local()


# The app of a change that does not say its app: everything kept is kept under it too.
ANY = ""


def of(org_id: int) -> dict[str, int]:
    """The organisation's version of each app that has changed (an app not in it: 0)."""
    return dict(DataVersion.objects.filter(org_id=org_id).values_list("app", "version"))


def current(org_id: int) -> int:
    """How many changes the organisation's records have had in all (0 before the first)."""
    return sum(of(org_id).values())


def kept_under(found: dict[str, int], reads: tuple[str, ...] | None) -> tuple:
    """What to keep a part under that reads the apps `reads` (None: it may read any), from the
    versions `found` (`of`): those apps' versions, the organisation's own and ANY's."""
    if reads is None:
        return tuple(sorted(found.items()))
    apps = sorted({ANY, "orgs", *reads})
    return tuple((app, found.get(app, 0)) for app in apps)


def bump(org_id: int | None, app: str = ANY) -> None:
    """Move the organisation's version of `app` when the current transaction commits (at once
    outside one); several changes in one transaction move it once."""
    if org_id is None:
        return
    pending = getattr(_pending, "changes", None)
    if pending is None:
        pending = _pending.changes = set()
    pending.add((org_id, app))
    transaction.on_commit(_flush)


def _flush() -> None:
    changes = getattr(_pending, "changes", None) or set()
    _pending.changes = set()
    organisations = DataVersion._meta.get_field("org").related_model
    for org_id, app in sorted(changes):
        if DataVersion.objects.filter(org_id=org_id, app=app).update(version=F("version") + 1):
            continue
        if not organisations.objects.filter(pk=org_id).exists():
            # Noted by a transaction that was rolled back (Django dropped its callback; the
            # note stayed) and the organisation with it: there is nothing to move.
            continue
        try:
            with transaction.atomic():
                DataVersion.objects.create(org_id=org_id, app=app, version=1)
        except IntegrityError:  # another process created it first
            DataVersion.objects.filter(org_id=org_id, app=app).update(version=F("version") + 1)


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
    bump(_org_of(instance), instance._meta.app_label)


def _members_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        # The app of the table that changed: the one whose model has the many-to-many field.
        bump(_org_of(instance), sender._meta.app_label)


def forget_all() -> None:
    """Empty the cache: the database under it was made anew (migrated from nothing, or
    restored from a backup), and its versions count again from what it holds, so a part kept
    for the old one could be read under the same versions. The cache may outlive the database:
    by default it is files beside it (settings.CACHES)."""
    cache.clear()


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="core.versions.saved")
    m2m_changed.connect(_members_changed, dispatch_uid="core.versions.m2m")
    # post_migrate is sent for every installed app after each migrate: once is enough.
    post_migrate.connect(_migrated, dispatch_uid="core.versions.migrated")


def _migrated(sender, **kwargs) -> None:
    if sender.label == "core":
        forget_all()
