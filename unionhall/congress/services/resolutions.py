"""Writes for a session's resolutions and their tally."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import Representative, Resolution, Session
from unionhall.congress.services.rules import rules_for
from unionhall.core import audit
from unionhall.core.backdate import not_before, stated_time
from unionhall.core.i18n import Msg

# Resolutions -------------------------------------------------------------------------------


@transaction.atomic
def resolution_create(
    *, org, actor, session: Session, title: str, description: str = "", document=None
) -> Resolution:
    if session.org_id != org.pk:
        raise ValidationError(_("That session belongs to another organisation."))
    if not title.strip():
        raise ValidationError({"title": _("This field is required.")})
    return audit.audited_create(
        Resolution(
            org=org,
            session=session,
            title=title.strip(),
            description=description.strip(),
            document=document or "",
        ),
        org=org,
        actor=actor,
        summary=title,
    )


@transaction.atomic
def resolution_tally(
    *,
    org,
    actor,
    resolution: Resolution,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    tallied_at: dt.datetime | None = None,
) -> Resolution:
    """The chair enters the tally. It passes with more than the configured share (half by
    default) of ALL serving representatives of the term, not of those voting. `tallied_at` is
    when the congress voted, when typed in later from the paper tally (now if not given; never
    in the future, nor before the session was held)."""
    resolution = (
        Resolution.objects.select_for_update()
        .select_related("session")
        .get(org=org, pk=resolution.pk)
    )
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationError(_("Vote counts cannot be negative."))
    electorate = Representative.objects.filter(
        org=org, term_id=resolution.session.term_id, is_active=True
    ).count()
    cast = votes_for + votes_against + votes_abstain
    if cast > electorate:
        raise ValidationError(
            _("%(cast)s votes were entered but the term has only %(total)s representatives.")
            % {"cast": cast, "total": electorate}
        )
    tallied_at = stated_time(tallied_at, field="tallied_at")
    not_before(
        tallied_at,
        resolution.session.held_on,
        field="tallied_at",
        message=_("%(date)s is before the session was held (%(earlier)s)."),
    )
    rules = rules_for(org)
    audit.audited_update(
        resolution,
        org=org,
        actor=actor,
        fields=["votes_for", "votes_against", "votes_abstain", "passed"],
        changes={
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
            "electorate": electorate,
            "passed": votes_for * rules.pass_denominator > electorate * rules.pass_numerator,
            "tallied_by": actor,
            "tallied_at": tallied_at,
        },
        summary=Msg(gettext_noop("Tally entered")),
    )
    return resolution
