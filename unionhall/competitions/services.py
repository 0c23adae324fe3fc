"""Writes of competitions: the prize table, entries, judges' scores, ranking and publishing.

Publishing the results is one transaction: the prize rules are checked (refused with the rule
named unless the chair overrides with a reason), each prize becomes an `Award`, its money posts
to the funds ledger under the activity's budget line (`funds.services.ledger_post`) and its
winner goes into the honours register (`honours.services.honour_record`, source=competition,
linked to the award).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.competitions import rules
from unionhall.competitions.models import (
    Award,
    Competition,
    CompetitionPolicy,
    Entry,
    PrizeTier,
    Score,
    Scoring,
)
from unionhall.competitions.selectors import active_entries, award_share
from unionhall.core import audit, versions
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.money import validate_amount
from unionhall.funds.services import ledger_post
from unionhall.honours.models import RANK_ORDER, Level, Rank, Source
from unionhall.honours.services import honour_record
from unionhall.members.models import Member
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment

MAX_SCORE = Decimal("1000")


class PrizeRuleBroken(ValidationError):
    """The prizes break the prize rules; the chair may override with a reason."""

    def __init__(self, broken: list[rules.Breach]):
        self.broken = [str(b) for b in broken]
        self.rules = [b.rule for b in broken]
        super().__init__(self.broken)


def _may_override(*, org, actor) -> bool:
    roles = frozenset(
        RoleAssignment.objects.filter(user=actor, org=org).values_list("role", flat=True)
    )
    return allows(roles, "competitions.override")


def _open(competition: Competition) -> Competition:
    """The competition, locked, while its results are not yet published."""
    competition = Competition.objects.select_for_update().get(
        pk=competition.pk, org_id=competition.org_id
    )
    if competition.is_published:
        raise ValidationError(_("The results are published; the competition can no longer change."))
    return competition


@transaction.atomic
def competition_policy_set(
    *, org, actor, numerator: int, denominator: int, source: str = ""
) -> CompetitionPolicy:
    """Set the award share: prize winners may be at most numerator/denominator of the
    entrants (e.g. 1/3 or 2/3, as the province's rules say)."""
    if not (0 < numerator <= denominator):
        raise ValidationError(
            {"numerator": _("The award share is a fraction between 0 and 1, such as 2/3.")}
        )
    policy, created = CompetitionPolicy.objects.select_for_update().get_or_create(
        org=org,
        defaults={"award_share_numerator": numerator, "award_share_denominator": denominator},
    )
    audit.audited_update(
        policy,
        org=org,
        actor=actor,
        fields=("award_share", "source"),
        changes={
            "award_share_numerator": numerator,
            "award_share_denominator": denominator,
            "source": source.strip()[:200],
        },
        created=created,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=Msg(
            gettext_noop("Award share set to %(share)s"), share=f"{numerator}/{denominator}"
        ),
    )
    return policy


def _checked_prizes(prizes: Sequence[dict]) -> list[dict]:
    """The prize table's lines in rank order, each rank once, places > 0, amounts in cents."""
    checked, seen = [], set()
    for line in prizes:
        rank = line.get("rank") or ""
        if rank not in Rank.values or not rank:
            raise ValidationError({"prizes": _("Choose the prize of each line of the table.")})
        if rank in seen:
            raise ValidationError(
                {"prizes": _("%(prize)s is in the table twice.") % {"prize": Rank(rank).label}}
            )
        seen.add(rank)
        places = int(line.get("places") or 0)
        if places < 1:
            raise ValidationError(
                {"prizes": _("%(prize)s needs at least one place.") % {"prize": Rank(rank).label}}
            )
        amount = line.get("amount") or Decimal("0")
        amount = validate_amount(Decimal(str(amount)), allow_zero=True)
        gift = (line.get("gift") or "").strip()[:100]
        checked.append({"rank": rank, "places": places, "amount": amount, "gift": gift})
    return sorted(checked, key=lambda line: RANK_ORDER.index(Rank(line["rank"])))


@transaction.atomic
def prize_table_set(*, competition: Competition, actor, prizes: Sequence[dict]) -> list[PrizeTier]:
    """Set the prize table: lines of {"rank", "places", "amount" (each), "gift" (each)}, e.g.
    一等奖 ×1 at 500.00, 二等奖 ×2 at 300.00. Lines for ranks no longer in the table are
    removed, and the entries given those prizes lose them (the results are not published)."""
    competition = _open(competition)
    lines = _checked_prizes(prizes)
    before = _prize_table_text(_tiers(competition))
    kept = []
    for order, line in enumerate(lines):
        tier, _created = PrizeTier.objects.update_or_create(
            competition=competition,
            rank=line["rank"],
            defaults={
                "org_id": competition.org_id,
                "places": line["places"],
                "amount": line["amount"],
                "gift": line["gift"],
                "order": order,
            },
        )
        kept.append(tier)
    gone = PrizeTier.objects.filter(competition=competition).exclude(pk__in=[t.pk for t in kept])
    Entry.objects.filter(tier__in=gone).update(tier=None)
    gone.delete()
    audit.record(
        org=competition.org,
        actor=actor,
        subject=competition,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("Prize table: %(table)s"), table=_prize_table_text(kept)),
        changes={"prizes": [before, _prize_table_text(kept)]},
    )
    return kept


