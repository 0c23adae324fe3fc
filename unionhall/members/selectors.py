"""Reads of the member register, always scoped to one organisation."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from unionhall.members.models import Member, Status

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


def member_list(*, org, filters: MemberFilter, sensitive: bool) -> QuerySet[Member]:
    members = Member.objects.filter(org=org).select_related("department")
    q = filters.q.strip()
    if q:
        lowered = q.lower()
        members = members.filter(
            Q(name__contains=q)
            | Q(name_initials__startswith=lowered)
            | Q(name_pinyin__startswith=lowered)
            | Q(mobile__startswith=q)
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
