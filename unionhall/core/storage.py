"""Uploads leave no file without its row, and no row without its file.

`TransactionalFileSystemStorage`, the default storage, writes an upload under a temporary name
beside its place (0600 from the start) and links it into place only once every byte is on disk:
a write that fails (a full disk: ENOSPC) leaves nothing, and the OSError goes on up, so no row
is written for it and the reader gets the "disk full" page (core/errors.py).

A file saved inside a transaction that is then rolled back (the row's INSERT failed after the
file was written) is deleted when the work that saved it ends: `files_kept_with_their_rows()`
wraps every request (`UploadCleanupMiddleware`) and `seed_demo`. Django has no hook for a
rollback, but it does drop the on-commit callbacks of a rolled-back block: a file whose callback
neither ran nor is still waiting belonged to a rollback. A file saved outside any transaction
is deleted when the work failed and no row names it (a row is never left without its file).
"""

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import FileField
from django.utils._os import safe_makedirs

TEMPORARY_PREFIX = ".upload-"
logger = logging.getLogger(__name__)


@dataclass
class _Saved:
    storage: FileSystemStorage
    name: str
    in_transaction: bool
    committed: bool = False
    callback: object = field(default=None, repr=False)

    def commit(self) -> None:
        self.committed = True

    def orphaned(self, *, failed: bool) -> bool:
        if not self.in_transaction:
            # Saved in autocommit: its row may or may not have been written before the failure.
            return failed and not _referenced(self.name)
        if self.committed:
            return False
        pending = connections[DEFAULT_DB_ALIAS].run_on_commit
        return not any(callback is self.callback for _ids, callback, _robust in pending)


def _referenced(name: str) -> bool:
    """Does any row's file field name this file?"""
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, FileField):
                if model._default_manager.filter(**{model_field.name: name}).exists():
                    return True
    return False


_saved: ContextVar[list[_Saved] | None] = ContextVar("unionhall_saved_files", default=None)


class TransactionalFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content) -> str:
        name = self._write(name, content)
        saved = _saved.get()
        if saved is not None:
            connection = connections[DEFAULT_DB_ALIAS]
            entry = _Saved(storage=self, name=name, in_transaction=connection.in_atomic_block)
            entry.callback = entry.commit
            if entry.in_transaction:
                transaction.on_commit(entry.callback)
            saved.append(entry)
        return name

    def _write(self, name: str, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=TEMPORARY_PREFIX)
        try:
            try:
                for chunk in content.chunks():
                    data = memoryview(chunk if isinstance(chunk, bytes) else chunk.encode())
                    while data:
                        data = data[os.write(descriptor, data) :]
                os.fsync(descriptor)  # a full disk may only tell here
            finally:
                os.close(descriptor)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    os.link(temporary, full_path)  # fails, rather than replace, if taken
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(temporary)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")


@contextmanager
def files_kept_with_their_rows() -> Iterator[None]:
    """Delete, when the block ends, the files saved in it whose transaction was rolled back, and
    those saved outside a transaction when the block fails."""
    token = _saved.set([])
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        entries = _saved.get() or []
        _saved.reset(token)
        for entry in entries:
            if entry.orphaned(failed=failed):
                try:
                    entry.storage.delete(entry.name)
                except OSError:
                    logger.warning("could not delete %s, saved for a row never written", entry.name)


class _Failed(Exception):
    """A request whose error became a 500 response: no exception reaches the middleware."""


class UploadCleanupMiddleware:
    """Every request's uploads: a file whose row was rolled back is deleted after the response
    is made, and one saved outside a transaction too when the request ended in a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        try:
            with files_kept_with_their_rows():
                response = self.get_response(request)
                if response.status_code >= 500:
                    raise _Failed
        except _Failed:
            pass
        return response