def _prize_table_text(tiers: Sequence[PrizeTier]) -> str:
    return "、".join(
        f"{Rank(t.rank).label}×{t.places}"
        + (f" {t.amount}" if t.amount else "")
        + (f" {t.gift}" if t.gift else "")
        for t in tiers
    )


@transaction.atomic
def competition_create(
    *,
    org,
    actor,
    activity,
    scoring: str = Scoring.TRIMMED,
    trim: int = 1,
    level: int = Level.SCHOOL,
    awarding_body: str = "",
    prizes: Sequence[dict] = (),
) -> Competition:
    """Make `activity` (activities.Activity, of this organisation) a competition, with its
    scoring (judges' mean, trimmed mean, or results entered directly), the level its prizes
    are recorded at in the honours register, and its prize table."""
    if activity.org_id != org.pk:
        raise ValidationError({"activity": _("This activity is not this organisation's.")})
    if Competition.objects.filter(activity=activity).exists():
        raise ValidationError({"activity": _("This activity is already a competition.")})
    if scoring not in Scoring.values:
        raise ValidationError({"scoring": _("Choose how the entries are scored.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose the level of the honour.")})
    competition = audit.audited_create(
        Competition(
            org=org,
            activity=activity,
            scoring=scoring,
            trim=trim if scoring == Scoring.TRIMMED else 0,
            level=level,
            awarding_body=awarding_body.strip()[:200],
            created_by=actor,
        ),
        org=org,
        actor=actor,
        summary=Msg(gettext_noop("Competition: %(title)s"), title=activity.title),
    )
    if prizes:
        prize_table_set(competition=competition, actor=actor, prizes=prizes)
    return competition


@transaction.atomic
def entry_add(
    *,
    competition: Competition,
    actor,
    member: Member | None = None,
    team_name: str = "",
    team_members: Iterable[Member] = (),
    piece: str = "",
) -> Entry:
    """Enter one member, or a team (its name and members)."""
    competition = _open(competition)
    team_name = team_name.strip()
    if (member is None) == (not team_name):
        raise ValidationError(
            {"member": _("Enter either a member or a team (its name), not both.")}
        )
    team = list(team_members) if team_name else []
    if any(m.org_id != competition.org_id for m in ([member] if member else team)):
        raise ValidationError({"member": _("This member is not on this organisation's register.")})
    if member is not None and active_entries(competition).filter(member=member).exists():
        raise ValidationError(
            {"member": _("%(name)s has already entered.") % {"name": member.name}}
        )
    entry = Entry.objects.create(
        org_id=competition.org_id,
        competition=competition,
        member=member,
        team_name=team_name[:100],
        piece=piece.strip()[:200],
        entered_by=actor,
    )
    if team:
        entry.team_members.set(team)
    audit.record(
        org=competition.org,
        actor=actor,
        subject=competition,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Entry: %(entrant)s"), entrant=entry.entrant),
    )
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor) -> Entry:
    """Withdraw an entry before the results: kept, no longer counted or ranked."""
    _open(entry.competition)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.withdrawn_at:
        raise ValidationError(_("This entry has already been withdrawn."))
    entry.withdrawn_at = timezone.now()
    entry.tier = None
    entry.place = None
    entry.save(update_fields=["withdrawn_at", "tier", "place"])
    audit.record(
        org=entry.competition.org,
        actor=actor,
        subject=entry.competition,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Entry withdrawn: %(entrant)s"), entrant=entry.entrant),
    )
    return entry


