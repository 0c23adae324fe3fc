"""Writes to organisations, departments, users and roles. Each is atomic and audited."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.orgs import selectors
from unionhall.orgs.hashers import one_time_hash
from unionhall.orgs.models import (
    Department,
    FormerName,
    Organisation,
    RoleAssignment,
    SchoolYear,
    User,
)
from unionhall.orgs.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role

_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _new_password() -> str:
    # No 0/o, 1/l/i: read aloud or copied from a phone screen without mistakes.
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(10))


@transaction.atomic
def login_create(
    *, org: Organisation, actor: User, username: str, display_name: str
) -> tuple[User, str]:
    """A new login holding the member role in `org`; returns it with its first password."""
    username = username.strip()
    if not username:
        raise ValidationError(_("Give a username: the staff number or the mobile number."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username “%(name)s” is taken.") % {"name": username})
    password = _new_password()
    user = User(
        username=User.normalize_username(username),
        display_name=display_name,
        must_change_password=True,
        password=one_time_hash(password),
    )
    audit.audited_create(user, org=org, actor=actor, summary=username)
    RoleAssignment.objects.create(user=user, org=org, role=Role.MEMBER)
    return user, password


@transaction.atomic
def password_reset(*, org: Organisation, actor: User, user: User) -> str:
    """A one-time password for `user`, given by `actor` acting in `org`: returned to be shown
    once, it must be changed at the next login. Refused, changing nothing, unless `actor` may
    reset this login (`login_rights`: the chair's only from the district)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    actor_roles = set(
        RoleAssignment.objects.filter(user=actor, org=org).values_list("role", flat=True)
    )
    refusal = selectors.login_reset_refusal(org=org, actor_roles=actor_roles, user=locked)
    if refusal is not None:
        raise ValidationError(refusal)
    password = _new_password()
    locked.password = one_time_hash(password)  # changing nothing stored yet
    audit.audited_update(
        locked,
        org=org,
        actor=actor,
        fields=(),  # the password is never shown, nor its hash
        changes={"password": locked.password, "must_change_password": True},
        summary=Msg(gettext_noop("password reset")),
    )
    return password


@transaction.atomic
def role_grant(*, org: Organisation, actor: User, user: User, role: str) -> RoleAssignment:
    allowed = SCHOOL_ROLES if org.is_school else DISTRICT_ROLES
    if role not in allowed:
        raise ValidationError(
            _("The role “%(role)s” cannot be held in this organisation.")
            % {"role": Role(role).label}
        )
    if not RoleAssignment.objects.filter(user=user, org=org).exists():
        raise ValidationError(_("This person has no login in this organisation yet."))
    assignment, created = RoleAssignment.objects.get_or_create(user=user, org=org, role=role)
    if not created:
        raise ValidationError(_("%(user)s already holds this role.") % {"user": user})
    audit.record(
        org=org,
        actor=actor,
        subject=user,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("role granted: %(role)s"), role=Role(role).label),
    )
    return assignment


@transaction.atomic
def role_revoke(*, org: Organisation, actor: User, assignment: RoleAssignment) -> None:
    locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk, org=org)
    if locked.role == Role.MEMBER:
        raise ValidationError(_("The member role is removed by recording that the member left."))
    if locked.role == Role.CHAIR and not (
        RoleAssignment.objects.filter(org=org, role=Role.CHAIR).exclude(pk=locked.pk).exists()
    ):
        raise ValidationError(
            _("The union must keep at least one chair: grant the role to someone else first.")
        )
    locked.delete()
    audit.record(
        org=org,
        actor=actor,
        subject=locked.user,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("role removed: %(role)s"), role=Role(locked.role).label),
    )


# Setting up a school without a developer: the district creates it and names its chair; the
# chair then sets up its departments, school year and democratic management body.


def _school_of(district: Organisation, school: Organisation) -> Organisation:
    if school.parent_id != district.pk:
        raise ValidationError(_("This school does not belong to your district."))
    return school


def _clean_code(code: str) -> str:
    code = code.strip().lower()
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError(
            {
                "code": _("The short code “%(code)s” is taken by another organisation.")
                % {"code": code}
            }
        )
    return code


def _staff_count(staff_count: int | None) -> int | None:
    if staff_count is not None and staff_count < 1:
        raise ValidationError({"staff_count": _("The number of staff must be at least 1.")})
    return staff_count


