"""One school year's archive (.zip) of the demo school, built as the worker builds it.

Seeds the demo district (`seed_demo`), attaches 20 scanned receipts of 1 MB to the year's ledger
entries (so that uploaded files are streamed into the .zip), queues the archive of the demo
school's last full school year and runs the build. Prints `archive_year_s` (the build, median of
three), `archive_year_peak_mb` (the most memory Python allocated during one build, by
tracemalloc), `archive_year_rss_mb` (the process's peak resident memory, the seed included),
`archive_year_files` and `archive_year_mb` (the .zip's size).

Run with `make bench` (python -m bench archive_year).
"""

import io
import os
import resource
import statistics
import time
import tracemalloc

RECEIPTS = 20
RECEIPT_BYTES = 1024 * 1024


def _seed():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.utils import timezone

    from unionhall.core.periods import SCHOOL_YEAR, Period
    from unionhall.funds.models import LedgerEntry
    from unionhall.funds.services import receipts_attach
    from unionhall.orgs.models import Organisation, User

    call_command("seed_demo", stdout=io.StringIO())
    school = Organisation.objects.get(code="sj-diyi-xiaoxue")
    chair = User.objects.get(username="chair")
    year = Period.containing(SCHOOL_YEAR, timezone.localdate()).start.year - 1
    period = Period.school_year(year)
    entries = LedgerEntry.objects.filter(org=school, date__range=period.as_range())[:RECEIPTS]
    for number, entry in enumerate(entries):
        scan = b"%PDF-1.4\n" + os.urandom(RECEIPT_BYTES)
        receipts_attach(
            entry=entry, actor=chair, files=[SimpleUploadedFile(f"receipt-{number}.pdf", scan)]
        )
    return school, chair, year


def _build(school, chair, year):
    from unionhall.archive import services
    from unionhall.archive.models import Archive

    # The request queues the build (database backend); the worker's call is timed alone.
    archive = services.archive_request(org=school, actor=chair, year=year)
    started = time.perf_counter()
    services.archive_build(archive_id=archive.pk)
    elapsed = time.perf_counter() - started
    archive = Archive.objects.get(pk=archive.pk)
    assert archive.state == Archive.State.DONE, archive.error
    return elapsed, archive


def run() -> None:
    school, chair, year = _seed()
    times = []
    for _attempt in range(3):
        elapsed, archive = _build(school, chair, year)
        times.append(elapsed)
    tracemalloc.start()
    _build(school, chair, year)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"archive_year_s={statistics.median(times):.2f}")
    print(f"archive_year_peak_mb={peak / 1024 / 1024:.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"archive_year_rss_mb={rss:.0f}")
    print(f"archive_year_files={archive.file_count}")
    print(f"archive_year_mb={archive.size / 1024 / 1024:.1f}")
