"""Reads about organisations: the name on a given day, the dates of a school year."""

import datetime as dt

from django.utils.translation import gettext as _

from unionhall.core.models import SensitiveAccess
from unionhall.core.periods import Period, school_year_of
from unionhall.orgs.login_rights import reset_refusal
from unionhall.orgs.models import (
    Department,
    FormerName,
    Organisation,
    RoleAssignment,
    SchoolYear,
    User,
)
from unionhall.orgs.roles import COMMITTEE_ROLES, Role


def name_on(org: Organisation, day: dt.date) -> str:
    """The organisation's name on `day`: a document of that day keeps the name it had then."""
    former = (
        FormerName.objects.filter(org=org, used_until__gte=day)
        .order_by("used_until")
        .values_list("name", flat=True)
        .first()
    )
    return former or org.name


def school_year_dates(org: Organisation, start_year: int) -> Period:
    """The school year starting in `start_year` with the dates the chair set, or 1 September to
    31 August when none were set."""
    usual = Period.school_year(start_year)
    stored = SchoolYear.objects.filter(org=org, start_year=start_year).first()
    if stored is None:
        return usual
    return Period(stored.starts_on, stored.ends_on, usual.label)


def school_year_containing(org: Organisation, day: dt.date) -> Period:
    """The school year `day` falls in, by the organisation's own dates where set."""
    stored = SchoolYear.objects.filter(org=org, starts_on__lte=day, ends_on__gte=day).first()
    if stored is not None:
        return Period(stored.starts_on, stored.ends_on, str(stored))
    return Period.school_year(school_year_of(day))


def school_year_start_of(org: Organisation, day: dt.date) -> int:
    """The start year of the school year `day` falls in (2025 for 2025-2026), by the
    organisation's own dates where set."""
    stored = (
        SchoolYear.objects.filter(org=org, starts_on__lte=day, ends_on__gte=day)
        .values_list("start_year", flat=True)
        .first()
    )
    return stored if stored is not None else school_year_of(day)


def active_schools(district: Organisation):
    return Organisation.objects.filter(parent=district, archived_at__isnull=True).order_by("code")


# The union's officers, in the order a committee list is read.
OFFICER_ROLES = (Role.CHAIR, *sorted(COMMITTEE_ROLES), Role.TREASURER)


def committee(org: Organisation) -> list[tuple[str, list[User]]]:
    """Each officer's post (chair, each committee portfolio, treasurer) and who holds it."""
    holders: dict[str, list[User]] = {role: [] for role in OFFICER_ROLES}
    for assignment in RoleAssignment.objects.filter(org=org, role__in=OFFICER_ROLES).select_related(
        "user"
    ):
        holders[assignment.role].append(assignment.user)
    return [(Role(role).label, users) for role, users in holders.items()]


def login_reset_refusal(
    *, org: Organisation, actor_roles: frozenset[str] | set[str], user: User
) -> str | None:
    """Why someone holding `actor_roles` in `org` may not give `user` a new password, or None
    when they may (`login_rights`). The rule is judged on every role the login holds in any
    organisation; a union role held in an organisation `org` does not answer for (another
    school; for a district, anything but its own schools) is refused too."""
    held = list(
        RoleAssignment.objects.filter(user=user).values_list("org_id", "org__parent_id", "role")
    )
    refusal = reset_refusal(actor_roles, {role for _org, _parent, role in held})
    if refusal is not None:
        return refusal
    for org_id, parent_id, role in held:
        within = org_id == org.pk or (not org.is_school and parent_id == org.pk)
        if not within and role != Role.MEMBER:
            return _(
                "This login also holds a role in another union, so its password cannot be "
                "reset here."
            )
    return None


def logins_of(*, org: Organisation):
    """The logins holding any role in `org`, each once."""
    return User.objects.filter(role_assignments__org=org).distinct()


def roles_of_user(*, user: User) -> list[RoleAssignment]:
    """Every role a login holds, with its organisation, by organisation code."""
    return list(
        RoleAssignment.objects.filter(user=user).select_related("org").order_by("org__code")
    )


def role_assignments(*, org: Organisation):
    """Who holds which role in `org`, by login name."""
    return (
        RoleAssignment.objects.filter(org=org)
        .select_related("user")
        .order_by("user__username", "role")
    )


def sensitive_reads(*, org: Organisation):
    """Who read members' sensitive details in `org`, newest first."""
    return SensitiveAccess.objects.filter(org=org).order_by("-at", "-id")


def schools_with_former_names(*, district: Organisation) -> list[Organisation]:
    """The district's schools (archived ones too), each with the names it had before."""
    return list(Organisation.objects.filter(parent=district).prefetch_related("former_names"))


def departments(*, org: Organisation):
    return Department.objects.filter(org=org)


def school_years(*, org: Organisation):
    """The school years `org` has set, latest first."""
    return SchoolYear.objects.filter(org=org).order_by("-start_year")


def user_in_org(*, org: Organisation, username: str) -> User | None:
    """The login named `username` among those holding a role in `org`, or None: a login of
    another organisation is not found, exactly as one that does not exist."""
    return (
        User.objects.filter(username=username.strip(), role_assignments__org=org).distinct().first()
    )


def department_choices(org: Organisation) -> list[tuple[int, str]]:
    """The organisation's departments as (pk, name), in their order: the choices of the
    member list's filter."""
    return list(
        Department.objects.filter(org=org)
        .order_by("sort_order", "name", "id")
        .values_list("id", "name")
    )


def unlockable_logins(*, org: Organisation):
    """The logins `org`'s officers may unlock: a school's own logins; for a district, its own
    logins and its schools' chairs."""
    users = User.objects.filter(role_assignments__org=org)
    if not org.is_school:
        users = users | User.objects.filter(
            role_assignments__org__parent=org, role_assignments__role=Role.CHAIR
        )
    return users.distinct()
