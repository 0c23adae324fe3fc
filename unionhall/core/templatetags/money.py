"""`{% load money %}` then `{{ amount|money }}`: every amount on every page, written one way."""

from decimal import InvalidOperation

from django import template

from unionhall.core.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value) -> str:
    """12345.6 → "12,345.60"; nothing (None or "") prints nothing, so `|money|default:"—"` works."""
    if value is None or value == "":
        return ""
    try:
        return format_money(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
