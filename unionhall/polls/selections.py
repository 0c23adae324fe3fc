"""Selections (评选): nomination (self, a department or group, the union committee), screening
against the ledgers on the selection's date, the judges' scores (评委打分) where the chair names
judges, the decision vote (online, on paper or with one-time codes, like any poll), the public
notice (公示) of N working days from the vote, named objections, and the decision that writes the
honour into the honours register.

    nominating ─► [scoring] ─► voting ─► notice ─► decided
         └──────────┴────────────┴─────────┴──────────┴──► cancelled (with a reason)

Screening states only what the ledgers show: a condition with no record behind it is "not
recorded" (None), never met or failed; it does not leave the nominee out, and the page asks the
chair to check it by hand.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, workdays
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.dues.models import DuesAccount, DuesPayment
from unionhall.dues.selectors import due_months, months_owed, settings_for
from unionhall.honours.models import Level, Source
from unionhall.honours.selectors import has_honour
from unionhall.honours.services import honour_record, honours_withdraw_written_by
from unionhall.members.models import Member, Status
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send
from unionhall.polls import selectors, services
from unionhall.polls.models import (
    Judge,
    JudgeScore,
    Kind,
    Mode,
    Nominee,
    Objection,
    Poll,
    Selection,
    SelectionState,
)
from unionhall.polls.services.announce import announce_judge, announce_notice
from unionhall.polls.services.setup import _freeze_roll
from unionhall.polls.workflow import State

STEPS: dict[str, set[str]] = {
    SelectionState.NOMINATING: {
        SelectionState.SCORING,
        SelectionState.VOTING,
        SelectionState.CANCELLED,
    },
    SelectionState.SCORING: {SelectionState.VOTING, SelectionState.CANCELLED},
    SelectionState.VOTING: {SelectionState.NOTICE, SelectionState.CANCELLED},
    SelectionState.NOTICE: {SelectionState.DECIDED, SelectionState.CANCELLED},
    SelectionState.DECIDED: {SelectionState.CANCELLED},
    SelectionState.CANCELLED: set(),
}

MAX_SCORE = Decimal(100)


def _step(selection: Selection, target: str) -> None:
    if target not in STEPS[selection.state]:
        raise ValidationError(
            _("This selection is “%(state)s”: it cannot move to “%(target)s”.")
            % {
                "state": SelectionState(selection.state).label,
                "target": SelectionState(target).label,
            }
        )


def _log(selection: Selection, actor, summary: Msg) -> None:
    audit.record(
        org=selection.org,
        actor=actor,
        subject=selection,
        action=AuditEntry.Action.EVENT,
        summary=summary,
    )


def _locked(org, selection: Selection) -> Selection:
    try:
        return (
            Selection.objects.select_for_update()
            .select_related("org")
            .get(org=org, pk=selection.pk)
        )
    except Selection.DoesNotExist:
        raise ValidationError(_("No such selection in this organisation.")) from None


@transaction.atomic
def selection_create(
    *,
    org,
    actor,
    title: str,
    honour_title: str,
    held_on: dt.date | None = None,
    honour_level: int = Level.SCHOOL,
    quota: int = 1,
    min_years: int | None = None,
    exclude_holders: bool = True,
    dues_paid: bool = True,
    threshold_percent: int = 80,
    notice_days: int = 5,
    trimmed_mean: bool = False,
) -> Selection:
    if not title.strip() or not honour_title.strip():
        raise ValidationError(_("A selection needs a title and the honour it awards."))
    if int(honour_level) not in Level.values:
        raise ValidationError({"honour_level": _("Choose the level of the honour.")})
    if not 1 <= threshold_percent <= 100:
        raise ValidationError({"threshold_percent": _("Give a share between 1 and 100.")})
    if notice_days < 5:
        raise ValidationError({"notice_days": _("A public notice lasts at least 5 working days.")})
    selection = Selection.objects.create(
        org=org,
        title=title.strip(),
        honour_title=honour_title.strip(),
        held_on=held_on or timezone.localdate(),
        honour_level=int(honour_level),
        quota=quota,
        min_years=min_years,
        exclude_holders=exclude_holders,
        dues_paid=dues_paid,
        threshold_percent=threshold_percent,
        notice_days=notice_days,
        trimmed_mean=trimmed_mean,
        created_by=actor,
    )
    audit.record(
        org=org, actor=actor, subject=selection, action=AuditEntry.Action.CREATE, summary=title
    )
    return selection


@transaction.atomic
def nominee_add(
    *, org, actor, selection: Selection, member: Member, by: str, group_name: str = ""
) -> Nominee:
    selection = _locked(org, selection)
    if selection.state != SelectionState.NOMINATING:
        raise ValidationError(_("Nominations are closed for this selection."))
    if member.org_id != org.pk:
        raise ValidationError(_("That member is not in this school."))
    if by not in Nominee.By.values:
        raise ValidationError({"by": _("Say who nominated them.")})
    if by == Nominee.By.GROUP and not group_name.strip():
        raise ValidationError({"group_name": _("Name the group that nominated them.")})
    if selection.nominees.filter(member=member).exists():
        raise ValidationError(_("%(name)s is already nominated.") % {"name": member.name})
    if selection.judges.filter(member=member).exists():
        raise ValidationError(
            _("%(name)s is a judge of this selection and cannot be nominated.")
            % {"name": member.name}
        )
    nominee = Nominee.objects.create(
        org=org, selection=selection, member=member, by=by, group_name=group_name.strip()
    )
    _log(selection, actor, Msg(gettext_noop("Nominated: %(name)s"), name=member.name))
    return nominee


def _years_check(selection: Selection, member: Member, on: dt.date) -> list:
    label = _("At least %(years)s years in the union") % {"years": selection.min_years}
    joined = member.joined_on
    if joined is None:
        return [label, None, _("not recorded")]
    years = on.year - joined.year - ((on.month, on.day) < (joined.month, joined.day))
    return [
        label,
        years >= selection.min_years,
        _("%(years)s years on %(date)s (joined %(joined)s)")
        % {"years": years, "date": on.isoformat(), "joined": joined.isoformat()},
    ]


def _dues_check(selection: Selection, member: Member, on: dt.date) -> list:
    """What the dues ledger shows for the months of the selection's year before its month:
    "not recorded" when the member has no dues set or the school kept no payments that year."""
    label = _("Dues up to date")
    org = selection.org
    account = DuesAccount.objects.filter(org=org, member=member).first()
    last_month = on.replace(day=1) - dt.timedelta(days=1)
    due = due_months(member, year=on.year, through=last_month) if last_month.year == on.year else []
    if (
        account is None
        or account.monthly_dues(settings_for(org=org).default_rate) is None
        or not due
        or not DuesPayment.objects.filter(org=org, period__year=on.year).exists()
    ):
        return [label, None, _("not recorded")]
    owed = months_owed(org=org, member=member, on=on)
    if owed:
        return [label, False, _("%(count)s months owed") % {"count": len(owed)}]
    return [label, True, _("paid up to %(month)s") % {"month": last_month.strftime("%Y-%m")}]


def screen(selection: Selection, member: Member, *, on: dt.date | None = None) -> list[list]:
    """Each hard condition as [condition, passed, what the records say] on the selection's
    date; `passed` is None where no record stands behind the condition ("not recorded")."""
    on = on or selection.held_on or timezone.localdate()
    checks = []
    if selection.min_years:
        checks.append(_years_check(selection, member, on))
    if selection.exclude_holders:
        holds = has_honour(member, title_contains=selection.honour_title, on=on)
        checks.append(
            [
                _("Does not already hold “%(title)s”") % {"title": selection.honour_title},
                not holds,
                _("already holds it") if holds else _("not in the honours register"),
            ]
        )
    if selection.dues_paid:
        checks.append(_dues_check(selection, member, on))
    if member.status != Status.ACTIVE:
        checks.append([_("In service"), False, member.get_status_display()])
    return checks


def _screen_all(selection: Selection) -> list[Nominee]:
    """Screen every nominee; the eligible ones (no condition failed), in nomination order."""
    eligible = []
    for nominee in selection.nominees.select_related("member"):
        nominee.screening = screen(selection, nominee.member)
        nominee.eligible = not any(passed is False for _c, passed, _d in nominee.screening)
        nominee.save(update_fields=["screening", "eligible"])
        if nominee.eligible:
            eligible.append(nominee)
    if not eligible:
        raise ValidationError(_("No nominee meets the conditions: there is no one to vote on."))
    return eligible


# The judges (评委打分) ------------------------------------------------------------------------


@transaction.atomic
def judge_add(*, org, actor, selection: Selection, member: Member) -> Judge:
    """The chair names a judge: a member with a login, who is not a nominee."""
    selection = _locked(org, selection)
    if selection.state != SelectionState.NOMINATING:
        raise ValidationError(_("Judges are named before the scoring starts."))
    if member.org_id != org.pk:
        raise ValidationError(_("That member is not in this school."))
    if member.user_id is None:
        raise ValidationError(
            {
                "member": _("%(name)s has no login: a judge enters their scores logged in.")
                % {"name": member.name}
            }
        )
    if selection.nominees.filter(member=member).exists():
        raise ValidationError(
            {"member": _("%(name)s is a nominee and cannot judge.") % {"name": member.name}}
        )
    if selection.judges.filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s is already a judge.") % {"name": member.name}})
    judge = Judge.objects.create(org=org, selection=selection, member=member, user=member.user)
    announce_judge(org=org, selection=selection, user=member.user)
    _log(selection, actor, Msg(gettext_noop("Judge named: %(name)s"), name=member.name))
    return judge


@transaction.atomic
def judge_remove(*, org, actor, selection: Selection, judge: int) -> Selection:
    """The chair takes back a judge named by mistake, before the scoring starts (a judge has no
    scores then); the selection's history keeps both the naming and the removal."""
    selection = _locked(org, selection)
    if selection.state != SelectionState.NOMINATING:
        raise ValidationError(_("Judges can be changed only before the scoring starts."))
    named = selection.judges.select_related("member").filter(pk=judge).first()
    if named is None:
        raise ValidationError(_("That judge is not a judge of this selection."))
    name, user = named.member.name, named.user
    named.delete()
    notice_send(
        org=org,
        user=user,
        kind=Notice.Kind.INFO,
        title=Msg(
            gettext_noop("You are no longer a judge of the selection “%(title)s”."),
            title=selection.title,
        ),
        url="",
        key=f"selection-judge-{selection.pk}",
    )
    _log(selection, actor, Msg(gettext_noop("Judge removed: %(name)s"), name=name))
    return selection