def _score(value, *, field: str = "score") -> Decimal:
    try:
        score = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("A score is a number such as 92.5.")}) from None
    if score < 0 or score > MAX_SCORE:
        raise ValidationError({field: _("A score is between 0 and 1000.")})
    return score


@transaction.atomic
def score_record(*, entry: Entry, actor, judge: str, score) -> Score:
    """One judge's score for one entry; a judge who scores again replaces their score."""
    competition = _open(entry.competition)
    if competition.scoring == Scoring.DIRECT:
        raise ValidationError(_("This competition takes its results directly, not from judges."))
    if entry.withdrawn_at:
        raise ValidationError(_("This entry has been withdrawn."))
    judge = judge.strip()[:50]
    if not judge:
        raise ValidationError({"judge": _("Name the judge.")})
    score = _score(score)
    row, _created = Score.objects.update_or_create(
        entry=entry,
        judge=judge,
        defaults={"org_id": entry.org_id, "score": score, "recorded_by": actor},
    )
    return row


@transaction.atomic
def entry_score_set(*, entry: Entry, actor, score) -> Entry:
    """A result entered directly: the entry's score or mark."""
    competition = _open(entry.competition)
    if competition.scoring != Scoring.DIRECT:
        raise ValidationError(_("This competition's scores come from its judges."))
    _entry_changed(entry, actor, {"score": None if score in (None, "") else _score(score)})
    return entry


def _entry_changed(entry: Entry, actor, changes: dict) -> None:
    """Set an entry's score or prize by hand, in the competition's history (old → new)."""
    competition = entry.competition
    audit.audited_update(
        entry,
        org=competition.org,
        actor=actor,
        fields=tuple(changes),
        changes=changes,
        subject=competition,
        summary=Msg(gettext_noop("Entry: %(entrant)s"), entrant=entry.entrant),
    )


def _tiers(competition: Competition) -> list[PrizeTier]:
    return sorted(
        PrizeTier.objects.filter(competition=competition),
        key=lambda t: RANK_ORDER.index(Rank(t.rank)),
    )


@transaction.atomic
def results_rank(*, competition: Competition, actor) -> list[Entry]:
    """Work out each entry's score (the judges' mean or trimmed mean) and place, and propose
    the prizes in place order, as many as the prize table and both prize rules allow. The
    proposal may be changed entry by entry (`entry_prize_set`) before publishing."""
    competition = _open(competition)
    entries = list(active_entries(competition).prefetch_related("scores").order_by("id"))
    if competition.scoring != Scoring.DIRECT:
        for entry in entries:
            entry.score = rules.final_score(
                [s.score for s in entry.scores.all()],
                trim=competition.trim if competition.scoring == Scoring.TRIMMED else 0,
            )
    for entry, place in zip(entries, rules.places_of([e.score for e in entries]), strict=True):
        entry.place = place
        entry.tier = None
    tiers = _tiers(competition)
    most = rules.most_prizes(
        entries=len(entries),
        places=sum(t.places for t in tiers),
        share=award_share(competition.org),
    )
    placed = sorted((e for e in entries if e.place is not None), key=lambda e: (e.place, e.id))
    slots = [tier for tier in tiers for _n in range(tier.places)][:most]
    for entry, tier in zip(placed, slots, strict=False):
        entry.tier = tier
    Entry.objects.bulk_update(entries, ["score", "place", "tier"])
    versions.bump(competition.org_id, "competitions")  # a bulk update sends no signal
    return entries


@transaction.atomic
def entry_prize_set(*, entry: Entry, actor, tier: PrizeTier | None) -> Entry:
    """Give an entry a prize from the table, or none (before publishing)."""
    competition = _open(entry.competition)
    if tier is not None and tier.competition_id != competition.pk:
        raise ValidationError({"tier": _("This prize is not in this competition's table.")})
    if entry.withdrawn_at:
        raise ValidationError(_("This entry has been withdrawn."))
    _entry_changed(entry, actor, {"tier": tier})
    return entry


def prize_breaches(competition: Competition) -> list[rules.Breach]:
    """The prize rules the prizes given so far break."""
    entries = list(active_entries(competition).select_related("tier"))
    tiers = _tiers(competition)
    given: dict[int, int] = {}
    for entry in entries:
        if entry.tier_id:
            given[entry.tier_id] = given.get(entry.tier_id, 0) + 1
    over = {
        str(t.get_rank_display()): (given[t.pk], t.places)
        for t in tiers
        if given.get(t.pk, 0) > t.places
    }
    return rules.breaches(
        entries=len(entries),
        places=sum(t.places for t in tiers),
        winners=sum(given.values()),
        share=award_share(competition.org),
        over_table=over,
    )


