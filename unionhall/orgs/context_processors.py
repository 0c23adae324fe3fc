from django.http import HttpRequest

from unionhall.orgs.capabilities import CAPABILITIES, allows


def current_org(request: HttpRequest) -> dict:
    roles = getattr(request, "roles", frozenset())
    return {
        "org": getattr(request, "org", None),
        "roles": roles,
        "caps": frozenset(cap for cap in CAPABILITIES if allows(roles, cap)),
    }
