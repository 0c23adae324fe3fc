"""Uploads leave no file without its row, and no row without its file, and are private: a full
disk refuses the upload with a message and leaves nothing; a failure after the file was written
takes the file away with the row; what is stored is readable by the app's account only."""

import errno
import io
import os
import stat

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from tests.factories import MemberFactory, member_edit_form
from tests.factories_funds import post
from tests.personas import chair_of, treasurer_of
from unionhall.core.storage import TransactionalFileSystemStorage, files_kept_with_their_rows
from unionhall.funds.models import Receipt
from unionhall.members.models import Member

pytestmark = pytest.mark.django_db


def _pdf(name="发票.pdf"):
    # More than one chunk (64 KB), so that a disk that fills mid-write has written some.
    return SimpleUploadedFile(name, b"%PDF-1.4 receipt" + b"0" * 200_000, "application/pdf")


def _files_under(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def _disk_fills_after(monkeypatch, written_bytes: int) -> None:
    """The disk holding MEDIA_ROOT has room for `written_bytes` more, then ENOSPC."""
    real_write = os.write
    room = {"left": written_bytes}

    def write(descriptor, data):
        if room["left"] < len(data):
            real_write(descriptor, bytes(data[: room["left"]]))
            room["left"] = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        room["left"] -= len(data)
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write)


def test_a_disk_that_fills_mid_upload_leaves_no_file_no_row_and_says_so(
    client, school, settings, monkeypatch
):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    client.raise_request_exception = False
    client.get(
        f"/o/{school.code}/funds/{entry.pk}/"
    )  # the session is written before the disk fills
    _disk_fills_after(monkeypatch, 70_000)
    response = client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    monkeypatch.undo()
    assert response.status_code == 503
    page = response.content.decode()
    assert "服务器磁盘已满" in page and "没有保存" in page
    assert not Receipt.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_failed_row_after_the_file_was_written_takes_the_file_away(
    client, school, settings, monkeypatch
):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    client.raise_request_exception = False
    written = []

    def refuse(receipt, *args, **kwargs):
        written.append(receipt.file.name)
        assert (settings.MEDIA_ROOT / receipt.file.name).is_file()  # the file is on disk
        raise IntegrityError("the row could not be written")

    monkeypatch.setattr(Receipt, "save", refuse)
    response = client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    monkeypatch.undo()
    assert response.status_code == 500
    assert written
    assert not Receipt.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_second_receipt_refused_by_the_database_takes_the_first_one_away_too(
    client, school, settings, monkeypatch
):
    """Either every receipt is attached or none: the first file, saved with its row, goes when
    the second row fails and the transaction is rolled back."""
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    client.raise_request_exception = False
    real_save = Receipt.save

    def second_fails(receipt, *args, **kwargs):
        if receipt.name == "第二张.pdf":
            raise IntegrityError("the row could not be written")
        return real_save(receipt, *args, **kwargs)

    monkeypatch.setattr(Receipt, "save", second_fails)
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/receipts/",
        {"receipts": [_pdf("第一张.pdf"), _pdf("第二张.pdf")]},
    )
    monkeypatch.undo()
    assert response.status_code == 500
    assert not Receipt.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_kept_upload_is_private_to_the_app(client, school, settings):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    os.umask(previous := os.umask(0o022))  # as a shell leaves it: files 0644 by default
    client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    receipt = Receipt.objects.get()
    path = settings.MEDIA_ROOT / receipt.file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = path.parent
    while folder != settings.MEDIA_ROOT:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent
    assert _files_under(settings.MEDIA_ROOT) == [receipt.file.name]  # no temporary file left
    assert previous == os.umask(previous)


def test_a_member_photo_is_private_and_goes_with_a_failed_edit(
    client, school, settings, monkeypatch
):
    member = MemberFactory(org=school)
    client.force_login(chair_of(school))
    client.raise_request_exception = False
    image = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(image, "PNG")

    def edit():
        return client.post(
            f"/o/{school.code}/members/{member.pk}/edit/",
            member_edit_form(
                member,
                joined_on=member.joined_on.isoformat(),
                photo=SimpleUploadedFile("photo.png", image.getvalue()),
            ),
        )

    real_save = Member.save

    def fail_after_the_file(saved, *args, **kwargs):
        real_save(saved, *args, **kwargs)
        raise IntegrityError("the audit row could not be written")

    monkeypatch.setattr(Member, "save", fail_after_the_file)
    assert edit().status_code == 500
    monkeypatch.undo()
    member.refresh_from_db()
    assert not member.photo
    assert _files_under(settings.MEDIA_ROOT) == []

    assert edit().status_code == 302
    member.refresh_from_db()
    assert stat.S_IMODE((settings.MEDIA_ROOT / member.photo.name).stat().st_mode) == 0o600


def test_the_storage_leaves_nothing_when_a_write_fails_outside_a_request(settings, monkeypatch):
    assert isinstance(default_storage, TransactionalFileSystemStorage)
    _disk_fills_after(monkeypatch, 1000)
    with pytest.raises(OSError, match="No space left"):
        default_storage.save("imports/register.xlsx", _pdf())
    monkeypatch.undo()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_command_whose_transaction_fails_leaves_none_of_its_files(settings):
    """As `seed_demo` does: files saved in a transaction that is rolled back go with it."""
    with pytest.raises(RuntimeError), files_kept_with_their_rows(), transaction.atomic():
        default_storage.save("district/replies/回复.xlsx", ContentFile(b"PK reply"))
        raise RuntimeError("a later step failed")
    assert _files_under(settings.MEDIA_ROOT) == []
    with files_kept_with_their_rows(), transaction.atomic():
        kept = default_storage.save("district/replies/回复.xlsx", ContentFile(b"PK reply"))
    assert _files_under(settings.MEDIA_ROOT) == [kept]


def test_a_file_gone_from_the_disk_is_not_found_not_a_server_error(client, school, settings):
    """A database restored without its uploads names files that are not there: the receipt's
    link answers 404, and the ledger page still shows."""
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    receipt = Receipt.objects.get()
    (settings.MEDIA_ROOT / receipt.file.name).unlink()
    assert client.get(f"/o/{school.code}/funds/receipts/{receipt.pk}/").status_code == 404
    assert client.get(f"/o/{school.code}/funds/").status_code == 200
