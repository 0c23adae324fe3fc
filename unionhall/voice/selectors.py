"""Reads of the suggestion box. Every function takes the organisation."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from unionhall.voice.models import Category, Suggestion, Theme, VoiceSettings


@dataclass(frozen=True)
class SuggestionFilter:
    q: str = ""
    state: str = ""
    category: int | None = None
    channel: str = ""
    theme: int | None = None


def categories(*, org, active_only: bool = False) -> QuerySet[Category]:
    rows = Category.objects.filter(org=org)
    return rows.filter(active=True) if active_only else rows


def category_named(*, org, name: str) -> Category | None:
    """The organisation's category of this name (blanks around it ignored), if there is one."""
    return Category.objects.filter(org=org, name=name.strip()).first()


def suggestion_list(*, org, filters: SuggestionFilter = SuggestionFilter()) -> QuerySet[Suggestion]:
    rows = Suggestion.objects.filter(org=org).select_related(
        "category", "assignee", "author", "theme"
    )
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(body__icontains=filters.q))
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.category:
        rows = rows.filter(category_id=filters.category)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.theme:
        rows = rows.filter(theme_id=filters.theme)
    return rows


def suggestion_get(*, org, pk: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.select_related(
            "category", "assignee", "author", "answered_by", "duplicate_of", "theme"
        ),
        org=org,
        pk=pk,
    )


def state_counts(*, org) -> dict[str, int]:
    return dict(
        Suggestion.objects.filter(org=org)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )


def routed_to(*, org, user) -> QuerySet[Suggestion]:
    return (
        Suggestion.objects.filter(org=org, assignee=user, state=Suggestion.State.ROUTED)
        .select_related("category")
        .order_by("routed_at")
    )


def submitted_by(*, org, user) -> QuerySet[Suggestion]:
    """A member's own named suggestions (anonymous ones cannot be found again, by design)."""
    return Suggestion.objects.filter(org=org, author=user).select_related(
        "category", "duplicate_of"
    )


def board(*, org, public: bool) -> QuerySet[Suggestion]:
    """Published answers: the members' board shows both kinds, the public board only public."""
    boards = [Suggestion.Board.PUBLIC] if public else [Suggestion.Board.MEMBERS, "public"]
    return (
        Suggestion.objects.filter(org=org, state=Suggestion.State.ANSWERED, board__in=boards)
        .select_related("category", "author")
        .order_by("-published_at", "-id")
    )


def ungrouped(*, org, category: int | None = None) -> QuerySet[Suggestion]:
    """Suggestions the grouping helper should look at: not yet in a theme, not duplicates."""
    rows = (
        Suggestion.objects.filter(org=org, theme__isnull=True)
        .exclude(state=Suggestion.State.MERGED)
        .select_related("category")
        .order_by("id")
    )
    return rows.filter(category_id=category) if category else rows


def themes(*, org) -> QuerySet[Theme]:
    return Theme.objects.filter(org=org).annotate(size=Count("suggestions"))


def public_settings(*, org) -> VoiceSettings | None:
    return VoiceSettings.objects.filter(org=org).first()
