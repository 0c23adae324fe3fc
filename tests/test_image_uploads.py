"""Image bombs and photo metadata: every uploaded image is opened fully within a pixel limit
(UNIONHALL_IMAGE_MAX_PIXELS) and stored re-encoded, without EXIF; a PDF is served as a download.

The attacker's file is a real PNG of 30,000 × 30,000 blank pixels that weighs about 110 KB on disk
and 900 million pixels once decoded."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import MemberFactory, member_edit_form
from tests.factories_care import load_rules
from tests.factories_funds import post
from tests.personas import chair_of, treasurer_of, welfare_of
from unionhall.care.models import CarePhoto, CareVisit
from unionhall.funds.models import LedgerEntry, Receipt
from unionhall.honours.models import Honour

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def blank_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of blank pixels, compressed row by row (a bomb is small)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then one bit per pixel
    compressor, parts = zlib.compressobj(9), []
    for _start in range(0, height, 1000):
        parts.append(compressor.compress(row * min(1000, height - _start)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = blank_png(30_000, 30_000)
    assert len(data) < 200 * 1024  # the attacker's file is small on disk
    return data


def phone_photo(size=(40, 20)) -> bytes:
    """A JPEG as a phone writes it: the GPS position where it was taken, and turned sideways
    (EXIF orientation 6: the viewer rotates it)."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 7.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "JPEG", exif=exif, comment=b"Shanghai home")
    return buffer.getvalue()


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _edit_member_photo(client, school, photo: SimpleUploadedFile):
    member = MemberFactory(org=school)
    client.force_login(chair_of(school))
    response = client.post(
        f"/o/{school.code}/members/{member.pk}/edit/",
        member_edit_form(member, photo=photo),
    )
    member.refresh_from_db()
    return member, response


def _care_visit_with_photos(client, school, photos):
    load_rules(school)
    client.force_login(welfare_of(school))
    member = MemberFactory(org=school)
    return client.post(
        f"/o/{school.code}/care/new/",
        {
            "kind": "hardship",
            "date": timezone.localdate().isoformat(),
            "amount": "800",
            "is_cash": "on",
            "visitors_text": "工会主席",
            "members": [member.pk],
            "photos": photos,
        },
    )


def test_the_attackers_png_bomb_is_refused_as_a_receipt_and_nothing_is_kept(
    client, school, settings, bomb
):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/receipts/",
        {"receipts": [SimpleUploadedFile("发票.png", bomb)]},
        follow=True,
    )
    page = response.content.decode()
    assert "Add receipts: “发票.png” is larger than 40 megapixels" in page
    assert not Receipt.objects.exists()
    assert stored_files(settings) == []


def test_a_new_entry_with_the_bomb_as_its_receipt_is_not_recorded(client, school, bomb):
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/new/",
        {
            "category": "expense_activities",
            "amount": "120",
            "date": timezone.localdate().isoformat(),
            "memo": "合唱比赛服装",
            "receipts": [SimpleUploadedFile("发票.png", bomb)],
        },
    )
    assert response.status_code == 200
    assert "larger than 40 megapixels" in response.content.decode()
    assert not LedgerEntry.objects.exists() and not Receipt.objects.exists()


def test_the_png_bomb_is_refused_as_a_member_photo(client, school, settings, bomb):
    member, response = _edit_member_photo(
        client, school, SimpleUploadedFile("photo.png", bomb, content_type="image/png")
    )
    assert response.status_code == 200
    assert "“photo.png” is larger than 40 megapixels" in response.content.decode()
    assert not member.photo
    assert stored_files(settings) == []


def test_the_png_bomb_is_refused_as_a_care_visit_photo(client, school, settings, bomb):
    response = _care_visit_with_photos(
        client, school, [SimpleUploadedFile("探望.png", bomb, content_type="image/png")]
    )
    assert response.status_code == 200
    assert "“探望.png” is larger than 40 megapixels" in response.content.decode()
    assert not CareVisit.objects.exists() and not CarePhoto.objects.exists()
    assert stored_files(settings) == []


def test_an_11000_by_11000_photo_is_refused(client, school, settings):
    huge = blank_png(11_000, 11_000)
    member, response = _edit_member_photo(client, school, SimpleUploadedFile("big.png", huge))
    assert "“big.png” is larger than 40 megapixels" in response.content.decode()
    assert not member.photo
    assert stored_files(settings) == []


