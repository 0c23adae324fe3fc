"""Reads of the member register, always scoped to one organisation."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from unionhall.members.models import Member, Status
from unionhall.orgs.models import User

SORTS = {
    "name": ("name_pinyin", "id"),
    "-name": ("-name_pinyin", "-id"),
    "department": ("department__sort_order", "department__name", "name_pinyin", "id"),
    "joined": ("joined_on", "id"),
    "-joined": ("-joined_on", "-id"),
    "birth": ("birth_date", "id"),
    "-birth": ("-birth_date", "-id"),
}


@dataclass(frozen=True)
class MemberFilter:
    q: str = ""
    department: int | None = None
    status: str = ""
    gender: str = ""
    hardship: str = ""  # "", "any", or a Hardship value
    sort: str = "name"


def _matching(q: str, *, via: str = "") -> Q:
    """The register's search: part of the name, the start of its pinyin initials (张三 → zs) or
    of its full pinyin, or the start of the mobile number; `via` reaches the member through a
    relation (a user's `memberships__`)."""
    lowered = q.lower()
    return (
        Q(**{f"{via}name__contains": q})
        | Q(**{f"{via}name_initials__startswith": lowered})
        | Q(**{f"{via}name_pinyin__startswith": lowered})
        | Q(**{f"{via}mobile__startswith": q})
    )


def members_matching(members: QuerySet[Member], q: str) -> QuerySet[Member]:
    """`members` narrowed to those the register's search for `q` finds (all of them for an
    empty `q`): the member list's search box, and the member pickers of forms."""
    q = q.strip()
    return members.filter(_matching(q)) if q else members


def users_matching(users: QuerySet[User], q: str, *, org) -> QuerySet[User]:
    """`users` narrowed to those whose name or login starts with, or contains, `q`, or whose
    entry in `org`'s register the register's search finds: the user pickers of forms."""
    q = q.strip()
    if not q:
        return users
    found = Q(display_name__contains=q) | Q(username__startswith=q)
    on_register = Member.objects.filter(_matching(q), org=org).values("user_id")
    return users.filter(found | Q(pk__in=on_register))


def member_list(*, org, filters: MemberFilter, sensitive: bool) -> QuerySet[Member]:
    members = members_matching(
        Member.objects.filter(org=org).select_related("department"), filters.q
    )
    if filters.department:
        members = members.filter(department_id=filters.department)
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.gender:
        members = members.filter(gender=filters.gender)
    if sensitive and filters.hardship:
        if filters.hardship == "any":
            members = members.exclude(hardship="")
        else:
            members = members.filter(hardship=filters.hardship)
    return members.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def member_get(*, org, pk: int) -> Member:
    return get_object_or_404(Member.objects.select_related("department", "user"), org=org, pk=pk)


def member_of_user(*, org, user) -> Member | None:
    return Member.objects.select_related("department").filter(org=org, user=user).first()


_UNSET = object()


def member_of_request(request) -> Member | None:
    """The register's entry of the user in `request.org`, read once per request (the home
    page's providers each need it)."""
    found = getattr(request, "_member_of_user", _UNSET)
    if found is _UNSET:
        found = member_of_user(org=request.org, user=request.user)
        request._member_of_user = found
    return found


def status_on(member: Member, date: dt.date) -> str | None:
    """The member's status on `date`, from the dates of their history: None before they joined
    the union; in service, then retired from `retired_on`; after `left_on`, the status they
    left with (transferred out, deceased). A member whose history lacks a date keeps the
    status of the register for the time that date would bound."""
    if member.joined_on and date < member.joined_on:
        return None
    gone = member.status in (Status.TRANSFERRED, Status.DECEASED)
    if gone and (member.left_on is None or date > member.left_on):
        return member.status
    if member.retired_on:
        return Status.RETIRED if date >= member.retired_on else Status.ACTIVE
    # Retired with no date: retired as far back as the register tells.
    return Status.RETIRED if member.status == Status.RETIRED else Status.ACTIVE


def without_login(*, org) -> QuerySet[Member]:
    """Members on the register (in service or retired) who have no login yet, by department."""
    return (
        Member.objects.filter(
            org=org, user__isnull=True, status__in=[Status.ACTIVE, Status.RETIRED]
        )
        .select_related("department")
        .order_by("department__name", "name", "pk")
    )
