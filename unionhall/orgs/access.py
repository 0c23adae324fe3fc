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

from unionhall.core.sql import Quoting, Statement
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


def _roles(q: Quoting) -> str:
    """The organisation's columns and one of the user's roles there, a row per role."""
    org, assignment = q.table(Organisation), q.table(RoleAssignment)
    return (
        f"SELECT {org}.*, {assignment}.{q.column(RoleAssignment, 'role')} AS unionhall_role"
        f" FROM {org} INNER JOIN {assignment}"
        f" ON {assignment}.{q.column(RoleAssignment, 'org')} = {org}.{q.column(Organisation, 'id')}"
        f" WHERE {assignment}.{q.column(RoleAssignment, 'user')} = %s"
        f" AND {org}.{q.column(Organisation, 'code')} = %s"
    )


_ROLES = Statement(Organisation, _roles)


def resolve_org(request: HttpRequest, org_code: str) -> tuple[Organisation, frozenset[str]]:
    """The organisation named in the URL and the user's roles there, in one query, on every
    page inside an organisation. Written as SQL: building it through the ORM (RoleAssignment
    filtered by user and org code, with its org) took three times as long as reading it
    (`core/sql.py`)."""
    alias = _ROLES.alias()
    rows = list(
        Organisation.objects.using(alias).raw(_ROLES.sql(alias), [request.user.pk, org_code])
    )
    if not rows:
        raise Http404("no such organisation")
    return rows[0], frozenset(row.unionhall_role for row in rows)


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
