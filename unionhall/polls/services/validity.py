"""Whether a poll's result may be published, in one place.

Two lists, each of (rule, message) pairs, the rule a short name a chair recognises:

- `void_reasons(poll)`: the rules the poll FAILED. A poll that fails one (too few took part, more
  ballots in the box than were issued) is invalid (无效): it is recorded with its reason, elects
  no one, calls for no runoff, and can be published only as invalid. It is no held poll in the
  summary, the plans' evidence or the archive. Judged at close and again when the ballot box is
  reconciled; the first reason is kept on the poll (`Poll.void_reason`).
- `publish_blockers(poll)`: what is still MISSING before the result can be published at all (the
  ballot box not reconciled, the second scrutineer's count, counts that differ, ballots not
  accounted for). Publishing is refused while the list is not empty, naming each rule; the poll
  page shows the list before the chair presses publish.

A new check is one more entry in one of the lists.
"""

from django.utils.translation import gettext as _

from unionhall.polls import rules as poll_rules
from unionhall.polls.models import Mode, PaperCount, Poll
from unionhall.polls.workflow import State


def rule_quorum() -> str:
    return _("Quorum")


def rule_box() -> str:
    return _("Ballot box reconciled")


def rule_counts() -> str:
    return _("Two matching counts")


def rule_accounted() -> str:
    return _("Every ballot accounted for")


def rule_sealed() -> str:
    return _("Sealed ballot box opened")


def _box(poll: Poll) -> PaperCount | None:
    return PaperCount.objects.filter(poll=poll).first()


def quorum_reason(poll: Poll) -> str:
    """Why the poll is inquorate, or "" (the quorum is met, or the rules have none)."""
    quorum = poll.rules.get("quorum")
    if not quorum or poll.entitled_count is None:
        return ""
    present, entitled = poll.present_count or 0, poll.entitled_count
    if poll_rules.quorum_met(present, entitled, quorum):
        return ""
    return _(
        "Only %(present)s of the %(entitled)s entitled took part: at least %(num)s/%(den)s "
        "must take part for the poll to stand."
    ) % {"present": present, "entitled": entitled, "num": quorum[0], "den": quorum[1]}


def void_reasons(poll: Poll, box: PaperCount | None = None) -> list[tuple[str, str]]:
    """The rules this closed poll failed: each makes it invalid (无效)."""
    reasons = []
    if reason := quorum_reason(poll):
        reasons.append((rule_quorum(), reason))
    if poll.mode == Mode.PAPER:
        box = box or _box(poll)
        if box is not None and not poll_rules.box_reconciles(
            issued=box.issued, returned=box.returned
        ):
            reasons.append(
                (
                    rule_box(),
                    _(
                        "%(returned)s ballots were returned but only %(issued)s issued: the poll "
                        "is void and must be held again."
                    )
                    % {"returned": box.returned, "issued": box.issued},
                )
            )
    return reasons


def _tally_lines(poll: Poll) -> dict[str, str]:
    """{tally key "o:<id>:<value>" or "q:<id>:<value>": what a scrutineer reads}."""
    labels = {}
    for question in poll.questions.prefetch_related("options"):
        rows = [(f"o:{o.pk}", f"{question.text} · {o.label}") for o in question.options.all()]
        for key, label in rows or [(f"q:{question.pk}", question.text)]:
            for value, point in poll_rules.SCALES[question.scale]:
                labels[f"{key}:{value}"] = f"{label} · {point}"
    return labels


def tally_differences(poll: Poll) -> list[tuple[str, int, int]]:
    """Where the first two scrutineers' counts differ: (line, first count, second count)."""
    from unionhall.polls.services.paper import _normalised

    tallies = [_normalised(t.counts) for t in poll.paper_tallies.order_by("entered_at", "id")[:2]]
    if len(tallies) < 2:
        return []
    first, second = tallies

    def flat(tally):
        return {f"{key}:{value}": n for key, values in tally.items() for value, n in values.items()}

    a, b = flat(first), flat(second)
    labels = _tally_lines(poll)
    # In the ballot's order (the labels are built in it), lines no longer on it last.
    order = [key for key in labels if key in a or key in b]
    order += sorted((set(a) | set(b)) - set(labels))
    return [
        (labels.get(key, key), a.get(key, 0), b.get(key, 0))
        for key in order
        if a.get(key, 0) != b.get(key, 0)
    ]


def _paper_blockers(poll: Poll) -> list[tuple[str, str]]:
    box = _box(poll)
    if box is None:
        return [
            (
                rule_box(),
                _(
                    "The scrutineers have not yet counted the ballot box (ballots issued, "
                    "returned, spoiled and not cast)."
                ),
            )
        ]
    blockers = []
    accounted = box.returned + box.spoiled + box.unused
    if box.returned <= box.issued and accounted != box.issued:
        blockers.append(
            (
                rule_accounted(),
                _(
                    "%(issued)s ballots were issued but %(accounted)s are accounted for "
                    "(%(returned)s returned, %(spoiled)s spoiled, %(unused)s not cast): count "
                    "the box again and correct the reconciliation."
                )
                % {
                    "issued": box.issued,
                    "accounted": accounted,
                    "returned": box.returned,
                    "spoiled": box.spoiled,
                    "unused": box.unused,
                },
            )
        )
    names = [t.scrutineer.name for t in poll.paper_tallies.select_related("scrutineer")]
    if not names:
        blockers.append((rule_counts(), _("No scrutineer has entered a count yet.")))
    elif len(names) == 1:
        blockers.append(
            (
                rule_counts(),
                _(
                    "Only %(name)s has entered a count: a second scrutineer must count the "
                    "ballots independently and enter the same figures."
                )
                % {"name": names[0]},
            )
        )
    elif differences := tally_differences(poll):
        blockers.append(
            (
                rule_counts(),
                _("The two counts differ on %(lines)s: count again and enter the counts again.")
                % {
                    "lines": "；".join(
                        f"{line} ({first} / {second})" for line, first, second in differences
                    )
                },
            )
        )
    return blockers


def _online_blockers(poll: Poll) -> list[tuple[str, str]]:
    if poll.box_sealed:
        return [
            (
                rule_sealed(),
                _(
                    "The ballots are still in the sealed box: two key holders open it at the "
                    "count, with their opening passphrases."
                ),
            )
        ]
    ballots, voted = poll.ballots.count(), poll.voted.count()
    if ballots == voted:
        return []
    return [
        (
            rule_accounted(),
            _(
                "The register shows %(voted)s voters but the box holds %(ballots)s ballots: the "
                "result cannot be published."
            )
            % {"voted": voted, "ballots": ballots},
        )
    ]


def publish_blockers(poll: Poll) -> list[tuple[str, str]]:
    """What must still be done before this poll's result can be published: [] when nothing.

    An invalid poll is published as invalid: nothing is counted, so nothing blocks it."""
    if poll.state != State.CLOSED or poll.void_reason:
        return []
    if poll.mode == Mode.PAPER:
        return _paper_blockers(poll)
    return _online_blockers(poll)
