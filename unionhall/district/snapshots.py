"""The comparison's snapshots: each indicator's grouped values for a district's schools over a
year, kept so that the page for a thousand schools reads one row per indicator instead of
working every figure out again (see `CompareSnapshot`)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from unionhall.core.indicators import COUNT, SUM, Indicator, Period
from unionhall.district.models import CompareSnapshot
from unionhall.orgs.models import Organisation


def _encode(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _decode(found: Indicator, value: Any) -> Any:
    if value is None:
        return None
    if found.kind == SUM:
        return Decimal(value)
    if found.kind == COUNT:
        return int(value)
    return float(value)


def _work_out(district: Organisation, found: Indicator, period: Period, school_ids: list[int]):
    # The schools as a subquery: one statement, whatever their number.
    values = found.by_org(Organisation.objects.filter(parent=district), period)
    now = timezone.now()
    with transaction.atomic():
        CompareSnapshot.objects.update_or_create(
            org=district,
            year=period.start.year,
            name=found.name,
            defaults={
                "values": {str(k): _encode(v) for k, v in values.items() if v is not None},
                "schools": school_ids,
                "computed_at": now,
            },
        )
    return values, now


def grouped_values(
    *, district: Organisation, chosen: list[Indicator], year: int, school_ids: list[int]
) -> tuple[list[dict[int, Any]], dt.datetime | None]:
    """Each chosen indicator's value by school id, from its snapshot when it is younger than
    DISTRICT_SNAPSHOT_MAX_AGE seconds and covers every school; otherwise worked out now (and
    kept). Returns the values and the time of the oldest figure shown."""
    period = Period.year(year)
    kept = {
        s.name: s
        for s in CompareSnapshot.objects.filter(
            org=district, year=year, name__in=[f.name for f in chosen]
        )
    }
    oldest_allowed = timezone.now() - dt.timedelta(seconds=settings.DISTRICT_SNAPSHOT_MAX_AGE)
    wanted = set(school_ids)
    results, oldest = [], None
    for found in chosen:
        snapshot = kept.get(found.name)
        if (
            snapshot is not None
            and snapshot.computed_at >= oldest_allowed
            and wanted <= set(snapshot.schools)
        ):
            values = {int(k): _decode(found, v) for k, v in snapshot.values.items()}
            at = snapshot.computed_at
        else:
            values, at = _work_out(district, found, period, school_ids)
        results.append(values)
        oldest = at if oldest is None else min(oldest, at)
    return results, oldest


def snapshots_refresh(*, district: Organisation, year: int, chosen: list[Indicator]) -> int:
    """Work out the snapshots of the chosen indicators again, now."""
    school_ids = list(
        Organisation.objects.filter(parent=district).order_by("pk").values_list("pk", flat=True)
    )
    for found in chosen:
        _work_out(district, found, Period.year(year), school_ids)
    return len(chosen)
