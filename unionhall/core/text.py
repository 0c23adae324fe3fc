"""Small helpers for text shown to people, in whichever language they read."""

from collections.abc import Iterable

from django.utils.translation import gettext, pgettext


def join_list(items: Iterable[object]) -> str:
    """Items of an enumeration as one phrase: "甲、乙、丙" in Chinese, "A, B, C" in English."""
    return pgettext("separator between the items of a list", ", ").join(str(i) for i in items)


def bare_title(title: str) -> str:
    """A title without the book-title marks or quotes its writer may have typed around it."""
    return str(title).strip().lstrip('《“"').rstrip('》”"')


def book_title(title: str) -> str:
    """A title in one pair of book-title marks: 《…》 in Chinese (“…” in English), never
    《《…》》 when it was typed with its own."""
    return gettext("“%(title)s”") % {"title": bare_title(title)}