@transaction.atomic
def school_create(
    *,
    district: Organisation,
    actor: User,
    code: str,
    name: str,
    school_type: str,
    staff_count: int | None,
) -> Organisation:
    """A new school union under `district`."""
    if district.is_school:
        raise ValidationError(_("Only a district union creates schools."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the school union's name.")})
    school = Organisation(
        code=_clean_code(code),
        name=name,
        kind=Organisation.Kind.SCHOOL,
        parent=district,
        school_type=school_type,
        staff_count=_staff_count(staff_count),
    )
    return audit.audited_create(
        school, org=district, actor=actor, summary=name, check=audit.full_clean
    )


@transaction.atomic
def school_update(
    *,
    district: Organisation,
    actor: User,
    school: Organisation,
    school_type: str,
    staff_count: int | None,
) -> Organisation:
    """The school's type and number of staff (its name changes only by `school_rename`)."""
    _school_of(district, school)
    audit.audited_update(
        school,
        org=district,
        actor=actor,
        fields=("school_type", "staff_count"),
        changes={"school_type": school_type, "staff_count": _staff_count(staff_count)},
        check=audit.full_clean,
    )
    return school


@transaction.atomic
def school_rename(
    *,
    district: Organisation,
    actor: User,
    school: Organisation,
    name: str,
    effective_on: dt.date | None = None,
) -> Organisation:
    """Rename a school from `effective_on` (today when None); the old name is kept with the
    last day it was used, so documents of earlier days keep it (selectors.name_on)."""
    _school_of(district, school)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the new name.")})
    if name == school.name:
        raise ValidationError({"name": _("That is the school's name already.")})
    effective_on = effective_on or timezone.localdate()
    last_day = effective_on - dt.timedelta(days=1)
    latest = FormerName.objects.filter(org=school).order_by("-used_until").first()
    if latest is not None and latest.used_until >= last_day:
        raise ValidationError(
            {
                "effective_on": _(
                    "The school was last renamed with effect from %(day)s: a new name takes "
                    "effect after that day."
                )
                % {"day": latest.used_until + dt.timedelta(days=1)}
            }
        )
    FormerName.objects.create(org=school, name=school.name, used_until=last_day, recorded_by=actor)
    audit.audited_update(
        school, org=district, actor=actor, fields=("name",), changes={"name": name}
    )
    return school


@transaction.atomic
def school_archive(*, district: Organisation, actor: User, school: Organisation) -> Organisation:
    """Archive a school (closed or merged): its records stay, it leaves the district's lists."""
    _school_of(district, school)
    if school.archived_at is not None:
        raise ValidationError(_("This school is archived already."))
    audit.audited_update(
        school,
        org=district,
        actor=actor,
        fields=(),
        changes={"archived_at": timezone.now()},
        summary=Msg(gettext_noop("school archived")),
    )
    return school


@transaction.atomic
def school_restore(*, district: Organisation, actor: User, school: Organisation) -> Organisation:
    _school_of(district, school)
    if school.archived_at is None:
        raise ValidationError(_("This school is not archived."))
    audit.audited_update(
        school,
        org=district,
        actor=actor,
        fields=(),
        changes={"archived_at": None},
        summary=Msg(gettext_noop("school restored from the archive")),
    )
    return school


@transaction.atomic
def chair_appoint(
    *,
    district: Organisation,
    actor: User,
    school: Organisation,
    username: str,
    display_name: str,
) -> tuple[User, str]:
    """A new login holding the chair role in `school`, with a one-time password (returned, to
    be shown once) that its holder must change at the first login."""
    _school_of(district, school)
    if school.archived_at is not None:
        raise ValidationError(_("This school is archived: restore it first."))
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": _("Give the chair's name.")})
    # A login's first password is a one-time one: its holder must change it (login_create).
    user, password = login_create(
        org=school, actor=actor, username=username, display_name=display_name
    )
    RoleAssignment.objects.create(user=user, org=school, role=Role.CHAIR)
    audit.record(
        org=school,
        actor=actor,
        subject=user,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("role granted: %(role)s"), role=Role.CHAIR.label),
    )
    return user, password


@transaction.atomic
def chair_password_reset(
    *, district: Organisation, actor: User, school: Organisation, user: User
) -> str:
    """The district gives one of its schools' chairs a one-time password: the only way a chair's
    password is reset (`login_rights`). Audited in the district."""
    _school_of(district, school)
    if not RoleAssignment.objects.filter(user=user, org=school, role=Role.CHAIR).exists():
        raise ValidationError(_("%(user)s is not a chair of this school.") % {"user": user})
    return password_reset(org=district, actor=actor, user=user)


def locked_logins(*, org: Organisation) -> list[User]:
    """The logins of `org` (see selectors.unlockable_logins) refused now, at some address,
    after too many wrong passwords there."""
    from unionhall.orgs.throttle import locked_usernames

    locked = selectors.unlockable_logins(org=org).filter(username__in=locked_usernames())
    return list(locked.order_by("username"))


@transaction.atomic
def login_unlock(*, org: Organisation, actor: User, user: User) -> None:
    """Clear the failed logins recorded against `user` at every address, so that they may log
    in again now from wherever they were refused (an address lock is the district's to lift)."""
    from axes.utils import reset

    if not selectors.unlockable_logins(org=org).filter(pk=user.pk).exists():
        raise ValidationError(_("This login is not one this organisation may unlock."))
    reset(username=user.username)
    audit.record(
        org=org,
        actor=actor,
        subject=user,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("login unlocked after too many wrong passwords")),
    )


