from django import template

from unionhall.core.text import join_list

register = template.Library()


@register.filter
def joined(items) -> str:
    """`{{ names|joined }}`: "甲、乙、丙" in Chinese, "A, B, C" in English."""
    return join_list(items)