def test_the_limit_is_a_setting(client, school, settings):
    settings.UNIONHALL_IMAGE_MAX_PIXELS = 2_000_000
    member, response = _edit_member_photo(
        client, school, SimpleUploadedFile("p.png", blank_png(2_000, 1_001))
    )
    assert "“p.png” is larger than 2 megapixels" in response.content.decode()
    member, response = _edit_member_photo(
        client, school, SimpleUploadedFile("p.png", blank_png(2_000, 1_000))
    )
    assert member.photo


def test_a_refused_image_is_named_in_chinese(client, school, bomb):
    member = MemberFactory(org=school)
    client.cookies["django_language"] = "zh-hans"
    client.force_login(chair_of(school))
    response = client.post(
        f"/o/{school.code}/members/{member.pk}/edit/",
        member_edit_form(member, photo=SimpleUploadedFile("照片.png", bomb)),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert "“照片.png”的像素超过了上限（40 百万像素）" in page


def test_a_phone_photo_is_kept_upright_without_its_gps_position(client, school):
    original = phone_photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    member, response = _edit_member_photo(
        client, school, SimpleUploadedFile("我.jpg", original, content_type="image/jpeg")
    )
    assert response.status_code == 302
    with member.photo.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.size == (20, 40)  # turned as the phone meant, so nothing needs EXIF to show it
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info
    assert b"Shanghai" not in data
    served = client.get(f"/o/{school.code}/members/{member.pk}/photo/")
    assert served["Content-Type"] == "image/jpeg"
    assert "attachment" not in served.get("Content-Disposition", "")
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_care_photo_is_stored_re_encoded(client, school):
    response = _care_visit_with_photos(
        client, school, [SimpleUploadedFile("探望.jpg", phone_photo(), content_type="image/jpeg")]
    )
    assert response.status_code == 302
    photo = CarePhoto.objects.get()
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert not image.getexif()


def test_a_receipt_image_is_re_encoded_and_shown_a_pdf_downloaded(client, school):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    webp = io.BytesIO()
    Image.new("RGB", (30, 30), "white").save(webp, "WEBP")
    client.post(
        f"/o/{school.code}/funds/{entry.pk}/receipts/",
        {
            "receipts": [
                SimpleUploadedFile("小票.webp", webp.getvalue()),
                SimpleUploadedFile("小票2.jpg", phone_photo()),
                SimpleUploadedFile("发票.pdf", b"%PDF-1.4 receipt"),
            ]
        },
    )
    receipts = {r.name: r for r in Receipt.objects.all()}
    assert sorted(receipts) == ["发票.pdf", "小票.png", "小票2.jpg"]
    shown = client.get(f"/o/{school.code}/funds/receipts/{receipts['小票.png'].pk}/")
    assert shown["Content-Type"] == "image/png"
    assert "attachment" not in shown.get("Content-Disposition", "")
    with receipts["小票2.jpg"].file.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    pdf = client.get(f"/o/{school.code}/funds/receipts/{receipts['发票.pdf'].pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")


def test_an_honour_certificate_is_re_encoded_and_the_bomb_refused(client, school, bomb):
    member = MemberFactory(org=school)
    client.force_login(chair_of(school))
    fields = {
        "holder_kind": "member",
        "member": member.pk,
        "title": "区优秀教师",
        "level": "30",
        "body": "区教育局",
        "awarded_on": "2025-09-10",
    }
    refused = client.post(
        f"/o/{school.code}/honours/new/",
        {**fields, "evidence": SimpleUploadedFile("证书.png", bomb)},
    )
    assert "“证书.png” is larger than 40 megapixels" in refused.content.decode()
    assert not Honour.objects.exists()
    client.post(
        f"/o/{school.code}/honours/new/",
        {**fields, "evidence": SimpleUploadedFile("证书.jpg", phone_photo())},
    )
    honour = Honour.objects.get()
    served = client.get(f"/o/{school.code}/honours/{honour.pk}/evidence/")
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert not Image.open(io.BytesIO(b"".join(served.streaming_content))).getexif()


def test_a_bomb_stored_before_the_checks_is_served_as_a_download(client, school, bomb):
    from django.core.files.base import ContentFile

    member = MemberFactory(org=school)
    member.photo.save("old.png", ContentFile(bomb), save=True)
    client.force_login(chair_of(school))
    served = client.get(f"/o/{school.code}/members/{member.pk}/photo/")
    assert served["Content-Disposition"].startswith("attachment")
    assert served["Content-Type"] == "application/octet-stream"
