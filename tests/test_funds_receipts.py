import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories_funds import post
from tests.personas import auditor_of, treasurer_of
from unionhall.core.audit import history
from unionhall.funds.models import Category, LedgerEntry, Receipt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _pdf(name="发票.pdf", content=b"%PDF-1.4 receipt"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _jpeg(name="小票.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 24), "white").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_it_attaches_several_receipts_when_posting(client, school):
    client.force_login(treasurer_of(school))
    client.post(
        f"/o/{school.code}/funds/new/",
        {
            "category": Category.ACTIVITIES,
            "amount": "960.00",
            "date": "2025-09-09",
            "memo": "教师节鲜花",
            "receipts": [_pdf("发票1.pdf"), _jpeg()],
        },
    )
    entry = LedgerEntry.objects.get(org=school)
    assert sorted(r.name for r in entry.receipts.all()) == ["发票1.pdf", "小票.jpg"]
    receipt = entry.receipts.get(name="发票1.pdf")
    response = client.get(f"/o/{school.code}/funds/receipts/{receipt.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 receipt"


def test_a_removed_receipt_is_kept_and_shown_as_removed(client, school):
    entry = post(school, 100)
    treasurer = treasurer_of(school)
    client.force_login(treasurer)
    client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    receipt = Receipt.objects.get(entry=entry)
    client.post(f"/o/{school.code}/funds/receipts/{receipt.pk}/remove/")
    receipt.refresh_from_db()
    assert receipt.deleted_at is not None and receipt.deleted_by == treasurer
    html = client.get(f"/o/{school.code}/funds/{entry.pk}/").content.decode()
    assert "<del>发票.pdf</del>" in html
    assert "removed by" in html
    assert any("Receipt removed" in h.summary for h in history(entry))


def test_it_refuses_a_file_that_is_not_a_receipt(client, school):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/receipts/",
        {"receipts": [_pdf(), _pdf("宏.xlsm", b"PK")]},
        follow=True,
    )
    assert "is not a PDF or an image" in response.content.decode()
    assert not Receipt.objects.exists()


def test_other_schools_receipts_are_out_of_reach(client, school, other_school):
    entry = post(other_school, 100)
    client.force_login(treasurer_of(other_school))
    client.post(f"/o/{other_school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    receipt = Receipt.objects.get()
    client.force_login(treasurer_of(school))
    assert client.get(f"/o/{school.code}/funds/receipts/{receipt.pk}/").status_code == 404
    assert client.post(f"/o/{school.code}/funds/receipts/{receipt.pk}/remove/").status_code == 404
    response = client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    assert response.status_code == 404
    receipt.refresh_from_db()
    assert receipt.deleted_at is None
    assert Receipt.objects.count() == 1


def test_the_audit_committee_reads_receipts_but_cannot_remove_them(client, school):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    client.post(f"/o/{school.code}/funds/{entry.pk}/receipts/", {"receipts": [_pdf()]})
    receipt = Receipt.objects.get()
    client.force_login(auditor_of(school))
    assert client.get(f"/o/{school.code}/funds/receipts/{receipt.pk}/").status_code == 200
    assert client.post(f"/o/{school.code}/funds/receipts/{receipt.pk}/remove/").status_code == 403


def test_a_refused_receipt_when_posting_leaves_no_entry(client, school):
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/new/",
        {
            "category": Category.ACTIVITIES,
            "amount": "960.00",
            "date": "2025-09-09",
            "memo": "教师节鲜花",
            "receipts": [_pdf("发票.exe", b"MZ")],
        },
    )
    assert "is not a PDF or an image" in response.content.decode()
    assert not LedgerEntry.objects.exists()
    assert not Receipt.objects.exists()
