"""Printed documents as a reader sees them: a .docx rendered by LibreOffice to PDF, its pages as
text (`pdftotext -layout`) and as PNG images (`pdftoppm`), for the tests of what prints."""

import subprocess
import uuid
from pathlib import Path


def to_pdf(content: bytes, folder: Path, name: str = "document") -> Path:
    """Render a .docx through LibreOffice (headless, a profile of its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.docx"
    source.write_bytes(content)
    profile = folder / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{name}.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (one string a page)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def page_images(pdf: Path, dpi: int = 150) -> list[Path]:
    """Each page as a PNG, in order."""
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, timeout=180
    )
    return sorted(
        pdf.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])
    )


def many_to_pdf(documents: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Render many .docx files in one LibreOffice run (its start-up is the slow part)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, content in documents.items():
        source = folder / f"{name}.docx"
        source.write_bytes(content)
        sources.append(str(source))
    profile = folder / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    pdfs = {name: folder / f"{name}.pdf" for name in documents}
    missing = [name for name, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs
