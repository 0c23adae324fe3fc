"""A list's page and the list's total, read in one query.

Django's `Paginator` counts the list (one query), then reads the page's rows (another). The
member, care and proposal lists read their rows as plain values, and here each row also carries
the list's total (`COUNT(*) OVER ()`: window functions run before LIMIT), so a page costs one
query. The page is an ordinary `Page` of dicts: the pager, `page.paginator.count` and the rest
work as with `Paginator.get_page`.

- `page_of(values_queryset, number, per_page=...)`: the page of a `values()` queryset;
- `page_from(fetch, number, per_page=...)`: the page of a list read some other way (a
  statement of `core/sql.py`), by `fetch(offset, limit) -> (rows, total)`.
"""

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

from unionhall.core.params import INT_MAX, parse_int

TOTAL = "paging_total"

# fetch(offset, limit) -> (the rows from offset, at most limit of them; the list's total, or
# None when there is no row from offset, so no row carries it).
Fetch = Callable[[int, int], tuple[Sequence, int | None]]


class _Counted(Paginator):
    """A paginator told its total, so it never counts."""

    def __init__(self, per_page: int, count: int):
        super().__init__((), per_page)
        self.count = count  # Paginator.count is a cached property


def _number(number) -> int:
    """The page asked for, as `get_page` reads it: a number that is not one is the first, and
    so is one past any list's end (its offset would not fit the database's integer)."""
    found = parse_int(number if isinstance(number, str) else str(number), maximum=INT_MAX)
    return 1 if found is None else max(found, 1)


def page_from(fetch: Fetch, number, *, per_page: int) -> Page:
    """`Paginator(...).get_page(number)` for a list read by `fetch`: one read, and for a page
    past the end (which, as `get_page` does, gives the last page) two more."""
    number = _number(number)
    rows, total = fetch((number - 1) * per_page, per_page)
    if total is None and number > 1:
        _first, total = fetch(0, 1)
        if total is None:
            number, rows = 1, ()
        else:
            number = -(-total // per_page)
            rows, total = fetch((number - 1) * per_page, per_page)
    return Page(list(rows), number, _Counted(per_page, total or 0))


def page_of(rows: QuerySet, number, *, per_page: int) -> Page:
    """`Paginator(rows, per_page).get_page(number)` for a `values()` queryset: the page's rows
    are its dicts."""

    def fetch(offset: int, limit: int) -> tuple[list[dict], int | None]:
        found = list(rows.annotate(**{TOTAL: Window(Count("*"))})[offset : offset + limit])
        total = found[0][TOTAL] if found else None
        for row in found:
            del row[TOTAL]
        return found, total

    return page_from(fetch, number, per_page=per_page)
