"""`{% error_static %}`: a static file's URL for the pages drawn when something has already gone
wrong (error_layout.html). Like `{% static %}`, with the hashed name in production; but where
the static manifest lacks the file (collectstatic has not run), the plain name under STATIC_URL
instead of an error, so that the 500 page cannot itself fail."""

import logging

from django import template
from django.templatetags.static import PrefixNode, static

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def error_static(path: str) -> str:
    try:
        return static(path)
    except Exception:  # a missing manifest or entry: the page is shown all the same
        logger.warning("No static manifest entry for %s: linked by its plain name", path)
        return PrefixNode.handle_simple("STATIC_URL") + path
