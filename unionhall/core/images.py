"""Uploaded photos and scans, checked in one place for every upload form.

An image is opened fully by Pillow, and only when its declared size is within
UNIONHALL_IMAGE_MAX_PIXELS: a small file that declares 30,000 × 30,000 pixels (an image bomb,
gigabytes once decoded) is refused from its header, before any pixel is decoded. What is stored is
the image re-encoded from its pixels (a JPEG as a JPEG, anything else as a PNG, the first frame
only): no EXIF (a phone photo's GPS position), no comments, no bytes hidden after the image. A
PDF is kept as it came and is always served as a download (security.uploaded_file_response).

The form fields here (PhotoField, ScanField) are what every upload form uses; services call
check_image_or_pdf as a defence for callers that are not forms (it reads headers only).
"""

import io
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Raster images a browser shows without running anything: (magic bytes, content type).
_SAFE_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
PDF_MAGIC = b"%PDF-"
# Modes a PNG keeps as they are; anything else (CMYK, 32-bit, YCbCr…) is converted.
_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA"})
# What a re-encoded image keeps of the original's information: colours, not metadata.
_KEPT_INFO = ("transparency", "icc_profile")
JPEG_QUALITY = 90


def upload_head(upload, n: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def image_type(head: bytes) -> str | None:
    """The content type of a raster image a browser shows safely, judged by its first bytes."""
    for magic, content_type in _SAFE_IMAGES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def within_pixel_limit(file) -> bool:
    """Whether a stored image's header declares no more pixels than the limit (reads no pixel)."""
    file.seek(0)
    try:
        width, height = Image.open(file).size
    except Exception:  # not an image Pillow reads, or beyond Pillow's own limit
        return False
    finally:
        file.seek(0)
    return width * height <= settings.UNIONHALL_IMAGE_MAX_PIXELS


def _name(upload) -> str:
    return getattr(upload, "name", "") or ""


def _megapixels(limit: int) -> str:
    return f"{limit / 1_000_000:g}"


def _too_many_pixels(upload, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is larger than %(megapixels)s megapixels, the most an image may have: "
            "upload a smaller picture (a phone photo or an ordinary scan is well within it)."
        )
        % {"name": _name(upload), "megapixels": _megapixels(limit)},
        code="pixels",
    )


def _not_readable(upload) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not an image that can be read: upload a JPEG, PNG or WebP image.")
        % {"name": _name(upload)},
        code="image",
    )


def check_size(upload, max_bytes: int) -> None:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; the largest file accepted is %(max).0f MB.")
            % {"name": _name(upload), "size": size / 1024 / 1024, "max": max_bytes / 1024 / 1024},
            code="size",
        )


def _open(upload) -> Image.Image:
    """The image with only its header read, refused when it declares more pixels than the limit
    (UNIONHALL_IMAGE_MAX_PIXELS) or is not an image Pillow knows."""
    limit = settings.UNIONHALL_IMAGE_MAX_PIXELS
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:  # beyond Pillow's own limit: refused as ours is
        raise _too_many_pixels(upload, limit) from None
    except Exception:  # Pillow raises many kinds for a file that is not an image
        raise _not_readable(upload) from None
    width, height = image.size
    if width * height > limit:
        image.close()
        raise _too_many_pixels(upload, limit)
    return image


def check_image_or_pdf(upload) -> None:
    """A PDF, or an image within the pixel limit, judged by the first bytes and the image's
    header (not its name); reads no pixel. For services: forms clean uploads fully."""
    head = upload_head(upload)
    if head.startswith(PDF_MAGIC):
        return
    if image_type(head) is None:
        raise _not_readable(upload)
    _open(upload).close()


