"""What waits on the home page from polls: votes open to one, counts and scores to enter."""

from django.urls import reverse
from django.utils.translation import gettext as _

from unionhall.core.today import Waiting, waiting
from unionhall.polls import selectors
from unionhall.polls.models import Judge, Mode, Poll, SelectionState
from unionhall.polls.workflow import State


def _url(request, name, pk) -> str:
    return reverse(name, kwargs={"org": request.org.code, "pk": pk})


@waiting("polls.vote", capability="polls.vote", order=5)
def votes_open_to_me(request, today):
    rows = selectors.open_polls_for_user(org=request.org, user=request.user)
    return [
        Waiting(
            _("Vote: %(title)s") % {"title": poll.title},
            _url(request, "polls:vote", poll.pk),
            due=poll.held_on,
        )
        for poll in rows
        if not poll.has_voted
    ]


@waiting("polls.scrutinise", capability="polls.scrutinise", order=6)
def counts_waiting(request, today):
    """Closed polls on paper for which this scrutineer has not entered their tally yet."""
    rows = (
        Poll.objects.filter(
            org=request.org, state=State.CLOSED, mode=Mode.PAPER, scrutineers__user=request.user
        )
        .exclude(paper_tallies__scrutineer__user=request.user)
        .only("pk", "title", "held_on")
    )
    return [
        Waiting(
            _("Enter your count of the paper ballots: %(title)s") % {"title": poll.title},
            _url(request, "polls:tally", poll.pk),
            due=poll.held_on,
        )
        for poll in rows
    ]


@waiting("polls.judge", capability="polls.vote", order=7)
def scores_waiting(request, today):
    rows = Judge.objects.filter(
        org=request.org,
        user=request.user,
        scored_at__isnull=True,
        selection__state=SelectionState.SCORING,
    ).select_related("selection")
    return [
        Waiting(
            _("Score the nominees as a judge: %(title)s") % {"title": judge.selection.title},
            _url(request, "polls:selection_scores", judge.selection_id),
        )
        for judge in rows
    ]


@waiting("polls.codes", capability="polls.manage", order=8)
def code_polls_open(request, today):
    """Open polls voted with one-time codes (students, parents): their slips to hand out."""
    rows = Poll.objects.filter(org=request.org, state=State.OPEN, mode=Mode.CODES).only(
        "pk", "title", "held_on"
    )
    return [
        Waiting(
            _("Open with one-time codes: %(title)s (print and hand out the slips)")
            % {"title": poll.title},
            _url(request, "polls:codes", poll.pk),
            due=poll.held_on,
        )
        for poll in rows
    ]
