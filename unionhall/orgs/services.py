"""Writes to users and roles. Each is atomic and audited."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.orgs.models import Organisation, RoleAssignment, User
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
    user = User.objects.create_user(
        username=username,
        password=password,
        display_name=display_name,
        must_change_password=True,
    )
    RoleAssignment.objects.create(user=user, org=org, role=Role.MEMBER)
    audit.record(
        org=org, actor=actor, subject=user, action=AuditEntry.Action.CREATE, summary=username
    )
    return user, password


@transaction.atomic
def password_reset(*, org: Organisation, actor: User, user: User) -> str:
    password = _new_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(
        org=org,
        actor=actor,
        subject=user,
        action=AuditEntry.Action.UPDATE,
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


def _unlockable(org: Organisation):
    """The logins `org`'s officers may unlock: a school's own logins; for a district, its own
    logins and its schools' chairs."""
    users = User.objects.filter(role_assignments__org=org)
    if not org.is_school:
        users = users | User.objects.filter(
            role_assignments__org__parent=org, role_assignments__role=Role.CHAIR
        )
    return users.distinct()


def locked_logins(*, org: Organisation) -> list[User]:
    """The logins of `org` (see _unlockable) refused now after too many wrong passwords."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    usernames = (
        AccessAttempt.objects.filter(attempt_time__gte=since, username__isnull=False)
        .values("username")
        .annotate(failures=models.Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )
    return list(_unlockable(org).filter(username__in=usernames).order_by("username"))


@transaction.atomic
def login_unlock(*, org: Organisation, actor: User, user: User) -> None:
    """Clear the failed logins recorded against `user`, so that they may log in again now."""
    from axes.utils import reset

    if not _unlockable(org).filter(pk=user.pk).exists():
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
def password_changed(*, user: User) -> None:
    """The user chose their own password: the one-time password is no longer in force."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
