from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from unionhall.notices import selectors


def bell(request: HttpRequest) -> dict:
    """The unread count for the bell: counted only when a page inside an organisation shows it
    (one query), never on pages without an organisation or for visitors."""
    org = getattr(request, "org", None)
    user = getattr(request, "user", None)
    if org is None or user is None or not user.is_authenticated:
        return {"notices_unread": 0}
    return {"notices_unread": SimpleLazyObject(lambda: selectors.unread_count(org=org, user=user))}
