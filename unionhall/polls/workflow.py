"""The poll lifecycle as data: each state, the states it may move to, and the capability a move
needs.

    draft ─► open ─► closed ─► published
      ▲        │
      └────────┘ (back to draft only while no one has voted)

Opening freezes the roll of those entitled (应到); closing takes the snapshot of who was entitled,
present and voted (never how); publishing makes the result visible to everyone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # The state reads "voting" (投票中); the button that moves a poll there says "open for voting".
    OPEN = "open", pgettext_lazy("poll state", "Open for voting")
    CLOSED = "closed", _("Closed, being counted")
    PUBLISHED = "published", _("Result published")


TRANSITIONS: dict[str, dict[str, str]] = {
    State.DRAFT: {State.OPEN: "polls.manage"},
    State.OPEN: {State.CLOSED: "polls.manage", State.DRAFT: "polls.manage"},
    State.CLOSED: {State.PUBLISHED: "polls.manage"},
    State.PUBLISHED: {},
}


def allowed(from_state: str, to_state: str) -> str | None:
    """The capability the move needs, or None when the move is not in the table."""
    return TRANSITIONS.get(from_state, {}).get(to_state)
