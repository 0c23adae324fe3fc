"""Handling a pile of suggestions at once: route many to one handler, classify many, answer many
with one text. Each is one transaction over the single-suggestion moves of `handling`, so every
suggestion gets its own audit entry (old → new) and its own guard; one suggestion that may not
move refuses the whole pile, naming it by its number."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core.i18n import Msg
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send
from unionhall.voice.models import Category, Suggestion
from unionhall.voice.services.handling import (
    suggestion_answer,
    suggestion_categorise,
    suggestion_route,
)

# The most suggestions one request handles (a whole box of a year is well under it).
BULK_MAX = 500


def _pile(*, org, ids: Iterable[int]) -> list[Suggestion]:
    """The organisation's suggestions of these numbers, in number order; a number that is not
    this organisation's refuses the whole pile."""
    wanted = sorted(set(ids))
    if not wanted:
        raise ValidationError(_("Tick at least one suggestion."))
    if len(wanted) > BULK_MAX:
        raise ValidationError(
            _("At most %(n)s suggestions can be handled at once.") % {"n": BULK_MAX}
        )
    found = {s.pk: s for s in Suggestion.objects.filter(org=org, pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError(
            _("There is no suggestion #%(pk)s here.") % {"pk": ", #".join(map(str, missing))}
        )
    return [found[pk] for pk in wanted]


def _each(pile: list[Suggestion], move) -> list[Suggestion]:
    """Apply `move` to every suggestion; refuse the whole pile with every refusal named by its
    suggestion's number."""
    done, errors = [], []
    for suggestion in pile:
        try:
            done.append(move(suggestion))
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    _("Suggestion #%(pk)s: %(error)s") % {"pk": suggestion.pk, "error": message}
                )
    if errors:
        raise ValidationError(errors)
    return done


@transaction.atomic
def suggestions_route(
    *, org, actor, ids: Iterable[int], assignee, routed_at: dt.datetime | None = None
) -> list[Suggestion]:
    """Pass every suggestion of `ids` to `assignee` (a school leader or committee member), who
    is told once, with their number, rather than once per suggestion."""
    pile = _pile(org=org, ids=ids)
    done = _each(
        pile,
        lambda s: suggestion_route(
            suggestion=s, actor=actor, assignee=assignee, routed_at=routed_at, notify=False
        ),
    )
    url = reverse("voice:inbox", kwargs={"org": org.code})
    transaction.on_commit(
        lambda: notice_send(
            org=org,
            user=assignee,
            kind=Notice.Kind.ASSIGNED,
            title=Msg(gettext_noop("Suggestions passed to you to answer: %(n)s."), n=len(done)),
            url=url,
        )
    )
    return done


@transaction.atomic
def suggestions_categorise(
    *, org, actor, ids: Iterable[int], category: Category
) -> list[Suggestion]:
    """Put every suggestion of `ids` under `category`."""
    pile = _pile(org=org, ids=ids)
    return _each(
        pile, lambda s: suggestion_categorise(suggestion=s, actor=actor, category=category)
    )


@transaction.atomic
def suggestions_answer(
    *,
    org,
    actor,
    ids: Iterable[int],
    answer: str,
    adopted: bool,
    manager: bool,
    answered_at: dt.datetime | None = None,
) -> list[Suggestion]:
    """Give every suggestion of `ids` the same answer (the same adopted flag). A handler who is
    not on the committee (`manager` False) answers only the suggestions passed to them."""
    pile = _pile(org=org, ids=ids)
    return _each(
        pile,
        lambda s: suggestion_answer(
            suggestion=s,
            actor=actor,
            answer=answer,
            adopted=adopted,
            manager=manager,
            answered_at=answered_at,
        ),
    )
