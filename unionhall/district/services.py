"""Writes for the district and the schools' side of it: annual returns, data calls, congress
reports. The assessment's writes are in `assessment.py`."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.indicators import session_figures
from unionhall.congress.models import Representative, Session, Term
from unionhall.core import audit, indicators, workdays
from unionhall.core.backdate import stated_time
from unionhall.core.i18n import Msg
from unionhall.core.indicators import Period
from unionhall.core.models import AuditEntry
from unionhall.district.models import (
    RETURN_AMOUNTS,
    RETURN_COUNTS,
    RETURN_FLAGS,
    AnnualReturn,
    CongressReport,
    DataCall,
    DataCallReply,
    ReturnRound,
)
from unionhall.members.models import Gender
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send_on_commit
from unionhall.orgs.models import Organisation, RoleAssignment
from unionhall.orgs.roles import Role

RETURN_FIELDS = [name for name, _label in RETURN_COUNTS + RETURN_AMOUNTS + RETURN_FLAGS]


def _require_district(org: Organisation) -> None:
    if org.is_school:
        raise ValidationError(_("Only a district union can do this."))


def _chairs_of(schools) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(org__in=schools, role=Role.CHAIR).select_related("user")
    )


# Annual returns ---------------------------------------------------------------------------------


def return_round_open(*, district: Organisation, actor, year: int, due_on: dt.date) -> ReturnRound:
    """Ask the district's schools for the year's annual return by `due_on`; their chairs get a
    notice."""
    _require_district(district)
    if ReturnRound.objects.filter(org=district, year=year).exists():
        raise ValidationError(
            {"year": _("The annual return for %(year)s is already open.") % {"year": year}}
        )
    with transaction.atomic():
        round = audit.audited_create(
            ReturnRound(org=district, year=year, due_on=due_on, opened_by=actor),
            org=district,
            actor=actor,
            summary=Msg(
                gettext_noop("Opened the annual return for %(year)s, due %(due)s"),
                year=year,
                due=due_on.isoformat(),
            ),
        )
        for chair in _chairs_of(Organisation.objects.filter(parent=district)):
            notice_send_on_commit(
                org=chair.org,
                user=chair.user,
                kind=Notice.Kind.ASSIGNED,
                title=Msg(
                    gettext_noop("The district asks for the annual return for %(year)s by %(due)s"),
                    year=year,
                    due=due_on.isoformat(),
                ),
                url=reverse("district:my_return", kwargs={"org": chair.org.code, "year": year}),
                key=f"district-return-{round.pk}",
            )
    return round


def return_figures(*, school: Organisation, year: int) -> dict[str, Any]:
    """The return's figures for a school and a year, from the indicators and the records
    (members at the year's end, care and dues over the year). `sources` says which indicator
    gave each figure. Staff are the members in service: a school with staff outside the union
    corrects the staff figures before it submits."""
    period = Period.year(year)

    def value(name: str):
        return indicators.get(name)(school, period).value

    active = value("members.active") or 0
    women = value("members.women") or 0
    reps = Representative.objects.filter(
        org=school,
        is_active=True,
        term__starts_on__lte=period.end,
        term__ends_on__gte=period.start,
    )
    roles = set(
        RoleAssignment.objects.filter(
            org=school, role__in=[Role.COMMITTEE_WOMEN, Role.COMMITTEE_AUDIT]
        ).values_list("role", flat=True)
    )
    figures = {
        "staff": active,
        "women_staff": women,
        "members": active,
        "women_members": women,
        "representatives": reps.count(),
        "women_representatives": reps.filter(member__gender=Gender.FEMALE).count(),
        "care_person_visits": value("care.person_visits") or 0,
        "care_amount": value("care.amount") or Decimal("0.00"),
        "dues_collected": value("dues.collected") or Decimal("0.00"),
        "has_women_committee": Role.COMMITTEE_WOMEN in roles,
        "has_audit_committee": Role.COMMITTEE_AUDIT in roles,
        "has_congress": Term.objects.filter(
            org=school, starts_on__lte=period.end, ends_on__gte=period.start
        ).exists(),
        "has_open_affairs": value("funds.expense") is not None,
    }
    figures["sources"] = {
        "staff": "members.active",
        "women_staff": "members.women",
        "members": "members.active",
        "women_members": "members.women",
        "representatives": "congress.representatives",
        "care_person_visits": "care.person_visits",
        "care_amount": "care.amount",
        "dues_collected": "dues.collected",
        "has_open_affairs": "funds.expense",
    }
    return figures


def return_prepare(*, school: Organisation, year: int, actor=None) -> AnnualReturn:
    """The school's return for the district's round of `year`: created as a draft filled from
    the indicators when there is none yet."""
    round = ReturnRound.objects.filter(org=school.parent_id, year=year).first()
    if round is None:
        raise ValidationError(
            _("The district has not asked for an annual return for %(year)s.") % {"year": year}
        )
    existing = AnnualReturn.objects.filter(org=school, round=round).first()
    if existing is not None:
        return existing
    return AnnualReturn.objects.create(
        org=school, district_id=school.parent_id, round=round, year=year,
        **return_figures(school=school, year=year),
    )  # fmt: skip


@transaction.atomic
def return_refill(*, annual_return: AnnualReturn, actor) -> AnnualReturn:
    """Fill a draft again from the indicators (after the ledgers changed)."""
    if annual_return.is_submitted:
        raise ValidationError(_("This return was submitted; it can no longer change."))
    figures = return_figures(school=annual_return.org, year=annual_return.year)
    audit.audited_update(
        annual_return,
        org=annual_return.org,
        actor=actor,
        fields=RETURN_FIELDS,
        changes=figures,
    )
    return annual_return


@transaction.atomic
def return_update(*, annual_return: AnnualReturn, actor, **changes) -> AnnualReturn:
    """The chair corrects a draft's figures before submitting it."""
    if annual_return.is_submitted:
        raise ValidationError(_("This return was submitted; it can no longer change."))
    unknown = set(changes) - set(RETURN_FIELDS)
    if unknown:
        raise ValueError(f"not figures of a return: {sorted(unknown)}")
    if changes.get("women_staff", 0) > changes.get("staff", annual_return.staff):
        raise ValidationError({"women_staff": _("Women staff cannot be more than the staff.")})
    if changes.get("members", 0) > changes.get("staff", annual_return.staff):
        raise ValidationError({"members": _("Members cannot be more than the staff.")})
    audit.audited_update(
        annual_return, org=annual_return.org, actor=actor, fields=RETURN_FIELDS, changes=changes
    )
    return annual_return


def return_submit(
    *, annual_return: AnnualReturn, actor, at: dt.datetime | None = None
) -> AnnualReturn:
    """Submit the return: from now on it is a frozen snapshot. `at`: when a return handed in
    on paper was submitted (None: now)."""
    submitted_at = stated_time(at, field="submitted_at")
    with transaction.atomic():
        locked = AnnualReturn.objects.select_for_update().get(pk=annual_return.pk)
        if locked.is_submitted:
            raise ValidationError(_("This return was already submitted."))
        locked.state = AnnualReturn.State.SUBMITTED
        locked.submitted_at = submitted_at
        locked.submitted_by = actor
        locked.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
        audit.record(
            org=locked.org,
            actor=actor,
            subject=locked,
            action=AuditEntry.Action.EVENT,
            summary=Msg(gettext_noop("Submitted the annual return for %(year)s"), year=locked.year),
        )
    return locked


def returns_chase(*, round: ReturnRound, actor, today: dt.date) -> int:
    """Remind the chairs of the schools whose return is not submitted; once a day each."""
    submitted = AnnualReturn.objects.filter(round=round, state=AnnualReturn.State.SUBMITTED).values(
        "org_id"
    )
    waiting = Organisation.objects.filter(parent=round.org).exclude(pk__in=submitted)
    return _chase(
        chairs=_chairs_of(waiting),
        title=Msg(
            gettext_noop("The annual return for %(year)s was due on %(due)s: please submit it"),
            year=round.year,
            due=round.due_on.isoformat(),
        ),
        url_name="district:my_return",
        url_kwargs={"year": round.year},
        key=f"district-return-{round.pk}-chase-{today.isoformat()}",
    )


def _chase(*, chairs, title: Msg, url_name: str, url_kwargs: dict, key: str) -> int:
    for chair in chairs:
        notice_send_on_commit(
            org=chair.org,
            user=chair.user,
            kind=Notice.Kind.OVERDUE,
            title=title,
            url=reverse(url_name, kwargs={"org": chair.org.code, **url_kwargs}),
            key=key,
        )
    return len({chair.org_id for chair in chairs})


# Data calls -------------------------------------------------------------------------------------


def call_create(
    *,
    district: Organisation,
    actor,
    title: str,
    due_on: dt.date,
    instructions: str = "",
    template=None,
) -> DataCall:
    """Send a data call to every school of the district; their chairs get a notice."""
    _require_district(district)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The deadline cannot be in the past.")})
    with transaction.atomic():
        call = audit.audited_create(
            DataCall(
                org=district,
                title=title,
                instructions=instructions,
                due_on=due_on,
                created_by=actor,
                template=template or "",
                template_name=getattr(template, "name", "") or "",
            ),
            org=district,
            actor=actor,
            summary=Msg(gettext_noop("Sent the data call %(title)s"), title=title),
        )
        for chair in _chairs_of(Organisation.objects.filter(parent=district)):
            notice_send_on_commit(
                org=chair.org,
                user=chair.user,
                kind=Notice.Kind.ASSIGNED,
                title=Msg(
                    gettext_noop("The district asks for %(title)s by %(due)s"),
                    title=title,
                    due=due_on.isoformat(),
                ),
                url=reverse("district:my_calls", kwargs={"org": chair.org.code}),
                key=f"district-call-{call.pk}",
            )
    return call


def call_reply(
    *, call: DataCall, school: Organisation, actor, file, note: str = ""
) -> DataCallReply:
    """A school uploads its return for a call (again, if it corrects it)."""
    if call.org_id != school.parent_id:
        raise ValidationError(_("This call was not sent to your school."))
    if not file:
        raise ValidationError({"file": _("Choose the file to upload.")})
    if file.size > settings.UNIONHALL_IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    with transaction.atomic():
        reply = audit.audited_create(
            DataCallReply(
                org=school,
                call=call,
                file=file,
                filename=file.name[:200],
                note=note,
                uploaded_by=actor,
            ),
            org=school,
            actor=actor,
            summary=Msg(gettext_noop("Uploaded the return for %(title)s"), title=call.title),
        )
    return reply


def call_chase(*, call: DataCall, actor, today: dt.date) -> int:
    """Remind, through the bell, the chairs of the schools that have not replied; each school
    once a day. Returns how many schools were reminded."""
    replied = DataCallReply.objects.filter(call=call).values("org_id")
    waiting = Organisation.objects.filter(parent=call.org).exclude(pk__in=replied)
    count = _chase(
        chairs=_chairs_of(waiting),
        title=Msg(
            gettext_noop("%(title)s was due on %(due)s: please upload it"),
            title=call.title,
            due=call.due_on.isoformat(),
        ),
        url_name="district:my_calls",
        url_kwargs={},
        key=f"district-call-{call.pk}-chase-{today.isoformat()}",
    )
    audit.record(
        org=call.org,
        actor=actor,
        subject=call,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Reminded %(count)s schools of %(title)s"), count=count, title=call.title
        ),
    )
    return count