def reencoded(upload) -> SimpleUploadedFile:
    """The upload's image decoded in full (within the pixel limit) and written anew: a JPEG as a
    JPEG, anything else as a PNG, turned upright by its EXIF orientation, without metadata."""
    image = _open(upload)
    try:
        with image:
            is_jpeg = image.format in ("JPEG", "MPO")  # MPO: a camera's JPEG
            image.load()
            upright = ImageOps.exif_transpose(image)
            kept = {key: image.info[key] for key in _KEPT_INFO if key in image.info}
            if is_jpeg:
                fmt, suffix, content_type = "JPEG", ".jpg", "image/jpeg"
                clean = upright if upright.mode in ("RGB", "L") else upright.convert("RGB")
                kept.pop("transparency", None)
            else:
                fmt, suffix, content_type = "PNG", ".png", "image/png"
                clean = upright
                if clean.mode not in _PNG_MODES:
                    alpha = "A" in clean.getbands()
                    clean = clean.convert("RGBA" if alpha else "RGB")
                    kept.pop("transparency", None)
            clean.info = {}
            buffer = io.BytesIO()
            if is_jpeg:
                clean.save(buffer, format=fmt, quality=JPEG_QUALITY, **kept)
            else:
                clean.save(buffer, format=fmt, optimize=False, **kept)
    except Exception:  # a truncated or corrupt image fails while decoding
        raise _not_readable(upload) from None
    stem = Path(_name(upload)).stem or "image"
    return SimpleUploadedFile(f"{stem}{suffix}", buffer.getvalue(), content_type=content_type)


def clean_photo(upload, *, max_bytes: int | None = None) -> SimpleUploadedFile:
    """A photo: a JPEG, PNG, GIF or WebP image within the size and pixel limits, re-encoded."""
    check_size(upload, settings.UNIONHALL_PHOTO_MAX_BYTES if max_bytes is None else max_bytes)
    if image_type(upload_head(upload)) is None:
        raise ValidationError(
            _("“%(name)s” is not a photo: upload a JPEG, PNG or WebP image.")
            % {"name": _name(upload)},
            code="photo",
        )
    return reencoded(upload)


def clean_image_or_pdf(upload, *, max_bytes: int):
    """A scan (a receipt, a certificate): a PDF kept as it is, or an image re-encoded."""
    check_size(upload, max_bytes)
    head = upload_head(upload)
    if head.startswith(PDF_MAGIC):
        return upload
    if image_type(head) is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF or an image: upload a PDF, JPEG, PNG or WebP file.")
            % {"name": _name(upload)},
            code="scan",
        )
    return reencoded(upload)


class _MultipleInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _UploadField(forms.FileField):
    """A file field that cleans each upload with `clean_upload`, one file or (multiple=True)
    several, returned as a list; every refusal names its file."""

    accept = ""

    def __init__(self, *args, multiple: bool = False, max_files: int | None = None, **kwargs):
        self.multiple, self.max_files = multiple, max_files
        widget = _MultipleInput() if multiple else forms.ClearableFileInput()
        widget.attrs["accept"] = self.accept
        kwargs.setdefault("widget", widget)
        super().__init__(*args, **kwargs)

    def clean_upload(self, upload):
        raise NotImplementedError

    def _one(self, data, initial):
        cleaned = super().clean(data, initial)
        if cleaned and hasattr(cleaned, "content_type"):  # a new upload, not the stored file
            return self.clean_upload(cleaned)
        return cleaned

    def clean(self, data, initial=None):
        if not self.multiple:
            return self._one(data, initial)
        uploads = [one for one in data if one] if isinstance(data, list | tuple) else [data]
        uploads = [one for one in uploads if one]
        if self.max_files is not None and len(uploads) > self.max_files:
            raise ValidationError(_("At most %(n)d files.") % {"n": self.max_files})
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append(self._one(upload, initial))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class PhotoField(_UploadField):
    """A photo (of a member, of a care visit): an image, re-encoded (core.images.clean_photo)."""

    accept = "image/jpeg,image/png,image/gif,image/webp"

    def clean_upload(self, upload):
        return clean_photo(upload)


class ScanField(_UploadField):
    """A scan (a receipt, a certificate): a PDF kept as it is, or an image re-encoded."""

    accept = "image/jpeg,image/png,image/webp,application/pdf"

    def __init__(self, *args, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def clean_upload(self, upload):
        return clean_image_or_pdf(upload, max_bytes=self.max_bytes)
