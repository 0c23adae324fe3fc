"""Writing the archive .zip: every registered part's files in their category folders, streamed
to a temporary file (uploaded files are copied in chunks, never read whole), then a manifest of
every file with its SHA-256, category and retention class (manifest.csv and manifest.xlsx)."""

import csv
import hashlib
import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from unionhall.core import archive as registry
from unionhall.core.excel import workbook_bytes
from unionhall.core.periods import Period

CHUNK = 1024 * 1024
# Files that are compressed already (Office files are zips, images and PDFs mostly are): stored
# as they are, since deflating them again costs time and saves nothing.
STORED_AS_IS = (".docx", ".xlsx", ".pdf", ".jpg", ".jpeg", ".png", ".zip", ".mp4", ".mp3")


@dataclass(frozen=True)
class ManifestRow:
    path: str
    category: str
    retention: str
    material: str
    part: str
    size: int
    sha256: str


def _manifest_header() -> list[str]:
    return [
        _("File"),
        _("Category"),
        _("Retention"),
        _("Kind of material"),
        _("Part"),
        _("Size in bytes"),
        "SHA-256",
    ]


class _Zip:
    def __init__(self, target):
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.paths: set[str] = set()

    def unique(self, path: str) -> str:
        """The path, with " (2)" … before its extension if already taken."""
        if path not in self.paths:
            self.paths.add(path)
            return path
        stem, dot, extension = path.rpartition(".")
        if not dot or "/" in extension:
            stem, extension, dot = path, "", ""
        number = 2
        while f"{stem} ({number}){dot}{extension}" in self.paths:
            number += 1
        found = f"{stem} ({number}){dot}{extension}"
        self.paths.add(found)
        return found

    def folder(self, path: str) -> None:
        self.zip.writestr(zipfile.ZipInfo(path.rstrip("/") + "/"), b"")

    @staticmethod
    def _info(path: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=time.localtime()[:6])
        as_is = path.lower().endswith(STORED_AS_IS)
        info.compress_type = zipfile.ZIP_STORED if as_is else zipfile.ZIP_DEFLATED
        return info

    def add_bytes(self, path: str, content: bytes) -> tuple[int, str]:
        self.zip.writestr(self._info(path), content)
        return len(content), hashlib.sha256(content).hexdigest()

    def add_stored(self, path: str, stored: str) -> tuple[int, str]:
        digest, size = hashlib.sha256(), 0
        info = self._info(path)
        with (
            default_storage.open(stored, "rb") as source,
            self.zip.open(info, "w", force_zip64=True) as target,
        ):
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        return size, digest.hexdigest()

    def close(self) -> None:
        self.zip.close()


def root_folder(org, period: Period) -> str:
    return _("%(org)s archive %(period)s") % {"org": org.name, "period": period.label}


def write_archive(
    target, *, org, period: Period, progress: Callable[[int, str], None] = lambda p, s: None
) -> list[ManifestRow]:
    """Write the archive of `org` for `period` into `target` (a binary file); `progress(per
    cent, part key)` is told after each part. Returns the manifest. Call with the archive's
    language active (folder and file names are translated)."""
    parts = registry.all_parts()
    root = root_folder(org, period)
    out = _Zip(target)
    folders = {key: f"{root}/{label}" for key, label in registry.CATEGORIES.items()}
    for folder in folders.values():
        out.folder(folder)
    manifest: list[ManifestRow] = []
    for number, spec in enumerate(parts, start=1):
        progress(int(95 * (number - 1) / max(len(parts), 1)), spec.key)
        for found in spec.build(org, period):
            category = found.category or spec.category
            material = found.material or spec.material
            path = out.unique(f"{folders[category]}/{found.name}")
            if found.content is not None:
                size, digest = out.add_bytes(path, found.content)
            else:
                size, digest = out.add_stored(path, found.stored)
            retention = registry.MATERIALS[material].retention
            manifest.append(
                ManifestRow(
                    path=path,
                    category=str(registry.CATEGORIES[category]),
                    retention=str(registry.RETENTION_CLASSES[retention]),
                    material=registry.material_label(material),
                    part=registry.part_label(spec.key),
                    size=size,
                    sha256=digest,
                )
            )
    # A folder with no file this year holds a note saying so: an empty folder is dropped by
    # some unzip tools, and a reader would take it for lost.
    filled = {row.path.rsplit("/", 1)[0] for row in manifest}
    note = _("About this folder.txt")
    for key, folder in folders.items():
        if not any(path == folder or path.startswith(folder + "/") for path in filled):
            out.add_bytes(
                out.unique(f"{folder}/{note}"),
                (
                    _("No %(category)s material was recorded for %(period)s.")
                    % {"category": registry.CATEGORIES[key], "period": period.label}
                ).encode("utf-8"),
            )
    progress(96, "manifest")
    rows = [
        (r.path, r.category, r.retention, r.material, r.part, r.size, r.sha256) for r in manifest
    ]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(_manifest_header())
    writer.writerows(rows)
    # With a byte-order mark, so that Excel opens the Chinese as UTF-8.
    out.add_bytes(f"{root}/manifest.csv", ("\ufeff" + text.getvalue()).encode("utf-8"))
    out.add_bytes(
        f"{root}/manifest.xlsx",
        workbook_bytes(
            [
                (_("Manifest"), _manifest_header(), rows),
                (
                    _("Retention classes"),
                    [_("Kind of material"), _("Retention"), _("Source")],
                    [
                        (
                            registry.material_label(key),
                            str(registry.RETENTION_CLASSES[m.retention]),
                            m.source,
                        )
                        for key, m in registry.MATERIALS.items()
                    ],
                ),
            ],
            widths={"A": 80, "B": 14, "C": 60, "G": 66},
        ),
    )
    out.close()
    return manifest