# Congress reports -------------------------------------------------------------------------------


def congress_reports_collect(*, district: Organisation, today: dt.date | None = None) -> int:
    """Every session of the district's schools that has been held and recorded reaches the
    district, with its figures as they stand: received on the later of its last day and the
    day it was recorded (a session typed in weeks afterwards reaches the district late). It is
    on time when received within the working days the rule allows after its last day. Run by
    `manage.py district_collect` and whenever the district opens its reports. Returns how many
    arrived."""
    today = today or timezone.localdate()
    days = settings.DISTRICT_CONGRESS_REPORT_WORKING_DAYS
    sessions = list(
        Session.objects.filter(org__parent=district, held_on__lte=today)
        .filter(district_report__isnull=True)
        .select_related("org")
    )
    recorded = dict(
        AuditEntry.objects.filter(
            content_type=audit.content_type_of(Session),
            object_id__in=[s.pk for s in sessions],
            action=AuditEntry.Action.CREATE,
        )
        .values_list("object_id")
        .annotate(first=Min("at"))
    )
    arrived = []
    for session in sessions:
        last_day = session.ends_on or session.held_on
        if last_day > today:
            continue
        entered = recorded.get(session.pk)
        entered_on = timezone.localdate(entered) if entered else today
        figures = session_figures(org=session.org, session=session)
        arrived.append(
            CongressReport(
                org=session.org,
                district=district,
                session=session,
                held_on=session.held_on,
                due_on=workdays.add_working_days(last_day, days),
                received_on=max(last_day, entered_on),
                figures={name: _json(found.value) for name, found in figures.items()},
            )
        )
    CongressReport.objects.bulk_create(arrived)
    return len(arrived)


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    return value
