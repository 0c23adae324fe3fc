from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """12345.6 → "12,345.60": the way amounts are written in a ledger, in any language."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
