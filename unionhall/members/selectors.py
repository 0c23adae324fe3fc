"""Reads of the member register, always scoped to one organisation."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from unionhall.members.models import Member

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