def _prize_title(competition: Competition) -> str:
    return competition.activity.title


@transaction.atomic
def results_publish(
    *,
    competition: Competition,
    actor,
    awarded_on: dt.date | None = None,
    override_reason: str = "",
) -> list[Award]:
    """Publish the results: each prize given becomes an Award; money prizes post to the
    ledger under the activity's budget line; each winner goes into the honours register.

    Refused, changing nothing, when the prizes break a prize rule (PrizeRuleBroken, each rule
    named) unless `override_reason` is given by someone who may override (the chair); the
    override is kept on the competition and in its history. Also refused by the budget
    policy of the funds, as any expense is."""
    competition = _open(competition)
    activity = competition.activity
    awarded_on = stated_date(
        awarded_on or min(activity.ends_on, timezone.localdate()), field="awarded_on"
    )
    entries = list(
        active_entries(competition)
        .filter(tier__isnull=False)
        .select_related("tier", "member")
        .prefetch_related("team_members")
        .order_by("place", "id")
    )
    if not entries:
        raise ValidationError(_("No prizes have been given: rank the entries first."))
    override_reason = override_reason.strip()
    broken = prize_breaches(competition)
    if broken:
        if not override_reason:
            raise PrizeRuleBroken(broken)
        if not _may_override(org=competition.org, actor=actor):
            raise ValidationError(
                [*map(str, broken), _("Only the union chair may override the prize rules.")]
            )
    org = competition.org
    body = competition.awarding_body or org.name
    awards = []
    for entry in entries:
        tier = entry.tier
        award = Award.objects.create(
            org=org,
            competition=competition,
            entry=entry,
            tier=tier,
            rank=tier.rank,
            place=entry.place,
            amount=tier.amount,
            gift=tier.gift,
            awarded_on=awarded_on,
        )
        if tier.amount:
            award.ledger_entry = ledger_post(
                org=org,
                actor=actor,
                category=activity.budget_category,
                amount=tier.amount,
                date=awarded_on,
                memo=_("Prize: %(title)s %(prize)s, %(winner)s")
                % {
                    "title": activity.title,
                    "prize": tier.get_rank_display(),
                    "winner": entry.entrant,
                },
                source=award,
            )
            award.save(update_fields=["ledger_entry"])
        holder = (
            {"member": entry.member}
            if entry.member_id
            else {"team_name": entry.team_name, "team_members": entry.team_members.all()}
        )
        honour_record(
            org=org,
            actor=actor,
            title=_prize_title(competition),
            level=competition.level,
            rank=tier.rank,
            body=body,
            awarded_on=awarded_on,
            source=Source.COMPETITION,
            source_record=award,
            **holder,
        )
        awards.append(award)
    competition.state = Competition.State.PUBLISHED
    competition.published_at = timezone.now()
    competition.published_by = actor
    competition.awarded_on = awarded_on
    if broken:
        competition.override_reason = override_reason
        competition.overridden_rules = "\n".join(map(str, broken))
        competition.overridden_by = actor
    competition.save()
    audit.record(
        org=org,
        actor=actor,
        subject=competition,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Results published: %(count)s prizes"), count=len(awards)),
    )
    if broken:
        audit.record(
            org=org,
            actor=actor,
            subject=competition,
            action=AuditEntry.Action.EVENT,
            summary=Msg(gettext_noop("Prize rules overridden: %(reason)s"), reason=override_reason),
            changes={"rules": ["", competition.overridden_rules]},
        )
    return awards


# Many at once: entries from a list of names, a judge's scores in one grid ------------------------


def _line_errors(errors: list[str]) -> None:
    if errors:
        raise ValidationError(errors)


