"""A list's page and the list's total, read in one query.

Django's `Paginator` counts the list (one query), then reads the page's rows (another). The
member, care and proposal lists read their rows as plain values, and here each row also carries
the list's total (`COUNT(*) OVER ()`: window functions run before LIMIT), so a page costs one
query. The page is an ordinary `Page` of dicts: the pager, `page.paginator.count` and the rest
work as with `Paginator.get_page`.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "paging_total"


def page_of(rows: QuerySet, number, *, per_page: int) -> Page:
    """`Paginator(rows, per_page).get_page(number)` for a `values()` queryset: the page's rows
    are its dicts. As `get_page` does, a number that is not one gives the first page, and a
    page past the end gives the last (that case alone costs a count)."""
    paginator = Paginator(rows, per_page)
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    bottom = (number - 1) * per_page
    found = list(rows.annotate(**{TOTAL: Window(Count("*"))})[bottom : bottom + per_page])
    if not found and number > 1:
        return paginator.get_page(number)
    paginator.count = found[0][TOTAL] if found else 0  # Paginator.count is a cached property
    for row in found:
        del row[TOTAL]
    return Page(found, number, paginator)
