"""Writing mentoring: contracts, logs, assessments and the organisation's default targets."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member
from unionhall.mentoring import selectors
from unionhall.mentoring.models import (
    Assessment,
    Contract,
    Grade,
    Log,
    LogKind,
    MentoringSettings,
    Pair,
)

TARGET_FIELDS = ("observations", "open_lessons", "papers", "reading_notes")


@transaction.atomic
def settings_update(*, org, actor, **targets: int) -> MentoringSettings:
    """Set the default targets of new contracts (existing contracts keep theirs)."""
    unknown = set(targets) - set(TARGET_FIELDS)
    if unknown:
        raise ValueError(f"unknown mentoring targets {sorted(unknown)}")
    found, created = MentoringSettings.objects.get_or_create(org=org)
    audit.audited_update(
        found,
        org=org,
        actor=actor,
        fields=TARGET_FIELDS,
        changes=targets,
        created=created,
        summary=Msg(gettext_noop("Default mentoring targets changed")),
    )
    return found


def _check_member(org, member: Member, field: str) -> None:
    if member.org_id != org.pk:
        raise ValidationError({field: _("%(name)s is not a member here.") % {"name": member}})
    if not member.is_current:
        raise ValidationError(
            {field: _("%(name)s is no longer on the register.") % {"name": member.name}}
        )


@transaction.atomic
def contract_create(
    *,
    org,
    actor,
    mentor: Member,
    mentees: list[Member],
    starts_on: dt.date,
    ends_on: dt.date,
    signed_on: dt.date | None = None,
    observations: int | None = None,
    open_lessons: int | None = None,
    papers: int | None = None,
    reading_notes: int | None = None,
    note: str = "",
) -> Contract:
    """Sign a contract between `mentor` and `mentees` for the term; targets left out come from
    the organisation's settings."""
    _check_member(org, mentor, "mentor")
    if not mentees:
        raise ValidationError({"mentees": _("Name at least one mentee.")})
    for mentee in mentees:
        _check_member(org, mentee, "mentees")
        if mentee.pk == mentor.pk:
            raise ValidationError(
                {"mentees": _("%(name)s cannot be their own mentee.") % {"name": mentor.name}}
            )
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The term must end after it starts.")})
    signed_on = stated_date(signed_on, field="signed_on")
    defaults = selectors.settings_of(org)
    given = {
        "observations": observations,
        "open_lessons": open_lessons,
        "papers": papers,
        "reading_notes": reading_notes,
    }
    targets = {
        name: getattr(defaults, name) if value is None else value for name, value in given.items()
    }
    contract = audit.audited_create(
        Contract(
            org=org,
            mentor=mentor,
            starts_on=starts_on,
            ends_on=ends_on,
            signed_on=signed_on,
            note=note,
            created_by=actor,
            **targets,
        ),
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("Mentoring contract signed: %(mentor)s with %(mentees)s"),
            mentor=mentor.name,
            mentees="、".join(m.name for m in mentees),
        ),
    )
    for mentee in dict.fromkeys(mentees):
        Pair.objects.create(org=org, contract=contract, mentee=mentee)
    return contract


