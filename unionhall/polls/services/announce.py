"""What the bell says about polls and selections, sent once the change commits: a vote opened
to you, you were named scrutineer or judge, a selection's public notice (公示) started."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from unionhall.core.i18n import Msg
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send_on_commit, notices_send_many_on_commit
from unionhall.orgs.models import RoleAssignment
from unionhall.polls.models import Poll, PollVoter


def announce_vote_open(*, org, poll: Poll) -> None:
    """Everyone on the roll with a login: the vote is open to them (once per poll)."""
    notices_send_many_on_commit(
        org=org,
        user_ids=lambda: PollVoter.objects.filter(poll=poll, user__isnull=False).values_list(
            "user_id", flat=True
        ),
        kind=Notice.Kind.ASSIGNED,
        title=Msg(gettext_noop("The vote “%(title)s” is open to you."), title=poll.title),
        url=reverse("polls:vote", kwargs={"org": org.code, "pk": poll.pk}),
        key=f"poll-open-{poll.pk}",
    )


def announce_scrutineer(*, org, poll: Poll, user) -> None:
    notice_send_on_commit(
        org=org,
        user=user,
        kind=Notice.Kind.ASSIGNED,
        title=Msg(gettext_noop("You were named scrutineer of “%(title)s”."), title=poll.title),
        url=reverse("polls:detail", kwargs={"org": org.code, "pk": poll.pk}),
        key=f"poll-scrutineer-{poll.pk}",
    )


def announce_judge(*, org, selection, user) -> None:
    notice_send_on_commit(
        org=org,
        user=user,
        kind=Notice.Kind.ASSIGNED,
        title=Msg(
            gettext_noop("You were named judge of the selection “%(title)s”."),
            title=selection.title,
        ),
        url=reverse("polls:selection_scores", kwargs={"org": org.code, "pk": selection.pk}),
        key=f"selection-judge-{selection.pk}",
    )


def announce_notice(*, org, selection) -> None:
    """Everyone holding a role in the school: the selection's result is on public notice until
    its last day, when objections close."""
    notices_send_many_on_commit(
        org=org,
        user_ids=lambda: (
            RoleAssignment.objects.filter(org=org).values_list("user_id", flat=True).distinct()
        ),
        kind=Notice.Kind.INFO,
        title=Msg(
            gettext_noop(
                "The selection “%(title)s” is on public notice until %(end)s: read it and "
                "object by then if you must."
            ),
            title=selection.title,
            end=selection.notice_ends_on,
        ),
        # Members read who is on notice in the decision vote's published result (the
        # selection's own page is the committee's).
        url=reverse("polls:results", kwargs={"org": org.code, "pk": selection.poll_id}),
        key=f"selection-notice-{selection.pk}",
    )