def _entry_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number from 1, name, piece) of each line that is not blank: a name, then, after a
    tab, a comma or "，", the piece or topic (as pasted from a spreadsheet or typed)."""
    lines = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for separator in ("\t", "，", ","):
            if separator in line:
                name, piece = line.split(separator, 1)
                break
        else:
            name, piece = line, ""
        lines.append((n, name.strip(), piece.strip()))
    return lines


@transaction.atomic
def entries_add_many(
    *, competition: Competition, actor, names_text: str = "", members: Iterable[Member] = ()
) -> list[Entry]:
    """Enter many members at once: the lines of `names_text` (a name a line, the piece after a
    tab or comma) and the `members` picked. A name not on the register, on it twice, already
    entered or listed twice refuses the whole list, each refusal naming its line."""
    competition = _open(competition)
    lines, members = _entry_lines(names_text), list(members)
    if not lines and not members:
        raise ValidationError(_("Paste at least one name, or pick members."))
    register: dict[str, list[Member]] = {}
    for member in Member.objects.filter(org_id=competition.org_id).only("pk", "org_id", "name"):
        register.setdefault(member.name, []).append(member)
    entered = set(active_entries(competition).exclude(member=None).values_list("member", flat=True))
    wanted: list[tuple[Member, str]] = []
    seen: dict[int, str] = {}
    errors = []
    for n, name, piece in lines:
        found = register.get(name, [])
        where = _("Line %(n)s") % {"n": n}
        if not found:
            errors.append(
                _("%(where)s: no member named %(name)s is on the register.")
                % {"where": where, "name": name}
            )
            continue
        if len(found) > 1:
            errors.append(
                _("%(where)s: %(count)s members are named %(name)s: pick the one meant instead.")
                % {"where": where, "count": len(found), "name": name}
            )
            continue
        member = found[0]
        if member.pk in entered:
            errors.append(
                _("%(where)s: %(name)s has already entered.") % {"where": where, "name": name}
            )
        elif member.pk in seen:
            errors.append(
                _("%(where)s: %(name)s is already listed (%(first)s).")
                % {"where": where, "name": name, "first": seen[member.pk]}
            )
        else:
            seen[member.pk] = where
            wanted.append((member, piece))
    for member in members:
        if member.org_id != competition.org_id:
            errors.append(_("This member is not on this organisation's register."))
        elif member.pk not in entered and member.pk not in seen:
            seen[member.pk] = member.name
            wanted.append((member, ""))
    _line_errors(errors)
    return [
        entry_add(competition=competition, actor=actor, member=member, piece=piece)
        for member, piece in wanted
    ]


@transaction.atomic
def scores_record_grid(
    *, competition: Competition, actor, judge: str, scores: dict[int, object]
) -> int:
    """One judge's scores for many entries at once (entry id → score; blank: not scored by this
    judge, an existing score kept). With results entered directly, the scores are the entries'
    results and `judge` is not asked. A wrong score refuses the whole grid, each refusal naming
    its row (the entry's place in the grid, from 1) and the entrant. Returns how many were
    saved."""
    competition = _open(competition)
    direct = competition.scoring == Scoring.DIRECT
    judge = judge.strip()[:50]
    if not direct and not judge:
        raise ValidationError({"judge": _("Name the judge.")})
    rows = list(active_entries(competition).select_related("member").order_by("id"))
    known = {entry.pk for entry in rows}
    if set(scores) - known:
        raise ValidationError(_("Some scores are for entries not in this competition."))
    checked, errors = [], []
    for n, entry in enumerate(rows, start=1):
        value = scores.get(entry.pk)
        if value is None or str(value).strip() == "":
            continue
        try:
            checked.append((entry, _score(str(value).strip())))
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    _("Row %(row)s (%(entrant)s): %(error)s")
                    % {"row": n, "entrant": entry.entrant, "error": message}
                )
    _line_errors(errors)
    if not checked:
        raise ValidationError(_("Enter at least one score."))
    if direct:
        for entry, score in checked:
            _entry_changed(entry, actor, {"score": score})
        return len(checked)
    existing = {
        s.entry_id: s for s in Score.objects.filter(entry__competition=competition, judge=judge)
    }
    before = {pk: row.score for pk, row in existing.items()}
    new, changed = [], []
    for entry, score in checked:
        row = existing.get(entry.pk)
        if row is None:
            new.append(
                Score(
                    org_id=competition.org_id,
                    entry=entry,
                    judge=judge,
                    score=score,
                    recorded_by=actor,
                )
            )
        elif row.score != score:
            row.score, row.recorded_by = score, actor
            changed.append(row)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["score", "recorded_by"])
    audit.record(
        org=competition.org,
        actor=actor,
        subject=competition,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(
            gettext_noop("Scores of %(judge)s: %(count)s entries"), judge=judge, count=len(checked)
        ),
        changes={
            "score": [
                "、".join(f"{e.entrant} {before[e.pk]}" for e, _s in checked if e.pk in before),
                "、".join(f"{e.entrant} {s}" for e, s in checked),
            ]
        },
    )
    return len(checked)
