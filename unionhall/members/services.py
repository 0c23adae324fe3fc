"""Writes to the member register. Each function is atomic and leaves an audit trail."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, importing, versions
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member, MemberEvent, Status
from unionhall.members.names import pinyin_keys
from unionhall.orgs import services as org_services

# Sent with `member=` once a member on the register is given a login, inside the transaction:
# the apps above the register attach what the member was already (a congress representative).
login_given = Signal()

# Which events may happen to a member in which status, and the status each leads to.
EVENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    MemberEvent.Kind.RETIRE: (frozenset({Status.ACTIVE}), Status.RETIRED),
    MemberEvent.Kind.TRANSFER_OUT: (frozenset({Status.ACTIVE, Status.RETIRED}), Status.TRANSFERRED),
    MemberEvent.Kind.DEATH: (frozenset({Status.ACTIVE, Status.RETIRED}), Status.DECEASED),
}


def _fill_names(member: Member) -> None:
    member.name_pinyin, member.name_initials = pinyin_keys(member.name)


@transaction.atomic
def member_create(*, org, actor, data: dict) -> Member:
    member = Member(org=org, **data)
    _fill_names(member)
    member.full_clean(exclude=["photo"])
    audit.audited_create(member, org=org, actor=actor, summary=member.name)
    if member.joined_on:
        MemberEvent.objects.create(
            org=org,
            member=member,
            kind=MemberEvent.Kind.JOIN,
            date=member.joined_on,
            recorded_by=actor,
        )
    return member


@transaction.atomic
def member_update(*, member: Member, actor, data: dict) -> Member:
    locked = Member.objects.select_for_update().get(pk=member.pk, org=member.org)
    changes = dict(data)
    changes["name_pinyin"], changes["name_initials"] = pinyin_keys(data.get("name", locked.name))
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=Member.TRACKED_FIELDS,
        changes=changes,
        check=audit.full_clean,
    )
    return locked


@transaction.atomic
def member_login_create(*, member: Member, actor, username: str):
    """A login for a member who has none: the staff number or mobile as username."""
    locked = Member.objects.select_for_update().get(pk=member.pk, org=member.org)
    if locked.user_id is not None:
        raise ValidationError(_("This member already has a login."))
    if not locked.is_current:
        raise ValidationError(_("Only members in service or retired can have a login."))
    user, password = org_services.login_create(
        org=locked.org, actor=actor, username=username or locked.mobile, display_name=locked.name
    )
    locked.user = user
    locked.save(update_fields=["user", "updated_at"])
    login_given.send(sender=Member, member=locked)
    return user, password


def _free_username(org, member: Member, taken: set[str]) -> str:
    """The member's mobile when no login has it, else the school's code and the member's
    number on the register (with a letter after it in the rare case that is taken too)."""
    from unionhall.orgs.models import User

    def free(name: str) -> bool:
        return name.lower() not in taken and not User.objects.filter(username__iexact=name).exists()

    if member.mobile and free(member.mobile):
        return member.mobile
    base = f"{org.code}{member.pk:04d}"
    for suffix in ["", *"abcdefghjkmnpqrstuvwxyz"]:
        if free(base + suffix):
            return base + suffix
    raise ValidationError(
        _("No free username for %(name)s: give them one on their page.") % {"name": member.name}
    )


@transaction.atomic
def member_logins_issue(*, org, actor, members) -> list[tuple[Member, object, str]]:
    """Logins for many members at once, each with a one-time password to be changed at the first
    login (`orgs.services.login_create`). Returns (member, login, password) in the order of the
    register; the passwords are stored only hashed, so the caller prints them once. A member who
    already has a login, or is no longer on the register, is refused by name and nothing is
    issued."""
    chosen = list(
        Member.objects.select_for_update()
        .filter(org=org, pk__in=[m.pk for m in members])
        .order_by("department__name", "name", "pk")
    )
    if not chosen:
        raise ValidationError(_("Choose the members to give a login to."))
    has_login = [m.name for m in chosen if m.user_id is not None]
    if has_login:
        raise ValidationError(
            _("Already have a login: %(names)s. Give them a new password on their own page.")
            % {"names": "、".join(has_login)}
        )
    gone = [m.name for m in chosen if not m.is_current]
    if gone:
        raise ValidationError(
            _(
                "No longer on the register (only members in service or retired get a login): "
                "%(names)s."
            )
            % {"names": "、".join(gone)}
        )
    issued, taken = [], set()
    for member in chosen:
        username = _free_username(org, member, taken)
        taken.add(username.lower())
        user, password = org_services.login_create(
            org=org, actor=actor, username=username, display_name=member.name
        )
        member.user = user
        member.save(update_fields=["user", "updated_at"])
        login_given.send(sender=Member, member=member)
        issued.append((member, user, password))
    return issued


def member_update_contact(*, member: Member, actor, mobile: str) -> Member:
    """Self-service: a member changes their own contact details, and nothing else."""
    return member_update(member=member, actor=actor, data={"mobile": mobile})


@transaction.atomic
def member_record_event(
    *, member: Member, actor, kind: str, date: dt.date, note: str = ""
) -> MemberEvent:
    locked = Member.objects.select_for_update().get(pk=member.pk, org=member.org)
    if kind not in EVENT_TRANSITIONS:
        raise ValidationError(_("This event cannot be recorded by hand."))
    allowed_from, new_status = EVENT_TRANSITIONS[kind]
    if locked.status not in allowed_from:
        raise ValidationError(
            _("“%(event)s” cannot be recorded for a member whose status is “%(status)s”.")
            % {
                "event": MemberEvent.Kind(kind).label,
                "status": locked.get_status_display(),
            }
        )
    if date > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError(_("The date is in the future."))
    if locked.joined_on and date < locked.joined_on:
        raise ValidationError(_("The date is before the member joined the union."))
    dated = "retired_on" if kind == MemberEvent.Kind.RETIRE else "left_on"
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=Member.TRACKED_FIELDS,
        changes={"status": new_status, dated: date},
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("%(event)s %(date)s"),
            event=MemberEvent.Kind(kind).label,
            date=f"{date:%Y-%m-%d}",
        ),
    )
    return MemberEvent.objects.create(
        org=locked.org, member=locked, kind=kind, date=date, note=note, recorded_by=actor
    )


@transaction.atomic
def members_import(*, org, actor, batch, rows: list[dict]) -> list[Member]:
    """Save every parsed row, or none: the caller parsed them with no errors."""
    batch = importing.batch_lock(batch)
    # Foreign keys are given as ids: for 10,000 rows this keeps the ORM's per-row work small.
    members = []
    for data in rows:
        member = Member(org_id=org.pk, **data)
        _fill_names(member)
        members.append(member)
    Member.objects.bulk_create(members, batch_size=500)
    versions.bump(org.pk, "members")  # a bulk insert sends no signal
    note = batch.filename[:200]
    MemberEvent.objects.bulk_create(
        [
            MemberEvent(
                org_id=org.pk,
                member_id=m.pk,
                kind=MemberEvent.Kind.JOIN,
                date=m.joined_on,
                note=note,
                recorded_by_id=actor.pk,
            )
            for m in members
            if m.joined_on
        ],
        batch_size=500,
    )
    content_type_id = audit.content_type_of(Member).pk
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                org_id=org.pk,
                actor_id=actor.pk,
                content_type_id=content_type_id,
                object_id=m.pk,
                action=AuditEntry.Action.IMPORT,
                summary=note,
            )
            for m in members
        ],
        batch_size=500,
    )
    importing.batch_imported(batch, count=len(members))
    return members