@transaction.atomic
def log_add(
    *,
    org,
    actor,
    contract: Contract,
    kind: str,
    member: Member,
    date: dt.date | None = None,
    observed: Member | None = None,
    class_name: str = "",
    subject: str = "",
    title: str = "",
    comment: str = "",
    on_behalf: bool = False,
) -> Log:
    """Log one thing done under `contract` by `member` (for an observed lesson: `member`
    observed `observed`'s lesson). A party logs for themselves; an officer types in a paper log
    `on_behalf` of its person, with the date it happened."""
    if contract.org_id != org.pk:
        raise ValidationError(_("No such contract here."))
    if kind not in LogKind.values:
        raise ValidationError({"kind": _("Choose what is logged.")})
    parties = {contract.mentor_id, *contract.pairs.values_list("mentee_id", flat=True)}
    if member.pk not in parties:
        raise ValidationError(
            {"member": _("%(name)s is not a party to this contract.") % {"name": member.name}}
        )
    if kind == LogKind.OBSERVATION:
        if observed is None:
            raise ValidationError({"observed": _("Say whose lesson was observed.")})
        if observed.pk not in parties or observed.pk == member.pk:
            raise ValidationError(
                {"observed": _("Choose the other side of the pair: the mentor or a mentee.")}
            )
        if contract.mentor_id not in (member.pk, observed.pk):
            raise ValidationError(
                {"observed": _("Mentees observe their mentor's lessons, not each other's.")}
            )
        if not class_name or not subject:
            raise ValidationError(
                {"class_name": _("An observed lesson names its class and its subject.")}
            )
    else:
        observed = None
        if not title:
            raise ValidationError({"title": _("Give the title.")})
    date = stated_date(date, field="date")
    if not contract.starts_on <= date <= contract.ends_on:
        raise ValidationError(
            {
                "date": _("%(date)s is outside the contract's term (%(start)s to %(end)s).")
                % {"date": date, "start": contract.starts_on, "end": contract.ends_on}
            }
        )
    # A party logs what they did themselves: a mentee never logs in the mentor's name (not even
    # the mentor's observation of the mentee's own lesson).
    if not on_behalf and actor.pk not in _users_of(member):
        raise ValidationError(
            _(
                "You may log only what you did yourself; an officer types in a paper log "
                "for someone else."
            )
        )
    log = Log.objects.create(
        org=org,
        contract=contract,
        kind=kind,
        date=date,
        member=member,
        observed=observed,
        class_name=class_name,
        subject=subject,
        title=title,
        comment=comment,
        entered_by=actor,
    )
    if on_behalf:
        audit.record_typed_on_behalf(
            org=org, clerk=actor, subject=log, person=member.name, happened=date
        )
    return log


def _users_of(*members: Member | None) -> set[int]:
    return {m.user_id for m in members if m is not None and m.user_id is not None}


@transaction.atomic
def assessment_record(
    *,
    org,
    actor,
    pair: Pair,
    grade: str,
    comment: str,
    assessed_on: dt.date | None = None,
) -> Assessment:
    """The chair's assessment of a pair at the end of its term (or a changed one, audited).
    优秀 needs every target met: a pair with a shortfall is assessed 合格 or 不合格."""
    if pair.org_id != org.pk:
        raise ValidationError(_("No such pair here."))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose a grade.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Write the assessment's comment.")})
    assessed_on = stated_date(assessed_on, field="assessed_on")
    contract = pair.contract
    if assessed_on < contract.starts_on:
        raise ValidationError({"assessed_on": _("The term had not started on that day.")})
    progress = selectors.pair_progress(pair)
    if grade == Grade.EXCELLENT and not progress.met:
        short = "；".join(
            _("%(target)s: %(done)s of %(goal)s")
            % {"target": t.label, "done": t.done, "goal": t.target}
            for t in progress.shortfalls
        )
        raise ValidationError(
            {
                "grade": _("Excellent needs every target met; this pair fell short: %(short)s.")
                % {"short": short}
            }
        )
    changes = {
        "grade": grade,
        "comment": comment.strip(),
        "targets_met": progress.met,
        "assessed_on": assessed_on,
        "assessed_by": actor,
    }
    found = Assessment.objects.filter(pair=pair).first()
    created = found is None
    if created:
        found = Assessment(org=org, pair=pair)
    audit.audited_update(
        found,
        org=org,
        actor=actor,
        fields=("grade", "comment", "targets_met", "assessed_on"),
        changes=changes,
        created=created,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=Msg(
            gettext_noop("Mentoring assessed: %(pair)s"),
            pair=f"{contract.mentor.name}—{pair.mentee.name}",
        ),
    )
    return found
