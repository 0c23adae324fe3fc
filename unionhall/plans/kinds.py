"""The kinds of record that fulfil a plan task: a task linked to a kind is done when such a record
of its organisation is dated between the task's `starts_on` and `due_on`.

Adding a kind is one entry here: a function of the organisation returning its records (a
queryset), decorated with its key, its label, the field that dates a record, and optionally how a
record is named and where it is shown. plans sits above every app that keeps records, so it may
import them; an app that is added later gets its entry here, as activities and polls have:

    @record_kind("activities.activity", _("An activity held"), date_field="starts_on",
                 url=_url("activities:detail"))
    def activity(org):
        return Activity.objects.filter(org=org, cancelled_at__isnull=True)

`date_field` may go through a transform ("created_at__date"); `date_of` then gives a record's
date in Python (by default the attribute named `date_field`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from unionhall.activities.models import Activity
from unionhall.care.models import CareVisit
from unionhall.care.models import Kind as CareKind
from unionhall.congress.models import Session
from unionhall.dues.models import DuesCollection
from unionhall.funds.models import Category, LedgerEntry
from unionhall.members.models import Member
from unionhall.polls.models import Poll


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: Promise | str
    rows: Callable[[Any], QuerySet]
    date_field: str
    date_of: Callable[[Any], dt.date]
    describe: Callable[[Any], str]
    url: Callable[[Any, Any], str] | None

    def between(self, org, start: dt.date, end: dt.date) -> QuerySet:
        return self.rows(org).filter(**{f"{self.date_field}__range": (start, end)})

    def link(self, org, record) -> str:
        return self.url(org, record) if self.url is not None else ""


RECORD_KINDS: dict[str, RecordKind] = {}


def record_kind(
    key: str,
    label: Promise | str,
    *,
    date_field: str,
    date_of: Callable[[Any], dt.date] | None = None,
    describe: Callable[[Any], str] = str,
    url: Callable[[Any, Any], str] | None = None,
):
    def register(rows: Callable[[Any], QuerySet]) -> Callable[[Any], QuerySet]:
        if key in RECORD_KINDS and RECORD_KINDS[key].rows is not rows:
            raise ValueError(f"record kind {key!r} is registered twice")
        RECORD_KINDS[key] = RecordKind(
            key,
            label,
            rows,
            date_field,
            date_of or (lambda record: getattr(record, date_field)),
            describe,
            url,
        )
        return rows

    return register


def choices() -> list[tuple[str, str]]:
    return [("", _("Nothing: ticked by hand")), *((k.key, k.label) for k in RECORD_KINDS.values())]


def _url(name: str):
    return lambda org, record: reverse(name, kwargs={"org": org.code, "pk": record.pk})


def _care(org) -> QuerySet:
    return CareVisit.objects.filter(org=org, cancelled_at__isnull=True)


@record_kind(
    "care.festival",
    _("Festival care (a care batch)"),
    date_field="date",
    describe=lambda visit: f"{visit.date} {visit.kind_shown}",
    url=_url("care:detail"),
)
def care_festival(org):
    return _care(org).filter(kind=CareKind.FESTIVAL)


@record_kind(
    "care.hardship",
    _("Hardship care visits"),
    date_field="date",
    describe=lambda visit: f"{visit.date} {visit.kind_shown}",
    url=_url("care:detail"),
)
def care_hardship(org):
    return _care(org).filter(kind=CareKind.HARDSHIP)


@record_kind(
    "care.visit",
    _("Any care visit"),
    date_field="date",
    describe=lambda visit: f"{visit.date} {visit.kind_shown}",
    url=_url("care:detail"),
)
def care_visit(org):
    return _care(org)


@record_kind(
    "congress.session",
    _("A session of the staff congress"),
    date_field="held_on",
    describe=lambda session: f"{session.held_on} {session}",
    url=_url("congress:session"),
)
def congress_session(org):
    return Session.objects.filter(org=org).select_related("term")


@record_kind(
    "members.joined",
    _("New members joining"),
    date_field="joined_on",
    describe=lambda member: f"{member.joined_on} {member.name}",
    url=_url("members:detail"),
)
def members_joined(org):
    return Member.objects.filter(org=org)


@record_kind(
    "funds.activity_expense",
    _("Spending on staff activities"),
    date_field="date",
    describe=lambda entry: f"{entry.date} {entry.memo}",
    url=_url("funds:detail"),
)
def funds_activity_expense(org):
    return LedgerEntry.objects.filter(
        org=org, category=Category.ACTIVITIES, amount__lt=0, reversed_by__isnull=True
    )


@record_kind(
    "dues.collection",
    _("Dues collected"),
    date_field="date",
    describe=lambda collection: f"{collection.date} {collection.memo}",
)
def dues_collection(org):
    return DuesCollection.objects.filter(org=org)


def _activities(org) -> QuerySet:
    return Activity.objects.filter(org=org, cancelled_at__isnull=True)


@record_kind(
    "activities.activity",
    _("An activity held"),
    date_field="starts_on",
    describe=lambda activity: f"{activity.starts_on} {activity.title}",
    url=_url("activities:detail"),
)
def activity(org):
    return _activities(org)


@record_kind(
    "activities.for_women",
    _("An activity for the women staff"),
    date_field="starts_on",
    describe=lambda activity: f"{activity.starts_on} {activity.title}",
    url=_url("activities:detail"),
)
def activity_for_women(org):
    return _activities(org).filter(kind__for_women=True)


@record_kind(
    "polls.poll",
    _("A poll, election or evaluation closed (and valid)"),
    date_field="held_on",
    describe=lambda poll: f"{poll.held_on} {poll.title}",
    url=_url("polls:detail"),
)
def poll(org):
    # Dated by the day it was held (a paper poll entered today was held months ago). An invalid
    # poll (无效: inquorate, or a box that does not reconcile) was held in no sense a plan could
    # count on, nor one whose result was never published.
    return Poll.objects.filter(
        org=org, closed_at__isnull=False, published_at__isnull=False, void_reason=""
    )


def _plan_created_on(plan) -> dt.date:
    return timezone.localdate(plan.created_at)


@record_kind(
    "plans.next_plan",
    _("Next year's plan drafted"),
    date_field="created_at__date",
    date_of=_plan_created_on,
    url=lambda org, plan: reverse("plans:plan", kwargs={"org": org.code, "year": plan.start_year}),
)
def next_plan(org):
    from unionhall.plans.models import Plan

    return Plan.objects.filter(org=org)
