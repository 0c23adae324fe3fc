"""Uploaded files are what they claim to be, and are never served back as a page from the site's
origin; pages carry the Content-Security-Policy, and pages with personal data are never cached."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import MemberFactory, member_edit_form
from tests.factories_care import record
from tests.factories_funds import post
from tests.personas import chair_of, treasurer_of
from unionhall.care.models import CarePhoto
from unionhall.funds.models import Receipt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("发票.pdf", HTML), ("小票.jpg", SVG), ("小票.png", b"\x89PNG\r\n\x1a\n" + HTML)],
)
def test_a_receipt_must_really_be_a_pdf_or_an_image(client, school, name, content):
    entry = post(school, 100)
    client.force_login(treasurer_of(school))
    response = client.post(
        f"/o/{school.code}/funds/{entry.pk}/receipts/",
        {"receipts": [SimpleUploadedFile(name, content)]},
        follow=True,
    )
    page = response.content.decode()
    # An image's first bytes are not enough: Pillow must read the whole image.
    assert "is not a PDF or an image" in page or "is not an image that can be read" in page
    assert not Receipt.objects.exists()


def test_a_stored_html_receipt_is_served_as_a_download_never_as_a_page(client, school):
    """A file stored before the checks (or by any other way) is still not a page of the site."""
    entry = post(school, 100)
    treasurer = treasurer_of(school)
    receipt = Receipt(org=school, entry=entry, name="发票.html", uploaded_by=treasurer)
    receipt.file.save("x.html", ContentFile(HTML), save=True)
    client.force_login(treasurer)
    response = client.get(f"/o/{school.code}/funds/receipts/{receipt.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_pdf_receipt_is_downloaded_not_shown_inline(client, school):
    entry = post(school, 100)
    treasurer = treasurer_of(school)
    client.force_login(treasurer)
    client.post(
        f"/o/{school.code}/funds/{entry.pk}/receipts/",
        {"receipts": [SimpleUploadedFile("发票.pdf", b"%PDF-1.4 receipt")]},
    )
    response = client.get(f"/o/{school.code}/funds/receipts/{Receipt.objects.get().pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("content", [HTML, SVG, b"GIF89a<script>alert(1)</script>"])
def test_a_member_photo_must_be_an_image_pillow_can_read(client, school, content):
    member = MemberFactory(org=school)
    client.force_login(chair_of(school))
    response = client.post(
        f"/o/{school.code}/members/{member.pk}/edit/",
        member_edit_form(member, photo=SimpleUploadedFile("photo.jpg", content)),
    )
    member.refresh_from_db()
    assert not member.photo
    assert response.status_code == 200


def test_a_photo_over_the_size_limit_is_refused(client, school, settings):
    settings.UNIONHALL_PHOTO_MAX_BYTES = 100
    member = MemberFactory(org=school)
    client.force_login(chair_of(school))
    response = client.post(
        f"/o/{school.code}/members/{member.pk}/edit/",
        member_edit_form(member, photo=SimpleUploadedFile("photo.png", _png((200, 200)))),
    )
    member.refresh_from_db()
    assert not member.photo and "the largest file accepted" in response.content.decode()


def test_a_stored_svg_care_photo_is_never_served_as_an_image_of_the_site(client, school):
    chair = chair_of(school)
    visit, _w = record(school, chair)
    photo = CarePhoto(org=school, visit=visit)
    photo.image.save("evil.svg", ContentFile(SVG), save=True)
    client.force_login(chair)
    response = client.get(f"/o/{school.code}/care/{visit.pk}/photos/{photo.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert "svg" not in response["Content-Type"]


def test_pages_carry_a_policy_without_inline_script(client, school):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_for_a_logged_in_user_are_never_cached(client, school):
    client.force_login(chair_of(school))
    assert client.get(f"/o/{school.code}/members/")["Cache-Control"] == "private, no-store"
