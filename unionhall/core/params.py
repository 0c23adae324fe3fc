"""Numbers read by hand from a query string or a posted form, with bounds.

A parameter can be typed into the address bar (or sent by a scanner) as anything: 0, -1, 99999,
a full-width ０, thirty digits (more than a database column holds), five thousand digits (more
than Python's `int()` will read), or a word. Every view that reads a number itself reads it here,
so that such a value gets the page with a message, or a 404, and never a 500:

- `parse_int(text, minimum=, maximum=)`, `parse_id(text)`, `parse_year(text)`: the number, or
  None when the text is not a number within the bounds (the primitives; a form field's name
  such as the ballot's `q<id>` is read with `parse_id` too);
- `parse_month(text)`: "2025-03" as the first day of that month, or None;
- `year_param(request, default=)`: the year a page shows; a year no school could mean gets the
  default year and a message saying so;
- `export_year(request, default=)`: the same for a download, where a message would be shown on
  some later page: a 404 instead;
- `id_param(request, name)`, `int_param(request, name, ...)`: a filter's choice (a kind, a
  session, a member) or a small number; a bad one is ignored, with a message;
- `id_list(query, name)`: the ids of a repeated parameter (`?member=1&member=2`), bad ones
  dropped.

Full-width digits (what a Chinese input method types) are read as the digits they are; any other
text is not a number. Django forms used as filters read their numbers with `forms.IntegerField`,
which already turns a bad value into a form error; give such a field `min_value`/`max_value`
(`FIRST_YEAR`/`LAST_YEAR` for a year).
"""

import datetime as dt
import re
from collections.abc import Mapping

from django.contrib import messages
from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import gettext as _

# The years a school union's records can be about: from the founding of the People's Republic
# (honours and members' histories go back that far) to 2100. Python's dates end at 9999, and
# pages work out the school year after the one asked for, so the bounds sit well inside.
FIRST_YEAR, LAST_YEAR = 1949, 2100

# A primary key (DEFAULT_AUTO_FIELD is BigAutoField: 1 … 2^63 − 1) and an IntegerField's column.
ID_MAX = 2**63 - 1
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

# The longest text read as a number: a sign, 19 digits (ID_MAX) and a little room. Longer text
# is refused before int() reads it (int() refuses more than 4,300 digits with a ValueError, and
# is slow well before that).
_LONGEST = 24
# What a Chinese input method types for digits and signs: read as the ASCII ones.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")
_NUMBER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})", re.ASCII)
# How much of a bad value a message repeats.
_SHOWN = 20


def parse_int(text, *, minimum: int = INT_MIN, maximum: int = INT_MAX) -> int | None:
    """`text` as an integer from `minimum` to `maximum`, or None if it is not one."""
    if not isinstance(text, str) or len(text) > _LONGEST:
        return None
    text = text.strip().translate(_FULL_WIDTH)
    if not _NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(text) -> int | None:
    """`text` as a primary key (1 to 2^63 − 1), or None."""
    return parse_int(text, minimum=1, maximum=ID_MAX)


def parse_year(text) -> int | None:
    """`text` as a year from FIRST_YEAR to LAST_YEAR, or None."""
    return parse_int(text, minimum=FIRST_YEAR, maximum=LAST_YEAR)


def parse_month(text) -> dt.date | None:
    """`text` as a month ("2025-03") of a year from FIRST_YEAR to LAST_YEAR: its first day,
    or None."""
    if not isinstance(text, str) or len(text) > _LONGEST:
        return None
    match = _MONTH.fullmatch(text.strip().translate(_FULL_WIDTH))
    if match is None or (year := parse_year(match[1])) is None:
        return None
    month = int(match[2])
    return dt.date(year, month, 1) if 1 <= month <= 12 else None


def shown(text: str) -> str:
    """A value from the address as a message may repeat it: its beginning only."""
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _asked(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").strip()


def year_param(request: HttpRequest, *, default: int | None, name: str = "year") -> int | None:
    """The year in the query string; nothing (or blank) asked: `default`. A year no school
    could mean gets `default` and a message naming the years there are."""
    asked = _asked(request, name)
    if not asked:
        return default
    year = parse_year(asked)
    if year is None:
        messages.warning(request, bad_year_message(asked, default))
        return default
    return year


def bad_year_message(asked: str, default: int | None) -> str:
    years = {"asked": shown(asked), "first": FIRST_YEAR, "last": LAST_YEAR}
    if default is None:
        return (
            _("“%(asked)s” is not a year from %(first)d to %(last)d; every year is shown.") % years
        )
    return _("“%(asked)s” is not a year from %(first)d to %(last)d; %(year)d is shown.") % {
        **years,
        "year": default,
    }


def export_year(request: HttpRequest, *, default: int, name: str = "year") -> int:
    """The year of a download (.xlsx, .docx): nothing asked, `default`; a bad year, a 404
    (a message would only turn up on some later page)."""
    asked = _asked(request, name)
    if not asked:
        return default
    year = parse_year(asked)
    if year is None:
        raise Http404("no such year")
    return year


def id_param(request: HttpRequest, name: str, *, query: Mapping | None = None) -> int | None:
    """The id a filter asks for (`?kind=3`), or None: nothing asked, or a value that is no id
    (then with a message; the page is shown without that filter)."""
    query = request.GET if query is None else query
    asked = str(query.get(name, "")).strip()
    if not asked:
        return None
    found = parse_id(asked)
    if found is None:
        messages.warning(request, ignored_message(asked))
    return found


def int_param(request: HttpRequest, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """A small number in the query string (`?days=30`): nothing asked, `default`; text that is
    no number, `default` with a message; a number out of bounds, the nearest bound."""
    asked = _asked(request, name)
    if not asked:
        return default
    found = parse_int(asked, minimum=INT_MIN, maximum=INT_MAX)
    if found is None:
        messages.warning(request, ignored_message(asked))
        return default
    return min(max(found, minimum), maximum)


def ignored_message(asked: str) -> str:
    return _(
        "The address asks for “%(asked)s”, which is not a choice on this page; it was ignored."
    ) % {"asked": shown(asked)}


def id_list(query: QueryDict, name: str) -> list[int]:
    """The ids of a repeated parameter, in order, leaving out any that is not an id."""
    return [found for text in query.getlist(name) if (found := parse_id(text)) is not None]
