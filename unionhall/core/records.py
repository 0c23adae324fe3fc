"""The page that lists the records behind one figure: the same page wherever the figure is shown
(the summary, a home page, the district overview, a congress session's report)."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from unionhall.core.indicators import COUNT, RATE, Indicator, IndicatorValue, format_value

RECORDS_PAGE_SIZE = 100


@dataclass
class ShownFigure:
    """A number on a page, and the page of the records behind it ("" when the user may not see
    them): templates print `text` inside a link to `href`."""

    value: Any
    href: str = ""
    # The indicator it comes from, so that it is printed as that indicator prints it (a rate
    # with its per cent sign, nothing recorded in its own words); `part`: one breakdown entry.
    found: Indicator | None = None
    part: bool = False

    @property
    def text(self) -> str:
        if self.found is None:
            return format_value(self.value)
        return self.found.format(self.value, part=self.part)


@dataclass(frozen=True)
class RecordRow:
    """One record as the list shows it: an indicator's `describe` may return this instead of a
    plain string, to link the row to the record's own page."""

    text: str
    href: str = ""

    def __str__(self) -> str:
        return self.text


def shown_row(described) -> RecordRow:
    return described if isinstance(described, RecordRow) else RecordRow(str(described))


def part_of(result: IndicatorValue, part: str) -> IndicatorValue:
    """One part of a breakdown (e.g. one kind of care), with its own records; 404 when the
    breakdown has no such part."""
    if part not in result.parts:
        raise Http404("no such part")
    return result.parts[part]


def records_page(
    request: HttpRequest,
    *,
    found: Indicator,
    result: IndicatorValue,
    scope: str,
    query: dict[str, str],
    period=None,
    period_error: str = "",
    back_url: str = "",
    back_label: str = "",
) -> HttpResponse:
    """Render the records of `result` (the value of `found` over `scope`, e.g. a period's label
    or a session), one page at a time; `query` keeps the scope in the page links."""
    records = result.records if result.records is not None else []
    # One page is read from the database (LIMIT/OFFSET), never the whole list; a count's value
    # is already the number of its records, so the list is not counted a second time.
    paginator = Paginator(records, RECORDS_PAGE_SIZE)
    if found.kind == COUNT and (result.value is None or isinstance(result.value, int)):
        paginator.count = result.value or 0
    page = paginator.get_page(request.GET.get("page"))
    shown = _rows_of(page.object_list)
    return render(
        request,
        "core/records.html",
        {
            "label": found.label,
            # A rate says its per cent sign itself, and "not recorded" has no unit.
            "unit": "" if found.kind == RATE or result.value is None else found.unit,
            "scope": scope,
            "period": period,
            "period_error": period_error,
            "value": found.format(result.value),
            "detail": result.detail,
            "page": page,
            "rows": [shown_row(found.describe(record)) for record in shown],
            "query": urlencode(query),
            "back_url": back_url,
            "back_label": back_label,
        },
    )


def _rows_of(rows) -> list:
    """One page of records. From a queryset, the page's ids are found first (sorting and
    skipping narrow rows is much cheaper than whole ones, with thousands of records before the
    page), then those rows are read whole by primary key, in the same order."""
    if not isinstance(rows, QuerySet) or rows.query.combinator or rows.query.distinct:
        return list(rows)
    ids = list(rows.values_list("pk", flat=True))
    found = {record.pk: record for record in _by_id(rows, ids)}
    return [found[pk] for pk in ids if pk in found]


def _by_id(rows: QuerySet, ids: list) -> QuerySet:
    """The rows with these ids, read with what the records' query reads alongside them (related
    rows, annotations). Without annotations the filters are not repeated: the primary key alone
    finds the rows, where the filters could lead the database through every record."""
    if rows.query.annotations:
        whole = rows._chain()
        whole.query.clear_limits()
        return whole.filter(pk__in=ids).order_by()
    plain = rows.model._base_manager.filter(pk__in=ids)
    plain.query.select_related = rows.query.select_related
    plain._prefetch_related_lookups = rows._prefetch_related_lookups
    return plain.order_by()