@transaction.atomic
def address_unlock(*, district: Organisation, actor: User, address: str) -> None:
    """Let every login in again from `address`, locked after failing for too many different
    accounts: its failed logins are cleared (those of each account there too)."""
    from axes.utils import reset

    from unionhall.orgs.throttle import locked_addresses

    if address not in {locked.address for locked in locked_addresses(district=district)}:
        raise ValidationError(
            _("Logins from %(address)s are not refused now, or not by this district's logins.")
            % {"address": address}
        )
    reset(ip=address)
    audit.record(
        org=district,
        actor=actor,
        subject=district,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("login lock lifted from the network address %(address)s"),
            address=address,
        ),
    )


@transaction.atomic
def password_changed(*, user: User) -> None:
    """The person chose their own password: the one-time one no longer stands."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def _department_fields(org: Organisation, name: str, department: Department | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the department's name.")})
    clash = Department.objects.filter(org=org, name=name)
    if department is not None:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("There is a department “%(name)s” already.") % {"name": name}}
        )
    return name


@transaction.atomic
def department_create(
    *,
    org: Organisation,
    actor: User,
    name: str,
    kind: str,
    sort_order: int = 0,
    is_frontline: bool = True,
) -> Department:
    department = Department(
        org=org,
        name=_department_fields(org, name, None),
        kind=kind,
        sort_order=sort_order,
        is_frontline=is_frontline,
    )
    return audit.audited_create(
        department, org=org, actor=actor, summary=name, check=audit.full_clean
    )


@transaction.atomic
def department_update(
    *,
    org: Organisation,
    actor: User,
    department: Department,
    name: str,
    kind: str,
    sort_order: int,
    is_frontline: bool,
) -> Department:
    if department.org_id != org.pk:
        raise ValidationError(_("No such department here."))
    audit.audited_update(
        department,
        org=org,
        actor=actor,
        fields=("name", "kind", "sort_order", "is_frontline"),
        changes={
            "name": _department_fields(org, name, department),
            "kind": kind,
            "sort_order": sort_order,
            "is_frontline": is_frontline,
        },
        check=audit.full_clean,
    )
    return department


@transaction.atomic
def school_year_set(
    *, org: Organisation, actor: User, start_year: int, starts_on: dt.date, ends_on: dt.date
) -> SchoolYear:
    """The first and last day of the school year starting in `start_year`."""
    if starts_on.year not in (start_year, start_year + 1) or ends_on <= starts_on:
        raise ValidationError(
            _(
                "The school year %(start)s-%(end)s starts in %(start)s (or early in %(end)s) and "
                "ends after it starts."
            )
            % {"start": start_year, "end": start_year + 1}
        )
    if (ends_on - starts_on).days > 400:
        raise ValidationError({"ends_on": _("A school year lasts at most about a year.")})
    overlapping = SchoolYear.objects.filter(
        org=org, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(start_year=start_year)
    if overlapping.exists():
        raise ValidationError(
            _("These dates overlap the school year %(year)s.") % {"year": overlapping.first()}
        )
    year, created = SchoolYear.objects.select_for_update().get_or_create(
        org=org, start_year=start_year, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    audit.audited_update(
        year,
        org=org,
        actor=actor,
        fields=("starts_on", "ends_on"),
        changes={"starts_on": starts_on, "ends_on": ends_on},
        created=created,
    )
    return year


@transaction.atomic
def congress_form_set(*, org: Organisation, actor: User, congress_form: str) -> Organisation:
    """Whether the school holds a 教代会 or a 教职工大会; blank follows the staff-count rule."""
    if congress_form not in ("", *Organisation.CongressForm.values):
        raise ValidationError({"congress_form": _("Choose one of the listed bodies.")})
    audit.audited_update(
        org,
        org=org,
        actor=actor,
        fields=("congress_form",),
        changes={"congress_form": congress_form},
    )
    return org
