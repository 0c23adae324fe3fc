"""Reads about organisations: the name on a given day, the dates of a school year."""

import datetime as dt

from unionhall.core.periods import Period, school_year_of
from unionhall.core.sql import Quoting, Statement
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


def _department_choices(q: Quoting) -> str:
    order = ", ".join(q.column(Department, name) for name in ("sort_order", "name", "id"))
    return (
        f"SELECT {q.column(Department, 'id')}, {q.column(Department, 'name')}"
        f" FROM {q.table(Department)} WHERE {q.column(Department, 'org')} = %s ORDER BY {order}"
    )


_DEPARTMENT_CHOICES = Statement(Department, _department_choices)


def department_choices(org: Organisation) -> list[tuple[int, str]]:
    """The organisation's departments as (pk, name), in their order: the choices of the
    member list's filter, on every page of the list (`core/sql.py`)."""
    return [(pk, name) for pk, name in _DEPARTMENT_CHOICES.rows([org.pk])]
