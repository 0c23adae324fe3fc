"""A list's table rows, written in Python.

Written by a template, each cell of a row is a variable lookup, a localisation and an escape
through the template engine, and a list page of fifty rows spends most of its time there. The
row builders of the lists (members, care visits, proposals) write each row's `<tr>` here
instead, from values they have already worked out, with the same escaping as `{{ value }}`:
the page template prints the rows as one block.

- `text(value)`: a value as HTML text, escaped unless it is already HTML (`SafeString`);
- `rows(rows, empty=...)`: the `<tbody>` contents, or the one row that says the list is empty.
"""

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeData, SafeString, mark_safe


def text(value) -> str:
    """`value` as the template's `{{ value }}` prints it for the strings and numbers rows hold:
    escaped (`&`, `<`, `>`, both quotes), unless it is already HTML."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(str(value), quote=True)


def rows(html_rows: Iterable[str], *, empty: str, columns: int) -> SafeString:
    """The rows, one after another; with none, one row across `columns` that says `empty`."""
    written = "".join(html_rows)
    if not written:
        written = (
            f'<tr><td colspan="{columns}" class="text-center text-secondary py-4">'
            f"{text(empty)}</td></tr>"
        )
    return mark_safe(written)  # every value in it went through text()
