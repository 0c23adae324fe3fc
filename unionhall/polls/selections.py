"""Selections (评选): nomination, screening against the records, the approval vote, the public
notice (公示) of N working days with named objections, and the decision that writes the honour
into the honours register.

    nominating ─► voting ─► notice ─► decided
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, workdays
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.dues.selectors import months_owed
from unionhall.honours.models import Source
from unionhall.honours.selectors import has_honour
from unionhall.honours.services import honour_record
from unionhall.members.models import Member, Status
from unionhall.polls import selectors, services
from unionhall.polls.models import (
    Kind,
    Mode,
    Nominee,
    Objection,
    Poll,
    Selection,
    SelectionState,
)
from unionhall.polls.services.setup import _freeze_roll
from unionhall.polls.workflow import State

STEPS: dict[str, dict[str, str]] = {
    SelectionState.NOMINATING: {SelectionState.VOTING: "polls.manage"},
    SelectionState.VOTING: {SelectionState.NOTICE: "polls.manage"},
    SelectionState.NOTICE: {SelectionState.DECIDED: "polls.manage"},
    SelectionState.DECIDED: {},
}


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
    honour_level: int = 10,
    quota: int = 1,
    min_years: int | None = None,
    exclude_holders: bool = True,
    dues_paid: bool = True,
    threshold_percent: int = 80,
    notice_days: int = 5,
) -> Selection:
    if not title.strip() or not honour_title.strip():
        raise ValidationError(_("A selection needs a title and the honour it awards."))
    if not 1 <= threshold_percent <= 100:
        raise ValidationError({"threshold_percent": _("Give a share between 1 and 100.")})
    if notice_days < 5:
        raise ValidationError({"notice_days": _("A public notice lasts at least 5 working days.")})
    selection = Selection.objects.create(
        org=org,
        title=title.strip(),
        honour_title=honour_title.strip(),
        honour_level=honour_level,
        quota=quota,
        min_years=min_years,
        exclude_holders=exclude_holders,
        dues_paid=dues_paid,
        threshold_percent=threshold_percent,
        notice_days=notice_days,
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
    nominee = Nominee.objects.create(
        org=org, selection=selection, member=member, by=by, group_name=group_name.strip()
    )
    _log(selection, actor, Msg(gettext_noop("Nominated: %(name)s"), name=member.name))
    return nominee


def screen(selection: Selection, member: Member, *, on: dt.date) -> list[list]:
    """Each hard condition, whether it holds, and what the records say."""
    checks = []
    if selection.min_years:
        years = None
        if member.joined_on:
            years = (
                on.year
                - member.joined_on.year
                - ((on.month, on.day) < (member.joined_on.month, member.joined_on.day))
            )
        checks.append(
            [
                _("At least %(years)s years in the union") % {"years": selection.min_years},
                years is not None and years >= selection.min_years,
                _("not recorded") if years is None else _("%(years)s years") % {"years": years},
            ]
        )
    if selection.exclude_holders:
        holds = has_honour(member, title_contains=selection.honour_title, on=on)
        checks.append(
            [
                _("Does not already hold “%(title)s”") % {"title": selection.honour_title},
                not holds,
                _("already holds it") if holds else _("not held"),
            ]
        )
    if selection.dues_paid:
        owed = months_owed(org=selection.org, member=member, on=on)
        checks.append(
            [
                _("Dues up to date"),
                not owed,
                _("%(count)s months owed") % {"count": len(owed)} if owed else _("paid"),
            ]
        )
    if member.status != Status.ACTIVE:
        checks.append([_("In service"), False, member.get_status_display()])
    return checks


@transaction.atomic
def selection_vote_open(
    *,
    org,
    actor,
    selection: Selection,
    held_on: dt.date | None = None,
    mode: str = Mode.ONLINE,
    roll=None,
) -> Poll:
    """Screen every nominee against the records, then open the approval vote on those who
    pass (approve / reject / abstain each; the threshold is a share of those entitled)."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.VOTING)
    on = held_on or timezone.localdate()
    eligible = []
    for nominee in selection.nominees.select_related("member"):
        nominee.screening = screen(selection, nominee.member, on=on)
        nominee.eligible = all(passed for _c, passed, _d in nominee.screening)
        nominee.save(update_fields=["screening", "eligible"])
        if nominee.eligible:
            eligible.append(nominee.member)
    if not eligible:
        raise ValidationError(_("No nominee meets the conditions: there is no one to vote on."))
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
        candidates=eligible,
    )
    selection.poll = poll
    selection.state = SelectionState.VOTING
    selection.save(update_fields=["poll", "state"])
    if poll.is_sealed:
        # Voted online or with codes, the box is sealed: the vote opens from the poll's page
        # once its key holders have set their opening passphrases (with this roll, if given).
        if roll is not None:
            _freeze_roll(org, poll, list(roll))
        _log(
            selection,
            actor,
            Msg(gettext_noop("Screened; the approval vote opens once its key holders are ready")),
        )
        return poll
    poll = services.poll_move(org=org, actor=actor, poll=poll, target=State.OPEN, roll=roll)
    _log(selection, actor, Msg(gettext_noop("Screened; the approval vote is open")))
    return poll


@transaction.atomic
def selection_notice_start(
    *, org, actor, selection: Selection, starts_on: dt.date | None = None
) -> Selection:
    """After the vote is published: those approved go on public notice from `starts_on` for
    the selection's working days."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.NOTICE)
    poll = selection.poll
    if poll is None or poll.state != State.PUBLISHED:
        raise ValidationError(_("Publish the approval vote's result before the public notice."))
    elected = set()
    if not poll.void_reason:
        for _question, outcome in selectors.election_outcomes(poll):
            elected |= {o.member_id for o in outcome.elected}
    for nominee in selection.nominees.filter(eligible=True):
        nominee.approved = nominee.member_id in elected
        nominee.save(update_fields=["approved"])
    if not elected:
        raise ValidationError(_("No nominee reached the approval needed."))
    start = starts_on or timezone.localdate()
    selection.notice_starts_on = start
    selection.notice_ends_on = workdays.period_end(start, selection.notice_days)
    selection.state = SelectionState.NOTICE
    selection.save(update_fields=["notice_starts_on", "notice_ends_on", "state"])
    _log(
        selection,
        actor,
        Msg(
            gettext_noop("Public notice from %(start)s to %(end)s"),
            start=start.isoformat(),
            end=selection.notice_ends_on.isoformat(),
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
    nominees without an upheld objection receive the honour, written into the register."""
    selection = _locked(org, selection)
    _step(selection, SelectionState.DECIDED)
    today = on or timezone.localdate()
    if today <= selection.notice_ends_on:
        raise ValidationError(
            _("The public notice runs until %(end)s: decide after it ends.")
            % {"end": selection.notice_ends_on}
        )
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
