"""Reading mentoring: contracts, and each pair's progress against its targets.

A pair's progress counts the logs dated within its contract's term:
- lessons the mentor observed of the mentee, and the mentee of the mentor (each against the
  contract's `observations`);
- the mentee's open lessons, papers and reading notes.
"""

import dataclasses
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from unionhall.core.periods import Period

# Mentoring sits above honours in the layers: a mentor shares the mentees' honours.
from unionhall.honours.models import Level
from unionhall.honours.selectors import honours_of
from unionhall.members.models import Member
from unionhall.mentoring.models import (
    DEFAULT_OBSERVATIONS,
    DEFAULT_OPEN_LESSONS,
    DEFAULT_PAPERS,
    DEFAULT_READING_NOTES,
    Contract,
    Log,
    LogKind,
    MentoringSettings,
    Pair,
)

# The targets of a pair, in the order pages and documents show them:
# (key, label, the contract's target field, log kind, who did it, whose lesson).
TARGETS = (
    ("mentor_observed", _("Lessons the mentor observed"), "observations", LogKind.OBSERVATION),
    ("mentee_observed", _("Lessons the mentee observed"), "observations", LogKind.OBSERVATION),
    ("open_lessons", _("Open lessons"), "open_lessons", LogKind.OPEN_LESSON),
    ("papers", _("Papers"), "papers", LogKind.PAPER),
    ("reading_notes", _("Reading notes"), "reading_notes", LogKind.READING_NOTE),
)


def settings_of(org) -> MentoringSettings:
    """The organisation's default targets (unsaved defaults when never set)."""
    found = MentoringSettings.objects.filter(org=org).first()
    if found is None:
        found = MentoringSettings(
            org=org,
            observations=DEFAULT_OBSERVATIONS,
            open_lessons=DEFAULT_OPEN_LESSONS,
            papers=DEFAULT_PAPERS,
            reading_notes=DEFAULT_READING_NOTES,
        )
    return found


@dataclasses.dataclass
class TargetProgress:
    key: str
    label: str
    target: int
    done: int

    @property
    def shortfall(self) -> int:
        return max(0, self.target - self.done)


@dataclasses.dataclass
class Progress:
    pair: Pair
    targets: list[TargetProgress]

    @property
    def met(self) -> bool:
        return all(target.shortfall == 0 for target in self.targets)

    @property
    def shortfalls(self) -> list[TargetProgress]:
        return [target for target in self.targets if target.shortfall]


def _key_of(row: dict, mentor_id: int) -> tuple[str, int] | None:
    """Which target of which mentee one log counts for (None: it counts for no pair)."""
    kind, member, observed = row["kind"], row["member_id"], row["observed_id"]
    if kind == LogKind.OBSERVATION:
        if member == mentor_id:
            return "mentor_observed", observed
        if observed == mentor_id:
            return "mentee_observed", member
        return None
    key = {
        LogKind.OPEN_LESSON: "open_lessons",
        LogKind.PAPER: "papers",
        LogKind.READING_NOTE: "reading_notes",
    }[kind]
    return key, member


def progress_of(pairs: Iterable[Pair]) -> dict[int, Progress]:
    """Each pair's progress, by pair id: one grouped query over the logs of their contracts.
    The pairs come with their contract (select_related("contract"))."""
    pairs = list(pairs)
    contracts = {pair.contract_id: pair.contract for pair in pairs}
    done: Counter = Counter()
    if contracts:
        in_term = Q()
        for contract in contracts.values():
            in_term |= Q(
                contract_id=contract.pk, date__range=(contract.starts_on, contract.ends_on)
            )
        rows = (
            Log.objects.filter(in_term)
            .values("contract_id", "kind", "member_id", "observed_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            contract = contracts[row["contract_id"]]
            found = _key_of(row, contract.mentor_id)
            if found is not None:
                done[(row["contract_id"], *found)] += row["n"]
    shown = {}
    for pair in pairs:
        contract = pair.contract
        shown[pair.pk] = Progress(
            pair=pair,
            targets=[
                TargetProgress(
                    key=key,
                    label=str(label),
                    target=getattr(contract, field),
                    done=done[(contract.pk, key, pair.mentee_id)],
                )
                for key, label, field, _kind in TARGETS
            ],
        )
    return shown


def pair_progress(pair: Pair) -> Progress:
    return progress_of([pair])[pair.pk]


def pair_logs(pair: Pair) -> QuerySet[Log]:
    """The logs that count towards `pair`'s targets (dated within the term)."""
    contract = pair.contract
    return Log.objects.filter(
        Q(member=pair.mentee) | Q(member=contract.mentor, observed=pair.mentee),
        contract=contract,
        date__range=(contract.starts_on, contract.ends_on),
    ).select_related("member", "observed")


def contract_logs(contract: Contract) -> QuerySet[Log]:
    """Every log of the contract, with who logged it and who was observed."""
    return Log.objects.filter(contract=contract).select_related("member", "observed")


def contract_parties(*, org, contract: Contract) -> QuerySet[Member]:
    """The mentor and the mentees: whom a log may be by or about."""
    return Member.objects.filter(
        org=org,
        pk__in=[contract.mentor_id, *(pair.mentee_id for pair in contract.pairs.all())],
    ).select_related("department")


def contract_list(*, org, period: Period | None = None, member=None) -> QuerySet[Contract]:
    """The organisation's contracts whose term shares a day with `period`; with `member`, only
    those the member is a party to (mentor or mentee)."""
    contracts = Contract.objects.filter(org=org)
    if period is not None:
        contracts = contracts.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    if member is not None:
        contracts = contracts.filter(Q(mentor=member) | Q(pairs__mentee=member)).distinct()
    return contracts.select_related("mentor", "mentor__department").prefetch_related(
        "pairs__mentee", "pairs__assessment"
    )


def contract_get(*, org, pk: int) -> Contract:
    return (
        Contract.objects.select_related("mentor", "mentor__department", "org")
        .prefetch_related("pairs__mentee__department", "pairs__assessment")
        .get(org=org, pk=pk)
    )


def is_party(contract: Contract, member) -> bool:
    if member is None:
        return False
    return contract.mentor_id == member.pk or any(
        pair.mentee_id == member.pk for pair in contract.pairs.all()
    )


def pairs_of_member(member) -> QuerySet[Pair]:
    """Every pair the member is part of, as mentor or mentee, newest term first."""
    return (
        Pair.objects.filter(Q(contract__mentor=member) | Q(mentee=member), org=member.org_id)
        .select_related("contract", "contract__mentor", "mentee", "assessment")
        .order_by("-contract__starts_on", "id")
    )


@dataclasses.dataclass(frozen=True)
class SharedHonour:
    mentee: str
    title: str
    level: str
    rank: str
    awarded_on: object


def shared_honours(member) -> list[SharedHonour]:
    """The honours at district (区/县) level or higher that the member's mentees won during
    their contract's term: a mentor shares them (domain facts B-12), so they show on the
    mentor's page too."""
    found = []
    pairs = Pair.objects.filter(contract__mentor=member, org=member.org_id).select_related(
        "contract", "mentee"
    )
    for pair in pairs:
        contract = pair.contract
        for honour in honours_of(pair.mentee, min_level=Level.COUNTY).filter(
            awarded_on__range=(contract.starts_on, contract.ends_on)
        ):
            found.append(
                SharedHonour(
                    mentee=pair.mentee.name,
                    title=honour.title,
                    level=honour.get_level_display(),
                    rank=honour.get_rank_display() if honour.rank else "",
                    awarded_on=honour.awarded_on,
                )
            )
    return found