@transaction.atomic
def scoring_start(*, org, actor, selection: Selection) -> Selection:
    """Close the nominations, screen every nominee, and let the judges score the eligible."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.SCORING)
    judges = selection.judges.count()
    if judges == 0:
        raise ValidationError(_("Name the judges before the scoring."))
    if selection.trimmed_mean and judges < 3:
        raise ValidationError(
            _(
                "The highest and the lowest score are dropped: name at least 3 judges "
                "(%(count)s named)."
            )
            % {"count": judges}
        )
    if selection.nominees.filter(member__in=selection.judges.values("member")).exists():
        raise ValidationError(_("A judge is also a nominee: a nominee cannot judge."))
    _screen_all(selection)
    selection.state = SelectionState.SCORING
    selection.save(update_fields=["state"])
    _log(selection, actor, Msg(gettext_noop("Screened; the judges are scoring")))
    sheet = reverse("polls:selection_scores", kwargs={"org": org.code, "pk": selection.pk})
    for judge in selection.judges.all():
        notice_send(
            org=org,
            user=judge.user,
            kind=Notice.Kind.ASSIGNED,
            title=Msg(gettext_noop("Score the nominees: %(title)s"), title=selection.title),
            url=sheet,
            key=f"selection-scores-{selection.pk}",
        )
    return selection


def _parse_score(raw, name: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or not (0 <= value <= MAX_SCORE):
        raise ValidationError(
            _("The score for %(name)s must be a number from 0 to 100.") % {"name": name}
        )
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(
            _("The score for %(name)s has more than one decimal place.") % {"name": name}
        )
    return value


@transaction.atomic
def scores_enter(*, org, user, selection: Selection, scores: Mapping, typed_by=None) -> Judge:
    """A judge's sheet: one score (0–100) for every eligible nominee, entered in one go. The
    judge may correct the sheet while the scoring lasts; every entry is kept in the history. A
    judge who scored on paper has the sheet typed by the chair (`typed_by`), whom the history
    names as the one who entered it."""
    selection = _locked(org, selection)
    judge = selection.judges.select_related("member").filter(user=user).first()
    if judge is None:
        raise ValidationError(_("You are not a judge of this selection."))
    if selection.state != SelectionState.SCORING:
        raise ValidationError(_("The scoring is closed."))
    sheet = {}
    for nominee in selection.nominees.filter(eligible=True).select_related("member"):
        raw = scores.get(nominee.pk, scores.get(str(nominee.pk)))
        if raw in (None, ""):
            raise ValidationError(_("Give a score for %(name)s.") % {"name": nominee.member.name})
        sheet[nominee] = _parse_score(raw, nominee.member.name)
    for nominee, value in sheet.items():
        JudgeScore.objects.update_or_create(
            org=org, judge=judge, nominee=nominee, defaults={"score": value}
        )
    judge.scored_at = timezone.now()
    judge.save(update_fields=["scored_at"])
    summary = (
        Msg(gettext_noop("Scores entered by %(name)s"), name=judge.member.name)
        if typed_by is None
        else Msg(gettext_noop("Paper score sheet of %(name)s entered"), name=judge.member.name)
    )
    audit.record(
        org=org,
        actor=typed_by or user,
        subject=selection,
        action=AuditEntry.Action.EVENT,
        summary=summary,
        changes={n.member.name: ["", str(v)] for n, v in sheet.items()},
    )
    return judge


# The decision vote ------------------------------------------------------------------------------


def _top_by_score(selection: Selection, eligible: list[Nominee]) -> list[Nominee]:
    """Those the judges put forward: the first `quota` by mean score, ties at the last place
    included."""
    means = {row.nominee.pk: row.mean for row in selectors.selection_scores(selection)}
    ranked = sorted(eligible, key=lambda n: -means[n.pk])
    if len(ranked) <= selection.quota:
        return ranked
    cut = means[ranked[selection.quota - 1].pk]
    return [n for n in ranked if means[n.pk] >= cut]


@transaction.atomic
def selection_vote_open(
    *,
    org,
    actor,
    selection: Selection,
    held_on: dt.date | None = None,
    mode: str = Mode.ONLINE,
    roll=None,
    open_now: bool | None = None,
) -> Poll:
    """The decision vote: a poll of kind 'selection' in the chosen mode (online, paper, codes)
    on the eligible nominees (screened now) or, after the judges' scoring, on those the scores
    put forward. Approve / reject / abstain each; the threshold is a share of those entitled.

    The vote stays a draft, to be prepared and opened on the poll's page like any other poll:
    online and code votes once their key holders have set their opening passphrases (the box is
    sealed), a paper vote once its scrutineers are named (or at once with `open_now`)."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.VOTING)
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Choose how people vote.")})
    on = held_on or timezone.localdate()
    if selection.held_on and on < selection.held_on:
        raise ValidationError(
            {
                "held_on": _("The vote cannot be held before the selection's date (%(date)s).")
                % {"date": selection.held_on.isoformat()}
            }
        )
    if selection.state == SelectionState.SCORING:
        eligible = list(selection.nominees.filter(eligible=True).select_related("member"))
        missing = [
            j.member.name for j in selection.judges.select_related("member") if not j.scored_at
        ]
        if missing:
            raise ValidationError(
                _("Waiting for the scores of: %(names)s.") % {"names": "、".join(missing)}
            )
        candidates = _top_by_score(selection, eligible)
    else:
        if selection.judges.exists():
            raise ValidationError(_("This selection has judges: start the scoring first."))
        candidates = _screen_all(selection)
    poll = services.poll_create(
        org=org,
        actor=actor,
        kind=Kind.SELECTION,
        mode=mode,
        title=selection.title,
        held_on=on,
        rules={
            "pass": [selection.threshold_percent, 100],
            "pass_strict": False,
            "surplus_percent": 0,
            "tie": "vacant",
            "shortfall": "vacant",
        },
    )
    services.question_add(
        org=org,
        actor=actor,
        poll=poll,
        text=selection.honour_title,
        scale="approve",
        seats=selection.quota,
        candidates=[n.member for n in candidates],
    )
    selection.poll = poll
    selection.state = SelectionState.VOTING
    selection.save(update_fields=["poll", "state"])
    if poll.is_sealed:
        # Voted online or with codes, the box is sealed: the vote opens from the poll's page
        # once its key holders have set their opening passphrases (with this roll, if given).
        if roll is not None:
            _freeze_roll(org, poll, list(roll))
    elif open_now:
        poll = services.poll_move(org=org, actor=actor, poll=poll, target=State.OPEN, roll=roll)
    _log(
        selection,
        actor,
        Msg(gettext_noop("Decision vote set up (%(mode)s)"), mode=Mode(mode).label),
    )
    return poll


