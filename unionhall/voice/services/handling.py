"""Handling a suggestion once it is in: the guarded moves between its states (categorise, merge,
route, answer, publish) and the notices they send."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.backdate import not_before, stated_time
from unionhall.core.i18n import Msg
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send
from unionhall.orgs.capabilities import roles_with
from unionhall.orgs.roles import Role
from unionhall.voice.models import Category, Suggestion

State = Suggestion.State


# Which state a suggestion may move to from which: the only place these rules live.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.NEW: frozenset({State.ROUTED, State.ANSWERED, State.MERGED}),
    State.ROUTED: frozenset({State.ROUTED, State.ANSWERED, State.MERGED}),
    State.ANSWERED: frozenset({State.ANSWERED}),
    State.MERGED: frozenset(),
}


def _notify(user, kind: str, suggestion: Suggestion) -> None:
    """Tell `user` about `suggestion`: "routed" to them, or "answered" for its author.

    Runs after commit. Never called for anonymous authors: there is nobody to tell."""
    org_code = suggestion.org.code
    if kind == "routed":
        notice_send(
            org=suggestion.org,
            user=user,
            kind=Notice.Kind.ASSIGNED,
            title=Msg(
                gettext_noop("Suggestion “%(title)s” is yours to answer."), title=suggestion.title
            ),
            url=reverse("voice:inbox", kwargs={"org": org_code}),
        )
    else:
        notice_send(
            org=suggestion.org,
            user=user,
            kind=Notice.Kind.ANSWERED,
            title=Msg(
                gettext_noop("Your suggestion “%(title)s” has an answer."), title=suggestion.title
            ),
            url=reverse("voice:mine", kwargs={"org": org_code}),
        )


def _guard(suggestion: Suggestion, target: str) -> None:
    if target not in TRANSITIONS[suggestion.state]:
        raise ValidationError(
            _("A suggestion that is “%(state)s” cannot become “%(target)s”.")
            % {"state": suggestion.get_state_display(), "target": State(target).label}
        )


def _locked(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk, org_id=suggestion.org_id)


# Handling ---------------------------------------------------------------------------------------


def answerers(*, org):
    """Users who may be made responsible for a suggestion: those who hold `voice.answer` here,
    the school's leaders first (each marked `is_leader`), then the chair and the committee."""
    from unionhall.orgs.models import RoleAssignment, User

    leader = RoleAssignment.objects.filter(org=org, user=OuterRef("pk"), role=Role.LEADER)
    return (
        User.objects.filter(
            role_assignments__org=org, role_assignments__role__in=roles_with("voice.answer")
        )
        .distinct()
        .annotate(is_leader=Exists(leader))
        .order_by("-is_leader", "display_name", "username")
    )


@transaction.atomic
def suggestion_categorise(*, suggestion: Suggestion, actor, category: Category) -> Suggestion:
    locked = _locked(suggestion)
    if category.org_id != locked.org_id:
        raise ValidationError({"category": _("Choose one of this organisation's categories.")})
    audit.audited_update(
        locked, org=locked.org, actor=actor, fields=["category"], changes={"category": category}
    )
    return locked


@transaction.atomic
def suggestion_merge(*, suggestion: Suggestion, actor, original: Suggestion) -> Suggestion:
    """Mark `suggestion` as a duplicate of `original`; it then shares the original's answer."""
    locked = _locked(suggestion)
    if original.org_id != locked.org_id:
        raise ValidationError({"original": _("Choose a suggestion of this organisation.")})
    if original.state == State.MERGED:
        original = original.duplicate_of
    if original.pk == locked.pk:
        raise ValidationError({"original": _("A suggestion cannot be a duplicate of itself.")})
    _guard(locked, State.MERGED)
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["state"],
        changes={"state": State.MERGED, "duplicate_of": original},
        summary=Msg(gettext_noop("Merged into #%(pk)s"), pk=original.pk),
    )
    # Duplicates of this one follow it to the original.
    Suggestion.objects.filter(org_id=locked.org_id, duplicate_of=locked).update(
        duplicate_of=original
    )
    return locked


@transaction.atomic
def suggestion_route(
    *,
    suggestion: Suggestion,
    actor,
    assignee,
    routed_at: dt.datetime | None = None,
    notify: bool = True,
) -> Suggestion:
    """Make `assignee` responsible. `routed_at` is the day it was passed on, when entered later
    (now if not given; never in the future, nor before the suggestion was put in the box).
    `notify` False: the caller tells the assignee itself (once for a pile, `bulk`)."""
    locked = _locked(suggestion)
    if not answerers(org=locked.org).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("The responsible person must be a leader or committee member here.")}
        )
    _guard(locked, State.ROUTED)
    routed_at = stated_time(routed_at, field="routed_at")
    not_before(
        routed_at,
        locked.submitted_on,
        field="routed_at",
        message=_("%(date)s is before the suggestion was submitted (%(earlier)s)."),
    )
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["state", "assignee"],
        changes={"state": State.ROUTED, "assignee": assignee, "routed_at": routed_at},
    )
    if notify:
        transaction.on_commit(lambda: _notify(assignee, "routed", locked))
    return locked


@transaction.atomic
def suggestion_answer(
    *,
    suggestion: Suggestion,
    actor,
    answer: str,
    adopted: bool,
    manager: bool,
    answered_at: dt.datetime | None = None,
) -> Suggestion:
    """Answer a suggestion. Its responsible person may, and so may the committee (`manager`).
    `answered_at` is the day it was answered, when entered later (now if not given; never in
    the future, nor before it was passed on or submitted)."""
    locked = _locked(suggestion)
    if not manager and locked.assignee_id != actor.pk:
        raise ValidationError(_("Only the responsible person or the committee may answer this."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer before saving it.")})
    _guard(locked, State.ANSWERED)
    answered_at = stated_time(answered_at, field="answered_at")
    not_before(
        answered_at,
        locked.routed_at or locked.submitted_on,
        field="answered_at",
        message=_("%(date)s is before the suggestion reached its answerer (%(earlier)s)."),
    )
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["state", "answer", "adopted"],
        changes={
            "state": State.ANSWERED,
            "answer": answer,
            "adopted": adopted,
            "answered_by": actor,
            "answered_at": answered_at,
        },
    )
    if locked.author_id is not None:
        author = locked.author
        transaction.on_commit(lambda: _notify(author, "answered", locked))
    return locked


@transaction.atomic
def suggestion_publish(*, suggestion: Suggestion, actor, board: str) -> Suggestion:
    locked = _locked(suggestion)
    if board not in Suggestion.Board.values:
        raise ValidationError({"board": _("Choose where to publish the answer.")})
    if board and locked.state != State.ANSWERED:
        raise ValidationError(_("Only an answered suggestion can be published."))
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["board"],
        changes={"board": board, "published_at": timezone.now() if board else None},
    )
    return locked
