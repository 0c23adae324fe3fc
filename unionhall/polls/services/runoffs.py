"""A runoff: a new poll for the seats a counted poll left unfilled."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.polls.models import Poll
from unionhall.polls.services.guards import _locked, _same_org
from unionhall.polls.services.setup import poll_create, question_add
from unionhall.polls.services.validity import publish_blockers
from unionhall.polls.workflow import State

# Runoffs ----------------------------------------------------------------------------------------


@transaction.atomic
def runoff_create(*, org, actor, poll: Poll, held_on: dt.date | None = None) -> Poll:
    """A new poll linked to `poll`, asking again only for the bodies whose seats were not all
    filled, with the candidates the rule chooses (the tied, or the best of the others).

    Only when the result calls for one, and only once: under the poll's row lock, a runoff that
    already exists is returned instead of a second one (pressing the button twice)."""
    from unionhall.polls.selectors import election_outcomes

    _same_org(org, poll)
    poll = _locked(org, poll)
    if poll.state not in (State.CLOSED, State.PUBLISHED) or poll.void_reason:
        raise ValidationError(_("A runoff follows a counted poll that stands."))
    if blockers := publish_blockers(poll):
        raise ValidationError(_("The result is not final yet: %(why)s") % {"why": blockers[0][1]})
    existing = poll.runoffs.order_by("id").first()
    if existing is not None:
        return existing
    needing = [(q, o) for q, o in election_outcomes(poll) if o.needs_runoff]
    if not needing:
        raise ValidationError(_("Every seat was filled or left vacant: no runoff is needed."))
    runoff = poll_create(
        org=org,
        actor=actor,
        kind=poll.kind,
        mode=poll.mode,
        title=_("%(title)s (runoff)") % {"title": poll.title},
        held_on=held_on or timezone.localdate(),
        rules=poll.rules | {"surplus_percent": 0},
        runoff_of=poll,
    )
    for question, outcome in needing:
        question_add(
            org=org,
            actor=actor,
            poll=runoff,
            text=question.text,
            scale=question.scale,
            seats=outcome.runoff_seats,
            rules=question.rules | {"surplus_percent": 0},
            candidates=[o.member or o.label for o in outcome.runoff_candidates],
        )
    return runoff
