"""How a view declares its capability, and how a request finds its organisation and roles.

School and district URLs start with /o/<org code>/. A user with no role there gets 404 (we do not
tell outsiders the organisation exists); a user with a role but without the capability gets 403.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from unionhall.orgs.capabilities import AUTHENTICATED, CAPABILITIES, PUBLIC, allows
from unionhall.orgs.models import Organisation, RoleAssignment

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
    """The organisation named in the URL and the user's roles there, in one query."""
    assignments = list(
        RoleAssignment.objects.filter(user=request.user, org__code=org_code).select_related("org")
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
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        return _declare(wrapper, capability)

    return decorator


def can(request: HttpRequest, capability: str) -> bool:
    return allows(getattr(request, "roles", frozenset()), capability)
