"""The proposal workflow as data: each state, the states it may move to, and who may move it.

    collecting ─► submitted ─► accepted ─────► answered ─► rated ─► done
                      │  └──► opinion ───────►    ▲  │
                      └──────► merged ◄─ accepted  │  └► reanswer (once)
                                                   └──────────┘

A move is allowed when the target is listed under the current state; the actor then needs the
capability written next to it. `Mover.SUBMITTER` adds that only a submitter of this proposal
(the first or a joint submitter) may make it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    COLLECTING = "collecting", _("Collecting co-signers")
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted, awaiting answer")
    OPINION = "opinion", _("Not accepted, answered as an opinion")
    MERGED = "merged", _("Merged into another proposal")
    ANSWERED = "answered", _("Answered, awaiting rating")
    REANSWER = "reanswer", _("Second answer requested")
    RATED = "rated", _("Being implemented")
    DONE = "done", _("Done")

    @classmethod
    def awaiting_answer(cls) -> frozenset[str]:
        return frozenset({cls.ACCEPTED, cls.OPINION, cls.REANSWER})

    @classmethod
    def closed(cls) -> frozenset[str]:
        return frozenset({cls.MERGED, cls.DONE})

    @classmethod
    def open(cls) -> frozenset[str]:
        return frozenset(cls) - cls.closed()


@dataclass(frozen=True)
class Move:
    capability: str
    submitter_only: bool = False


TRANSITIONS: dict[str, dict[str, Move]] = {
    State.COLLECTING: {State.SUBMITTED: Move("congress.submit")},
    State.SUBMITTED: {
        State.ACCEPTED: Move("congress.review"),
        State.OPINION: Move("congress.review"),
        State.MERGED: Move("congress.review"),
    },
    State.ACCEPTED: {
        State.ANSWERED: Move("congress.answer"),
        State.MERGED: Move("congress.review"),
    },
    State.OPINION: {State.ANSWERED: Move("congress.answer")},
    State.ANSWERED: {
        State.REANSWER: Move("congress.submit", submitter_only=True),
        State.RATED: Move("congress.submit", submitter_only=True),
    },
    State.REANSWER: {State.ANSWERED: Move("congress.answer")},
    State.RATED: {State.DONE: Move("congress.answer")},
    State.MERGED: {},
    State.DONE: {},
}


def allowed(from_state: str, to_state: str) -> Move | None:
    return TRANSITIONS.get(from_state, {}).get(to_state)
