"""Asking for the year's archive and building it (in the worker: see `tasks.py`)."""

import hashlib
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.archive.models import Archive
from unionhall.archive.writer import write_archive
from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.periods import Period, school_year_of
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send

log = logging.getLogger(__name__)


def archive_request(*, org, actor, year: int) -> Archive:
    """Queue the archive of the school year starting in `year`; the worker builds it (at
    once under the immediate backend). Refused while one is being built for that year."""
    from unionhall.archive.tasks import archive_build_task

    if not 1990 <= year <= school_year_of(timezone.localdate()):
        raise ValidationError({"year": _("Choose a school year that has begun.")})
    try:
        with transaction.atomic():
            archive = Archive.objects.create(
                org=org, year=year, state=Archive.State.QUEUED, requested_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            _("The archive of this school year is already being built: wait for it.")
        ) from None
    audit.record(
        org=org,
        actor=actor,
        subject=archive,
        action=AuditEntry.Action.EXPORT,
        summary=Msg(
            gettext_noop("Archive of %(period)s requested"), period=Period.school_year(year).label
        ),
    )
    result = archive_build_task.enqueue(archive.pk)
    Archive.objects.filter(pk=archive.pk).update(task_id=str(result.id)[:64])
    archive.refresh_from_db()
    return archive


def _progress(archive: Archive):
    def tell(per_cent: int, step: str) -> None:
        archive.progress, archive.step = per_cent, step[:100]
        archive.save(update_fields=["progress", "step"])

    return tell


def archive_build(*, archive_id: int) -> Archive:
    """Build one queued archive: write the .zip, store it, tell the person who asked."""
    archive = Archive.objects.select_related("org", "requested_by").get(pk=archive_id)
    if archive.state != Archive.State.QUEUED:
        return archive
    archive.state, archive.started_at = Archive.State.RUNNING, timezone.now()
    archive.save(update_fields=["state", "started_at"])
    period = Period.school_year(archive.year)
    try:
        with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as target:
            manifest = write_archive(
                target, org=archive.org, period=period, progress=_progress(archive)
            )
            target.seek(0)
            digest, size = hashlib.sha256(), 0
            while chunk := target.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
            target.seek(0)
            name = f"archives/{archive.org.code}/{archive.org.code}-{period.label}-{archive.pk}.zip"
            stored = default_storage.save(name, File(target, name=name))
    except Exception as error:  # the build must end in a state the page can show
        log.exception("archive %s failed", archive.pk)
        archive.state, archive.error = Archive.State.FAILED, str(error)[:2000]
        archive.finished_at = timezone.now()
        archive.save(update_fields=["state", "error", "finished_at"])
        _tell(archive, gettext_noop("The archive of %(period)s could not be built"))
        raise
    archive.file.name = stored
    archive.size, archive.sha256, archive.file_count = size, digest.hexdigest(), len(manifest)
    archive.state, archive.progress, archive.step = Archive.State.DONE, 100, ""
    archive.finished_at = timezone.now()
    archive.save()
    _tell(archive, gettext_noop("The archive of %(period)s is ready to download"))
    return archive


def _tell(archive: Archive, message: str) -> None:
    notice_send(
        org=archive.org,
        user=archive.requested_by,
        kind=Notice.Kind.INFO,
        title=Msg(message, period=Period.school_year(archive.year).label),
        url=reverse("archive:detail", kwargs={"org": archive.org.code, "pk": archive.pk}),
    )
