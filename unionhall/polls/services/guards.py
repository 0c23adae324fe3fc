"""The checks every poll write shares: the actor's roles, the rows belonging to the organisation,
the poll still a draft, and the poll row locked."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from unionhall.orgs.models import RoleAssignment
from unionhall.polls.models import Poll
from unionhall.polls.workflow import State


def _roles(org, user) -> frozenset[str]:
    return frozenset(
        RoleAssignment.objects.filter(org=org, user=user).values_list("role", flat=True)
    )


def _same_org(org, *rows) -> None:
    for row in rows:
        if row is not None and row.org_id != org.pk:
            raise ValidationError(_("That record belongs to another organisation."))


def _draft(poll: Poll) -> None:
    if poll.state != State.DRAFT:
        raise ValidationError(
            _("This poll is “%(state)s”: its questions and candidates can no longer change.")
            % {"state": State(poll.state).label}
        )


def _locked(org, poll: Poll) -> Poll:
    try:
        return Poll.objects.select_for_update().select_related("org").get(org=org, pk=poll.pk)
    except Poll.DoesNotExist:
        raise ValidationError(_("No such poll in this organisation.")) from None