@transaction.atomic
def selection_notice_start(
    *, org, actor, selection: Selection, starts_on: dt.date | None = None, contact: str = ""
) -> Selection:
    """After the vote is published: those approved go on public notice from `starts_on` (not
    before the day of the vote) for the selection's working days, counted on the official calendar
    (refused over a year whose holidays are not known)."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.NOTICE)
    poll = selection.poll
    if poll is None or poll.state != State.PUBLISHED:
        raise ValidationError(_("Publish the decision vote's result before the public notice."))
    start = starts_on or timezone.localdate()
    if start < poll.held_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "The public notice follows the vote: it cannot start before %(date)s, the "
                    "day of the vote."
                )
                % {"date": poll.held_on.isoformat()}
            }
        )
    elected = set()
    if not poll.void_reason:
        for _question, outcome in selectors.election_outcomes(poll):
            elected |= {o.member_id for o in outcome.elected}
    for nominee in selection.nominees.filter(eligible=True):
        nominee.approved = nominee.member_id in elected
        nominee.save(update_fields=["approved"])
    if not elected:
        raise ValidationError(_("No nominee reached the approval needed."))
    try:
        end = workdays.period_end(start, selection.notice_days)
    except workdays.CalendarUnknown as refused:
        raise ValidationError({"starts_on": refused.messages}) from None
    selection.notice_starts_on = start
    selection.notice_ends_on = end
    selection.notice_contact = contact.strip()
    selection.state = SelectionState.NOTICE
    selection.save(update_fields=["notice_starts_on", "notice_ends_on", "notice_contact", "state"])
    announce_notice(org=org, selection=selection)
    _log(
        selection,
        actor,
        Msg(
            gettext_noop("Public notice from %(start)s to %(end)s"),
            start=start.isoformat(),
            end=end.isoformat(),
        ),
    )
    return selection


@transaction.atomic
def objection_record(
    *,
    org,
    actor,
    selection: Selection,
    nominee: Nominee,
    objector: str,
    channel: str,
    received_on: dt.date,
    text: str,
) -> Objection:
    """A named objection received during the notice (a letter counts by its postmark date)."""
    selection = _locked(org, selection)
    if selection.state != SelectionState.NOTICE:
        raise ValidationError(_("Objections are received during the public notice."))
    if nominee.selection_id != selection.pk:
        raise ValidationError(_("That nominee is not in this selection."))
    if not objector.strip():
        raise ValidationError(
            {"objector": _("Anonymous objections are not accepted: give the objector's name.")}
        )
    if not (selection.notice_starts_on <= received_on <= selection.notice_ends_on):
        raise ValidationError(
            {
                "received_on": _("%(date)s is outside the notice (%(start)s to %(end)s).")
                % {
                    "date": received_on,
                    "start": selection.notice_starts_on,
                    "end": selection.notice_ends_on,
                }
            }
        )
    if channel not in Objection.Channel.values:
        raise ValidationError({"channel": _("Say how the objection was received.")})
    objection = Objection.objects.create(
        org=org,
        selection=selection,
        nominee=nominee,
        objector=objector.strip(),
        channel=channel,
        received_on=received_on,
        text=text.strip(),
    )
    _log(
        selection,
        actor,
        Msg(gettext_noop("Objection about %(name)s received"), name=nominee.member.name),
    )
    return objection


@transaction.atomic
def objection_resolve(*, org, actor, objection: Objection, upheld: bool, outcome: str) -> None:
    if objection.org_id != org.pk:
        raise ValidationError(_("No such objection in this organisation."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what was found.")})
    audit.audited_update(
        objection,
        org=org,
        actor=actor,
        fields=["upheld", "outcome"],
        changes={"upheld": upheld, "outcome": outcome.strip()},
    )


@transaction.atomic
def selection_decide(
    *, org, actor, selection: Selection, on: dt.date | None = None
) -> Sequence[Nominee]:
    """After the notice has run its working days with every objection answered: the approved
    nominees without an upheld objection receive the honour, at the selection's level, written
    into the register."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.DECIDED)
    today = on or timezone.localdate()
    if today <= selection.notice_ends_on:
        raise ValidationError(
            _("The public notice runs until %(end)s: decide after it ends.")
            % {"end": selection.notice_ends_on}
        )
    stated_date(today, field="on")
    if selection.objections.filter(upheld__isnull=True).exists():
        raise ValidationError(_("Answer every objection before the decision."))
    awarded = []
    for nominee in selection.nominees.filter(approved=True).select_related("member"):
        upheld = nominee.objections.filter(upheld=True).exists()
        nominee.awarded = not upheld
        nominee.save(update_fields=["awarded"])
        if upheld:
            continue
        honour_record(
            org=org,
            actor=actor,
            member=nominee.member,
            title=selection.honour_title,
            level=selection.honour_level,
            body=org.name,
            awarded_on=today,
            source=Source.SELECTION,
            source_record=selection,
        )
        awarded.append(nominee)
    selection.state = SelectionState.DECIDED
    selection.decided_on = today
    selection.save(update_fields=["state", "decided_on"])
    _log(selection, actor, Msg(gettext_noop("Decided: %(count)s awarded"), count=len(awarded)))
    return awarded


