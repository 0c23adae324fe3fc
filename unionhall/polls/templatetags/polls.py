from django import template

from unionhall.polls.rules import SCALES

register = template.Library()


@register.filter
def points(scale: str):
    """The (value, label) points of a scale, in order."""
    return SCALES.get(scale, ())
