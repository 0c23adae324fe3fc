"""Reads of the member register, always scoped to one organisation."""

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from unionhall.core import rowhtml
from unionhall.core.paging import page_from
from unionhall.core.rowhtml import text
from unionhall.core.sql import Quoting, Statement
from unionhall.core.urlcache import url_for_each
from unionhall.members.models import Gender, Hardship, Member, Status
from unionhall.orgs.models import Department

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


# What a row of the member list shows: the list reads these columns, not whole members.
ROW_FIELDS = (
    "id",
    "name",
    "gender",
    "department_id",
    "department__name",
    "post",
    "mobile",
    "status",
    "hardship",
)


# The list page's statement for each shape of filter (which filters are set, and the sort):
# `member_page` reads what `member_list(...).values(*ROW_FIELDS)` reads, as SQL written once
# per shape and database. Built through the ORM, that query took longer to write than the
# database took to run it, on every page of the list (`core/sql.py`).
_PAGE_STATEMENTS: dict[tuple, Statement] = {}
# What the search box matches, as `member_list` does: (column, lookup, in lower case).
_SEARCHED = (
    ("name", "contains", False),
    ("name_initials", "startswith", True),
    ("name_pinyin", "startswith", True),
    ("mobile", "startswith", False),
)


def _page_sql(shape: tuple, q: Quoting) -> str:
    searched, department, status, gender, hardship, sort = shape
    member, dept = q.table(Member), q.table(Department)

    def column(name: str) -> str:
        if name.startswith("department__"):
            return f"{dept}.{q.column(Department, name.removeprefix('department__'))}"
        return f"{member}.{q.column(Member, name)}"

    where = [f"{column('org')} = %s"]
    if searched:
        found = [q.like(column(field), Member, field, lookup) for field, lookup, _ in _SEARCHED]
        where.append(f"({' OR '.join(found)})")
    where += [
        f"{column(field)} = %s"
        for field, wanted in (("department", department), ("status", status), ("gender", gender))
        if wanted
    ]
    if hardship:
        where.append(f"{column('hardship')} {'<>' if hardship == 'any' else '='} %s")
    order = ", ".join(
        f"{column(name.removeprefix('-'))} {'DESC' if name.startswith('-') else 'ASC'}"
        for name in SORTS[sort]
    )
    return (
        f"SELECT {', '.join(column(name) for name in ROW_FIELDS)}, COUNT(*) OVER ()"
        f" FROM {member} INNER JOIN {dept}"
        f" ON {column('department')} = {column('department__id')}"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s OFFSET %s"
    )


def member_page(*, org, filters: MemberFilter, sensitive: bool, number, per_page: int) -> Page:
    """The page `number` of `member_list(...)`, as dicts of ROW_FIELDS, with the list's total,
    in one query (`core/paging.py`)."""
    searched = filters.q.strip()
    hardship = filters.hardship if sensitive else ""
    sort = filters.sort if filters.sort in SORTS else "name"
    shape = (
        bool(searched),
        bool(filters.department),
        bool(filters.status),
        bool(filters.gender),
        "any" if hardship == "any" else bool(hardship),
        sort,
    )
    statement = _PAGE_STATEMENTS.get(shape)
    if statement is None:
        statement = _PAGE_STATEMENTS[shape] = Statement(Member, lambda q: _page_sql(shape, q))
    params: list = [org.pk]
    if searched:
        params += [
            statement.pattern(lookup, searched.lower() if lowered else searched)
            for _field, lookup, lowered in _SEARCHED
        ]
    params += [wanted for wanted in (filters.department, filters.status, filters.gender) if wanted]
    if hardship:
        params.append("" if hardship == "any" else hardship)

    def fetch(offset: int, limit: int) -> tuple[list[dict], int | None]:
        found = statement.rows([*params, limit, offset])
        total = found[0][-1] if found else None
        return [dict(zip(ROW_FIELDS, row[:-1], strict=True)) for row in found], total

    return page_from(fetch, number, per_page=per_page)


# Bootstrap's badge class for each status; the others are light.
BADGES = {Status.ACTIVE: "text-bg-success", Status.RETIRED: "text-bg-secondary"}


@dataclass(slots=True)
class MemberRow:
    """One row of the member list: its columns, then what the row prints."""

    id: int
    name: str
    gender: str
    department_id: int | None
    department_name: str
    post: str
    mobile: str
    status: str
    hardship: str
    detail_url: str
    gender_label: str
    status_label: str
    status_badge: str  # Bootstrap's class for the status badge
    hardship_label: str

    @property
    def pk(self) -> int:
        return self.id


def member_rows(members: Iterable[dict], *, org) -> list[MemberRow]:
    """The members of one list page (dicts of ROW_FIELDS from `member_page`), each with what
    its row shows worked out once: the link to the member's page and the labels of gender,
    status and hardship (`member_rows_html` then writes the rows, instead of a template
    reversing a URL and translating three choices per row)."""
    detail_url = url_for_each("members:detail", org=org.code)
    labels = {
        field: {value: str(label) for value, label in choices}
        for field, choices in (
            ("gender", Gender.choices),
            ("status", Status.choices),
            ("hardship", Hardship.choices),
        )
    }
    rows = []
    for row in members:
        row = dict(row)
        department = row.pop("department__name")
        rows.append(
            MemberRow(
                **row,
                department_name=department or "",
                detail_url=detail_url(row["id"]),
                gender_label=labels["gender"].get(row["gender"], row["gender"]),
                status_label=labels["status"].get(row["status"], row["status"]),
                status_badge=BADGES.get(row["status"], "text-bg-light"),
                hardship_label=labels["hardship"].get(row["hardship"], row["hardship"])
                if row["hardship"]
                else "",
            )
        )
    return rows


def member_rows_html(rows: list[MemberRow], *, sensitive: bool) -> str:
    """A page of the member list's rows as HTML (`rowhtml`); the hardship column only for
    those who may see it. The values that repeat down a page (labels, departments, posts) are
    escaped once each."""
    once = functools.cache(text)
    written = []
    for row in rows:
        hardship = (
            f'<td class="d-none d-lg-table-cell">{once(row.hardship_label)}</td>'
            if sensitive
            else ""
        )
        written.append(
            f'<tr><td><a href="{text(row.detail_url)}">{text(row.name)}</a></td>'
            f'<td class="d-none d-sm-table-cell">{once(row.gender_label)}</td>'
            f"<td>{once(row.department_name)}</td>"
            f'<td class="d-none d-md-table-cell">{once(row.post)}</td>'
            f'<td class="d-none d-md-table-cell">{text(row.mobile)}</td>'
            f'<td><span class="badge {row.status_badge}">{once(row.status_label)}</span></td>'
            f"{hardship}</tr>"
        )
    return rowhtml.rows(written, empty=gettext("No member matches."), columns=7)


def member_get(*, org, pk: int) -> Member:
    return get_object_or_404(Member.objects.select_related("department", "user"), org=org, pk=pk)


def member_of_user(*, org, user) -> Member | None:
    return Member.objects.select_related("department").filter(org=org, user=user).first()


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