@transaction.atomic
def selection_cancel(*, org, actor, selection: Selection, reason: str) -> Selection:
    """Cancel a selection at any stage, with a reason kept in its history. What it produced is
    withdrawn with it, never deleted: the honours it wrote are withdrawn in the register with
    the reason, its public notice reads as withdrawn, and an open decision vote is closed."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.CANCELLED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    poll = selection.poll
    if poll is not None and poll.state == State.OPEN:
        services.poll_move(org=org, actor=actor, poll=poll, target=State.CLOSED)
    withdrawn = honours_withdraw_written_by(
        source_record=selection,
        actor=actor,
        reason=_("Selection cancelled: %(reason)s") % {"reason": reason},
    )
    old = selection.state
    selection.state = SelectionState.CANCELLED
    selection.cancelled_at = timezone.now()
    selection.cancel_reason = reason[:300]
    selection.cancelled_by = actor
    selection.save(update_fields=["state", "cancelled_at", "cancel_reason", "cancelled_by"])
    audit.record(
        org=org,
        actor=actor,
        subject=selection,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(
            gettext_noop("Selection cancelled (%(count)s honours withdrawn): %(reason)s"),
            count=withdrawn,
            reason=reason,
        ),
        changes={"state": [old, SelectionState.CANCELLED]},
    )
    return selection
