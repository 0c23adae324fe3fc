"""Small helpers for text shown to people, in whichever language they read."""

from collections.abc import Iterable

from django.utils.translation import pgettext


def join_list(items: Iterable[object]) -> str:
    """Items of an enumeration as one phrase: "甲、乙、丙" in Chinese, "A, B, C" in English."""
    return pgettext("separator between the items of a list", ", ").join(str(i) for i in items)


def book_title(title: str) -> str:
    """A title in one pair of book-title marks: 《…》, never 《《…》》 when it has its own."""
    return f"《{str(title).strip().lstrip('《').rstrip('》')}》"
