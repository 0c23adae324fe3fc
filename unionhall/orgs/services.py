"""Writes to users and roles. Each is atomic and audited."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
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
    user = User.objects.create_user(username=username, password=password, display_name=display_name)
    RoleAssignment.objects.create(user=user, org=org, role=Role.MEMBER)
    audit.record(
        org=org, actor=actor, subject=user, action=AuditEntry.Action.CREATE, summary=username
    )
    return user, password


@transaction.atomic
def password_reset(*, org: Organisation, actor: User, user: User) -> str:
    password = _new_password()
    user.set_password(password)
    user.save(update_fields=["password"])
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
