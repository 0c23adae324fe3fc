"""How a view declares its capability, and how a request finds its organisation and roles.

School and district URLs start with /o/<org code>/. A user with no role there gets 404 (we do not
tell outsiders the organisation exists); a user with a role but without the capability gets 403.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from unionhall.core.text import join_list
from unionhall.orgs.capabilities import (
    AUTHENTICATED,
    CAPABILITIES,
    CAPABILITY_LABELS,
    PUBLIC,
    allows,
    roles_with,
)
from unionhall.orgs.models import Organisation, RoleAssignment
from unionhall.orgs.roles import Role

View = Callable[..., HttpResponse]


def _declare(view: View, capability: str) -> View:
    view.capability = capability  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    """Anyone may call this view, logged in or not."""
    return _declare(view, PUBLIC)


def authenticated(view: View) -> View:
    """Any logged-in user may call this view; it reads no organisation's rows."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(wrapper, AUTHENTICATED)


def resolve_org(request: HttpRequest, org_code: str) -> tuple[Organisation, frozenset[str]]:
    """The organisation named in the URL and the user's roles there, in one query, on every
    page inside an organisation."""
    assignments = list(
        RoleAssignment.objects.select_related("org").filter(
            user_id=request.user.pk, org__code=org_code
        )
    )
    if not assignments:
        raise Http404("no such organisation")
    return assignments[0].org, frozenset(a.role for a in assignments)


def requires(capability: str) -> Callable[[View], View]:
    """Declare the one capability a view needs; the view is then called without `org`, and
    finds the organisation as `request.org` and the user's roles as `request.roles`."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}: add it to orgs.capabilities")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.org, request.roles = resolve_org(request, org)
            if not allows(request.roles, capability):
                raise denied(capability)
            return view(request, *args, **kwargs)

        return _declare(wrapper, capability)

    return decorator


def denied(capability: str) -> PermissionDenied:
    """The refusal for a user whose roles lack `capability`: the 403 page shows its message,
    which says in words what is missing and which roles have it."""
    roles = join_list(role.label for role in Role if role in roles_with(capability))
    label = CAPABILITY_LABELS.get(capability)
    if label is None:
        message = _("Your roles here do not allow this. Roles that may: %(roles)s.")
        return PermissionDenied(message % {"roles": roles})
    return PermissionDenied(
        _("Only these roles may %(what)s: %(roles)s.") % {"what": label, "roles": roles}
    )


def can(request: HttpRequest, capability: str) -> bool:
    return allows(getattr(request, "roles", frozenset()), capability)
