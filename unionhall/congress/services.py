"""Writes for the staff congress. Every proposal state change goes through `_move`, which checks
the workflow table, the actor's capability, and logs the change."""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import (
    Answer,
    Attendance,
    CongressRules,
    ImplementationUpdate,
    Proposal,
    ProposalTransition,
    Representative,
    Resolution,
    Review,
    Session,
    Signer,
    Term,
)
from unionhall.congress.workflow import State, allowed
from unionhall.core import audit
from unionhall.core.backdate import not_before, stated_date, stated_time
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send_on_commit
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import Department, RoleAssignment
from unionhall.orgs.roles import Role

DENOMINATORS = ("quorum_denominator", "pass_denominator")

# Kept in the catalogue: attendance entries written before they carried their day.
gettext_noop("Attendance: %(present)s of %(total)s present")


def rules_for(org) -> CongressRules:
    """The organisation's rules, or the defaults (unsaved) when it has set none."""
    return CongressRules.objects.filter(org=org).first() or CongressRules(org=org)


def new_submission_token() -> str:
    return uuid.uuid4().hex


def _roles(org, user) -> frozenset[str]:
    return frozenset(
        RoleAssignment.objects.filter(org=org, user=user).values_list("role", flat=True)
    )


def _check_paper(org, actor) -> None:
    """Only officers with `congress.enter_paper` type in what someone else did on paper."""
    if not allows(_roles(org, actor), "congress.enter_paper"):
        raise ValidationError(
            {
                "on_behalf_of": _(
                    "You may not enter paper records on behalf of someone else: ask the union "
                    "chair or the organisation committee member."
                )
            }
        )


def _paper_representative(org, term: Term, rep: Representative) -> Representative:
    if rep.org_id != org.pk or rep.term_id != term.pk or not rep.is_active:
        raise ValidationError(
            {
                "on_behalf_of": _("%(name)s is not a serving representative of term %(term)s.")
                % {"name": rep.name, "term": term.number}
            }
        )
    return rep


def _proposal_url(proposal: Proposal) -> str:
    return reverse("congress:proposal", kwargs={"org": proposal.org.code, "pk": proposal.pk})


# Terms, sessions, representatives ------------------------------------------------------------


@transaction.atomic
def term_create(*, org, actor, number: int, starts_on: dt.date, ends_on: dt.date) -> Term:
    if ends_on <= starts_on:
        raise ValidationError(_("A term must end after it starts."))
    if Term.objects.filter(org=org, number=number).exists():
        raise ValidationError(_("Term %(number)s already exists.") % {"number": number})
    term = Term.objects.create(org=org, number=number, starts_on=starts_on, ends_on=ends_on)
    audit.record(
        org=org,
        actor=actor,
        subject=term,
        action=AuditEntry.Action.CREATE,
        summary=Msg(gettext_noop("Term %(number)s"), number=term.number),
    )
    return term


@transaction.atomic
def session_create(
    *, org, actor, term: Term, number: int, held_on: dt.date, ends_on: dt.date | None = None
) -> Session:
    if term.org_id != org.pk:
        raise ValidationError(_("That term belongs to another organisation."))
    if not term.starts_on <= held_on <= term.ends_on:
        raise ValidationError(
            _("The session must be held within the term (%(start)s to %(end)s).")
            % {"start": term.starts_on, "end": term.ends_on}
        )
    if ends_on and ends_on < held_on:
        raise ValidationError(_("The last day of a session cannot be before its first day."))
    if Session.objects.filter(org=org, term=term, number=number).exists():
        raise ValidationError(
            _("Session %(number)s of this term already exists.") % {"number": number}
        )
    session = Session.objects.create(
        org=org, term=term, number=number, held_on=held_on, ends_on=ends_on
    )
    audit.record(
        org=org,
        actor=actor,
        subject=session,
        action=AuditEntry.Action.CREATE,
        summary=Msg(
            gettext_noop("Term %(term)s, session %(number)s"), term=term.number, number=number
        ),
    )
    return session


@transaction.atomic
def representative_add(
    *,
    org,
    actor,
    term: Term,
    member,
    electoral_group: str,
    is_frontline: bool | None = None,
) -> Representative:
    """Make a member a representative of the term. Front-line defaults from their department.
    The member needs a login; the representative role is granted with it."""
    if member.org_id != org.pk or term.org_id != org.pk:
        raise ValidationError(_("That member belongs to another organisation."))
    if member.user_id is None:
        raise ValidationError(
            _("%(name)s has no login yet: give the member a login first.") % {"name": member.name}
        )
    if Representative.objects.filter(org=org, term=term, user_id=member.user_id).exists():
        raise ValidationError(
            _("%(name)s is already a representative of this term.") % {"name": member.name}
        )
    if is_frontline is None:
        is_frontline = member.department.is_frontline
    rep = Representative.objects.create(
        org=org,
        term=term,
        user_id=member.user_id,
        member=member,
        name=member.name,
        electoral_group=electoral_group.strip(),
        is_frontline=is_frontline,
    )
    RoleAssignment.objects.get_or_create(user_id=member.user_id, org=org, role=Role.REPRESENTATIVE)
    audit.record(
        org=org, actor=actor, subject=rep, action=AuditEntry.Action.CREATE, summary=rep.name
    )
    return rep


@transaction.atomic
def attendance_record(
    *, org, actor, session: Session, present: Iterable[int], taken_on: dt.date | None = None
) -> int:
    """Record who was present (representative ids); everyone else of the term is absent.
    `taken_on` is the day the attendance was taken, when typed in later from the paper list
    (the session's first day if not given; never in the future, nor before the session)."""
    present = set(present)
    if taken_on is None:
        taken_on = min(session.held_on, timezone.localdate())
    else:
        taken_on = stated_date(taken_on, field="taken_on")
        not_before(
            taken_on,
            session.held_on,
            field="taken_on",
            message=_("%(date)s is before the session was held (%(earlier)s)."),
        )
    reps = list(Representative.objects.filter(org=org, term=session.term, is_active=True))
    unknown = present - {r.pk for r in reps}
    if unknown:
        raise ValidationError(_("Only representatives of this term can be marked present."))
    Attendance.objects.filter(org=org, session=session).delete()
    Attendance.objects.bulk_create(
        Attendance(
            org=org, session=session, representative=r, present=r.pk in present, taken_on=taken_on
        )
        for r in reps
    )
    audit.record(
        org=org,
        actor=actor,
        subject=session,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Attendance on %(date)s: %(present)s of %(total)s present"),
            date=taken_on.isoformat(),
            present=len(present),
            total=len(reps),
        ),
    )
    return len(present)


# Proposals: submission -----------------------------------------------------------------------


def _representative(org, term: Term, user) -> Representative | None:
    return Representative.objects.filter(org=org, term=term, user=user, is_active=True).first()


@transaction.atomic
def proposal_submit(
    *,
    org,
    actor,
    session: Session,
    title: str,
    category: str,
    reasons: str,
    measures: str,
    token: str,
    joint: Sequence[Representative] = (),
    cosigners: Sequence[Representative] = (),
    submitted_at: dt.datetime | None = None,
    on_behalf_of: Representative | None = None,
) -> tuple[Proposal, bool]:
    """Submit a proposal. Returns (proposal, created): the same token submitted again returns
    the first proposal and creates nothing. `submitted_at` is the day it was handed in, when it
    is entered later (now if not given; never in the future). `on_behalf_of` is the
    representative who wrote it on paper, when an officer with `congress.enter_paper` (the
    actor) types it in: the representative is the submitter, the actor is in the audit."""
    if not token:
        raise ValidationError(_("The form has expired: open it again and resubmit."))
    existing = Proposal.objects.filter(org=org, submission_token=token).first()
    if existing is not None:
        typed_by_actor = on_behalf_of is not None and existing.submitted_by_id == on_behalf_of.pk
        if existing.submitted_by.user_id != actor.pk and not typed_by_actor:
            raise ValidationError(_("The form has expired: open it again and resubmit."))
        return existing, False
    if session.org_id != org.pk:
        raise ValidationError(_("That session belongs to another organisation."))
    person = None
    if on_behalf_of is not None:
        _check_paper(org, actor)
        submitter = _paper_representative(org, session.term, on_behalf_of)
        person = submitter.user
    else:
        submitter = _representative(org, session.term, actor)
        if submitter is None or not allows(_roles(org, actor), "congress.submit"):
            raise ValidationError(
                _("Only representatives of term %(term)s can submit proposals.")
                % {"term": session.term.number}
            )
    for field, value in (("title", title), ("reasons", reasons), ("measures", measures)):
        if not value.strip():
            raise ValidationError({field: _("This field is required.")})
    submitted_at = stated_time(submitted_at, field="submitted_at")
    joint_ids = {r.pk for r in joint} - {submitter.pk}
    cosigner_ids = {r.pk for r in cosigners}
    if cosigner_ids & (joint_ids | {submitter.pk}):
        raise ValidationError(_("A submitter cannot also co-sign the same proposal."))
    wanted = joint_ids | cosigner_ids
    valid = set(
        Representative.objects.filter(
            org=org, term=session.term, is_active=True, pk__in=wanted
        ).values_list("pk", flat=True)
    )
    if wanted - valid:
        raise ValidationError(
            _("Joint submitters and co-signers must be representatives of the same term.")
        )
    Session.objects.select_for_update().filter(pk=session.pk).first()
    number = (
        Proposal.objects.filter(org=org, session=session).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                org=org,
                session=session,
                number=number,
                title=title.strip(),
                category=category,
                reasons=reasons.strip(),
                measures=measures.strip(),
                submitted_by=submitter,
                submission_token=token,
                state=State.COLLECTING,
                submitted_at=submitted_at,
            )
    except IntegrityError:
        return Proposal.objects.get(org=org, submission_token=token), False
    Signer.objects.bulk_create(
        [
            *(
                Signer(
                    org=org,
                    proposal=proposal,
                    representative_id=pk,
                    kind=Signer.Kind.JOINT,
                    signed_at=submitted_at,
                )
                for pk in sorted(joint_ids)
            ),
            *(
                Signer(
                    org=org,
                    proposal=proposal,
                    representative_id=pk,
                    kind=Signer.Kind.COSIGNER,
                    signed_at=submitted_at,
                )
                for pk in sorted(cosigner_ids)
            ),
        ]
    )
    _log(proposal, "", State.COLLECTING, actor, "", at=submitted_at, on_behalf_of=person)
    if person is not None:
        audit.record_typed_on_behalf(
            org=org, clerk=actor, subject=proposal, person=submitter.name, happened=submitted_at
        )
    if len(cosigner_ids) >= rules_for(org).min_cosigners:
        _move(proposal, State.SUBMITTED, actor, at=submitted_at, as_user=person)
    return proposal, True


@transaction.atomic
def proposal_cosign(
    *,
    org,
    actor,
    proposal: Proposal,
    on_behalf_of: Representative | None = None,
    signed_at: dt.datetime | None = None,
) -> Proposal:
    """附议: a representative of the same term adds their name. Enough names submit it.
    A co-signature given on paper is typed in by an officer (`congress.enter_paper`) on behalf
    of the representative, with the day it was signed (`signed_at`: now if not given; never in
    the future, nor before the proposal was submitted)."""
    proposal = _locked(org, proposal)
    person = None
    if on_behalf_of is not None:
        _check_paper(org, actor)
        rep = _paper_representative(org, proposal.session.term, on_behalf_of)
        person = rep.user
    else:
        rep = _representative(org, proposal.session.term, actor)
        if rep is None:
            raise ValidationError(
                _("Only representatives of term %(term)s can co-sign.")
                % {"term": proposal.session.term.number}
            )
    if (
        rep.pk == proposal.submitted_by_id
        or proposal.signers.filter(representative=rep, kind=Signer.Kind.JOINT).exists()
    ):
        if person is not None:
            raise ValidationError(
                {"on_behalf_of": _("%(name)s submitted this proposal.") % {"name": rep.name}}
            )
        raise ValidationError(_("You cannot co-sign your own proposal."))
    if proposal.state != State.COLLECTING:
        raise ValidationError(_("This proposal is no longer collecting co-signers."))
    if proposal.signers.filter(representative=rep).exists():
        if person is not None:
            raise ValidationError(
                {"on_behalf_of": _("%(name)s has already co-signed it.") % {"name": rep.name}}
            )
        raise ValidationError(_("You have already co-signed this proposal."))
    signed_at = stated_time(signed_at, field="signed_at")
    not_before(
        signed_at,
        proposal.submitted_at,
        field="signed_at",
        message=_("%(date)s is before the proposal was submitted (%(earlier)s)."),
    )
    Signer.objects.create(
        org=org,
        proposal=proposal,
        representative=rep,
        kind=Signer.Kind.COSIGNER,
        signed_at=signed_at,
    )
    audit.record(
        org=org,
        actor=actor,
        subject=proposal,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Co-signed by %(name)s"), name=rep.name),
    )
    if person is not None:
        audit.record_typed_on_behalf(
            org=org, clerk=actor, subject=proposal, person=rep.name, happened=signed_at
        )
    count = proposal.signers.filter(kind=Signer.Kind.COSIGNER).count()
    if count >= rules_for(org).min_cosigners:
        _move(proposal, State.SUBMITTED, actor, at=signed_at, as_user=person)
    return proposal


# Proposals: the guarded move ----------------------------------------------------------------


def _locked(org, proposal: Proposal) -> Proposal:
    try:
        return (
            Proposal.objects.select_for_update()
            .select_related("session__term", "submitted_by", "org")
            .get(org=org, pk=proposal.pk)
        )
    except Proposal.DoesNotExist:
        raise ValidationError(_("No such proposal in this organisation.")) from None


def _log(
    proposal: Proposal,
    old: str,
    new: str,
    actor,
    note: str,
    *,
    at: dt.datetime | None = None,
    on_behalf_of=None,
) -> None:
    ProposalTransition.objects.create(
        org=proposal.org,
        proposal=proposal,
        from_state=old,
        to_state=new,
        actor=actor,
        on_behalf_of=on_behalf_of,
        note=note,
        at=at or timezone.now(),
    )
    audit.record(
        org=proposal.org,
        actor=actor,
        subject=proposal,
        action=AuditEntry.Action.EVENT if old else AuditEntry.Action.CREATE,
        summary=Msg(
            gettext_noop("%(old)s → %(new)s"),
            old=State(old).label if old else "—",
            new=State(new).label,
        ),
        changes={"state": [old or "", new]},
    )


def _is_submitter(proposal: Proposal, user) -> bool:
    if proposal.submitted_by.user_id == user.pk:
        return True
    return proposal.signers.filter(kind=Signer.Kind.JOINT, representative__user=user).exists()


def _move(
    proposal: Proposal,
    target: str,
    actor,
    note: str = "",
    *,
    check_only=False,
    at: dt.datetime | None = None,
    as_user=None,
) -> None:
    """Move the proposal to `target`. `as_user` is the person an officer types in a paper
    record for: the move is checked against their rights, and logged as typed by `actor`."""
    person = as_user or actor
    old = proposal.state
    move = allowed(old, target)
    if move is None:
        if old in State.closed():
            raise ValidationError(
                _("This proposal is closed (%(state)s): nothing more can be done on it.")
                % {"state": State(old).label}
            )
        raise ValidationError(
            _("This proposal is “%(state)s”: it cannot move to “%(target)s”.")
            % {"state": State(old).label, "target": State(target).label}
        )
    if not allows(_roles(proposal.org, person), move.capability):
        raise ValidationError(_("You are not allowed to do this on a proposal."))
    if move.submitter_only and not _is_submitter(proposal, person):
        raise ValidationError(_("Only the submitters of this proposal can do this."))
    if check_only:
        return
    proposal.state = target
    proposal.save()
    _log(proposal, old, target, actor, note, at=at, on_behalf_of=as_user)


# Proposals: review, answer, rating, implementation ------------------------------------------


def _check_assignment(org, *, lead_department, supporting, responsible, answer_due) -> None:
    if lead_department is not None and lead_department.org_id != org.pk:
        raise ValidationError({"lead_department": _("That department is not in this school.")})
    if any(d.org_id != org.pk for d in supporting):
        raise ValidationError(
            {"supporting_departments": _("That department is not in this school.")}
        )
    if responsible is None:
        raise ValidationError({"responsible": _("Choose the leader responsible for the answer.")})
    if not RoleAssignment.objects.filter(org=org, user=responsible, role=Role.LEADER).exists():
        raise ValidationError({"responsible": _("The responsible person must be a school leader.")})
    if answer_due is None:
        raise ValidationError({"answer_due": _("Set the date the answer is due.")})


def _not_before_submission(proposal: Proposal, at: dt.datetime, *, field: str) -> None:
    if at < proposal.submitted_at:
        raise ValidationError(
            {
                field: _("%(date)s is before the proposal was submitted (%(submitted)s).")
                % {
                    "date": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
                    "submitted": timezone.localtime(proposal.submitted_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                }
            }
        )


def _assign(
    proposal, *, lead_department, supporting, responsible, answer_due, reviewed_at=None
) -> None:
    proposal.lead_department = lead_department
    proposal.responsible = responsible
    proposal.answer_due = answer_due
    proposal.reviewed_at = reviewed_at or timezone.now()
    proposal.save()
    proposal.supporting_departments.set([d for d in supporting if d != lead_department])
    notice_send_on_commit(
        org=proposal.org,
        user=responsible,
        kind=Notice.Kind.ASSIGNED,
        title=Msg(
            gettext_noop("Proposal %(number)s “%(title)s” is yours to answer by %(due)s."),
            number=proposal.number,
            title=proposal.title,
            due=answer_due,
        ),
        url=_proposal_url(proposal),
    )


@transaction.atomic
def proposal_accept(
    *,
    org,
    actor,
    proposal: Proposal,
    lead_department: Department,
    responsible,
    answer_due: dt.date,
    supporting: Sequence[Department] = (),
    note: str = "",
    reviewed_at: dt.datetime | None = None,
) -> Proposal:
    """立案: the committee accepts and assigns it to departments with an answer deadline.
    `reviewed_at` is the day the committee decided, when entered later (now if not given)."""
    proposal = _locked(org, proposal)
    _move(proposal, State.ACCEPTED, actor, check_only=True)
    reviewed_at = stated_time(reviewed_at, field="reviewed_at")
    _not_before_submission(proposal, reviewed_at, field="reviewed_at")
    if lead_department is None:
        raise ValidationError({"lead_department": _("Choose the lead department.")})
    _check_assignment(
        org,
        lead_department=lead_department,
        supporting=supporting,
        responsible=responsible,
        answer_due=answer_due,
    )
    proposal.review = Review.ACCEPTED
    proposal.review_note = note.strip()
    _assign(
        proposal,
        lead_department=lead_department,
        supporting=supporting,
        responsible=responsible,
        answer_due=answer_due,
        reviewed_at=reviewed_at,
    )
    _move(proposal, State.ACCEPTED, actor, note, at=reviewed_at)
    return proposal


@transaction.atomic
def proposal_reject(
    *,
    org,
    actor,
    proposal: Proposal,
    reason: str,
    responsible,
    answer_due: dt.date,
    lead_department: Department | None = None,
    reviewed_at: dt.datetime | None = None,
) -> Proposal:
    """不立案: not accepted, with a written reason; it is still answered, as an opinion.
    `reviewed_at` is the day the committee decided, when entered later (now if not given)."""
    proposal = _locked(org, proposal)
    _move(proposal, State.OPINION, actor, check_only=True)
    reviewed_at = stated_time(reviewed_at, field="reviewed_at")
    _not_before_submission(proposal, reviewed_at, field="reviewed_at")
    if not reason.strip():
        raise ValidationError({"reason": _("Write the reason the proposal is not accepted.")})
    _check_assignment(
        org,
        lead_department=lead_department,
        supporting=(),
        responsible=responsible,
        answer_due=answer_due,
    )
    proposal.review = Review.OPINION
    proposal.review_note = reason.strip()
    _assign(
        proposal,
        lead_department=lead_department,
        supporting=(),
        responsible=responsible,
        answer_due=answer_due,
        reviewed_at=reviewed_at,
    )
    _move(proposal, State.OPINION, actor, reason.strip(), at=reviewed_at)
    return proposal


@transaction.atomic
def proposal_merge(
    *,
    org,
    actor,
    proposal: Proposal,
    into: Proposal,
    note: str = "",
    reviewed_at: dt.datetime | None = None,
) -> Proposal:
    """并案: merged into a proposal on the same matter; it is answered there.
    `reviewed_at` is the day the committee decided, when entered later (now if not given)."""
    proposal = _locked(org, proposal)
    _move(proposal, State.MERGED, actor, check_only=True)
    reviewed_at = stated_time(reviewed_at, field="reviewed_at")
    _not_before_submission(proposal, reviewed_at, field="reviewed_at")
    if into is None or into.org_id != org.pk:
        raise ValidationError({"into": _("Choose the proposal to merge into.")})
    if into.pk == proposal.pk:
        raise ValidationError({"into": _("A proposal cannot be merged into itself.")})
    if into.state in (State.MERGED, State.COLLECTING):
        raise ValidationError(
            {
                "into": _("Proposal %(number)s cannot take merged proposals.")
                % {"number": into.number}
            }
        )
    proposal.merged_into = into
    proposal.review = Review.MERGED
    proposal.review_note = note.strip()
    proposal.reviewed_at = reviewed_at
    proposal.save()
    _move(
        proposal,
        State.MERGED,
        actor,
        note.strip() or _("Merged into proposal %(number)s") % {"number": into.number},
        at=reviewed_at,
    )
    return proposal


@transaction.atomic
def proposal_answer(
    *,
    org,
    actor,
    proposal: Proposal,
    text: str,
    answered_at: dt.datetime | None = None,
    on_behalf_of=None,
) -> Answer:
    """答复: the responsible leader's written answer (a second one when asked for).
    `answered_at` is the day it was answered, when entered later (now if not given; never in the
    future, nor before the proposal was submitted); the on-time check uses it. An answer given
    on paper is typed in by an officer (`congress.enter_paper`) `on_behalf_of` the leader (a
    user), who is then its author."""
    proposal = _locked(org, proposal)
    second = proposal.state == State.REANSWER
    if on_behalf_of is not None:
        _check_paper(org, actor)
    leader = on_behalf_of or actor
    _move(proposal, State.ANSWERED, actor, check_only=True, as_user=on_behalf_of)
    if proposal.responsible_id and proposal.responsible_id != leader.pk:
        raise ValidationError(
            _("Only the responsible leader, %(name)s, can answer this proposal.")
            % {"name": proposal.responsible}
        )
    if not text.strip():
        raise ValidationError({"text": _("Write the answer.")})
    answered_at = stated_time(answered_at, field="answered_at")
    _not_before_submission(proposal, answered_at, field="answered_at")
    answer = Answer.objects.create(
        org=org,
        proposal=proposal,
        round=2 if second else 1,
        text=text.strip(),
        author=leader,
        at=answered_at,
    )
    if on_behalf_of is not None:
        audit.record_typed_on_behalf(
            org=org, clerk=actor, subject=proposal, person=str(leader), happened=answered_at
        )
    if proposal.first_answered_at is None:
        proposal.first_answered_at = answer.at
        proposal.answered_on_time = proposal.answer_due is None or (
            timezone.localdate(answer.at) <= proposal.answer_due
        )
    _move(proposal, State.ANSWERED, actor, at=answered_at, as_user=on_behalf_of)
    notice_send_on_commit(
        org=org,
        user=proposal.submitted_by.user,
        kind=Notice.Kind.ANSWERED,
        title=Msg(
            gettext_noop("Your proposal “%(title)s” has been answered: please rate the answer."),
            title=proposal.title,
        ),
        url=_proposal_url(proposal),
    )
    return answer


@transaction.atomic
def proposal_request_second_answer(*, org, actor, proposal: Proposal, reason: str) -> Proposal:
    proposal = _locked(org, proposal)
    if proposal.second_answer_requested:
        raise ValidationError(_("A second answer can be asked for only once."))
    _move(proposal, State.REANSWER, actor, check_only=True)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the answer leaves out.")})
    proposal.second_answer_requested = True
    _move(proposal, State.REANSWER, actor, reason.strip())
    notice_send_on_commit(
        org=org,
        user=proposal.responsible,
        kind=Notice.Kind.ASSIGNED,
        title=Msg(
            gettext_noop("A second answer is asked for on proposal “%(title)s”."),
            title=proposal.title,
        ),
        url=_proposal_url(proposal),
    )
    return proposal


@transaction.atomic
def proposal_rate(
    *,
    org,
    actor,
    proposal: Proposal,
    rating: str,
    comment: str = "",
    rated_at: dt.datetime | None = None,
    on_behalf_of: Representative | None = None,
) -> Proposal:
    """The submitter rates the answer, once. Implementation is then tracked until done.
    A rating given on paper is typed in by an officer (`congress.enter_paper`) on behalf of the
    submitting representative, with the day it was given (`rated_at`: now if not given; never
    in the future, nor before the answer it rates)."""
    from unionhall.congress.models import Rating

    proposal = _locked(org, proposal)
    if proposal.rating:
        raise ValidationError(_("This proposal has already been rated; a rating is given once."))
    person = None
    if on_behalf_of is not None:
        _check_paper(org, actor)
        person = _paper_representative(org, proposal.session.term, on_behalf_of).user
    _move(proposal, State.RATED, actor, check_only=True, as_user=person)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose satisfied, fairly satisfied or not satisfied.")})
    rated_at = stated_time(rated_at, field="rated_at")
    answer = proposal.answers.order_by("-round").first()
    if answer is not None:
        not_before(
            rated_at,
            answer.at,
            field="rated_at",
            message=_("%(date)s is before the answer it rates (%(earlier)s)."),
        )
    proposal.rating = rating
    proposal.rated_at = rated_at
    if person is not None:
        audit.record_typed_on_behalf(
            org=org, clerk=actor, subject=proposal, person=on_behalf_of.name, happened=rated_at
        )
    _move(
        proposal,
        State.RATED,
        actor,
        comment.strip() or str(Rating(rating).label),
        at=rated_at,
        as_user=person,
    )
    notice_send_on_commit(
        org=org,
        user=proposal.responsible,
        kind=Notice.Kind.INFO,
        title=Msg(
            gettext_noop("The answer to “%(title)s” was rated: %(rating)s."),
            title=proposal.title,
            rating=Rating(rating).label,
        ),
        url=_proposal_url(proposal),
    )
    return proposal


@transaction.atomic
def proposal_progress(
    *, org, actor, proposal: Proposal, text: str, reported_at: dt.datetime | None = None
) -> ImplementationUpdate:
    """落实情况: record what has been done. Allowed while the proposal is being implemented.
    `reported_at` is the day it was reported, when entered later (now if not given; never in
    the future, nor before the rating that started the implementation)."""
    proposal = _locked(org, proposal)
    if proposal.state != State.RATED:
        raise ValidationError(
            _("Progress is recorded while a proposal is implemented; this one is “%(state)s”.")
            % {"state": proposal.get_state_display()}
        )
    if not allows(_roles(org, actor), "congress.answer"):
        raise ValidationError(_("You are not allowed to do this on a proposal."))
    if not text.strip():
        raise ValidationError({"text": _("Write what has been done.")})
    reported_at = stated_time(reported_at, field="reported_at")
    not_before(
        reported_at,
        proposal.rated_at,
        field="reported_at",
        message=_("%(date)s is before the answer was rated (%(earlier)s)."),
    )
    update = ImplementationUpdate.objects.create(
        org=org, proposal=proposal, text=text.strip(), author=actor, at=reported_at
    )
    audit.record(
        org=org, actor=actor, subject=proposal, action=AuditEntry.Action.EVENT, summary=text[:200]
    )
    return update


@transaction.atomic
def proposal_done(
    *, org, actor, proposal: Proposal, note: str = "", done_at: dt.datetime | None = None
) -> Proposal:
    """Close an implemented proposal. `done_at` is the day it was done, when entered later (now
    if not given; never in the future, nor before its last progress report or its rating)."""
    proposal = _locked(org, proposal)
    _move(proposal, State.DONE, actor, check_only=True)
    done_at = stated_time(done_at, field="done_at")
    last = proposal.updates.order_by("-at").values_list("at", flat=True).first()
    earliest = max(filter(None, (proposal.rated_at, last)), default=None)
    if earliest is not None:
        not_before(
            done_at,
            earliest,
            field="done_at",
            message=_("%(date)s is before the implementation it closes (%(earlier)s)."),
        )
    proposal.done_at = done_at
    if note.strip():
        ImplementationUpdate.objects.create(
            org=org, proposal=proposal, text=note.strip(), author=actor, at=done_at
        )
    _move(proposal, State.DONE, actor, note.strip(), at=done_at)
    return proposal


# Resolutions -------------------------------------------------------------------------------


@transaction.atomic
def resolution_create(
    *, org, actor, session: Session, title: str, description: str = "", document=None
) -> Resolution:
    if session.org_id != org.pk:
        raise ValidationError(_("That session belongs to another organisation."))
    if not title.strip():
        raise ValidationError({"title": _("This field is required.")})
    resolution = Resolution.objects.create(
        org=org,
        session=session,
        title=title.strip(),
        description=description.strip(),
        document=document or "",
    )
    audit.record(
        org=org, actor=actor, subject=resolution, action=AuditEntry.Action.CREATE, summary=title
    )
    return resolution


@transaction.atomic
def resolution_tally(
    *,
    org,
    actor,
    resolution: Resolution,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    tallied_at: dt.datetime | None = None,
) -> Resolution:
    """The chair enters the tally. It passes with more than the configured share (half by
    default) of ALL serving representatives of the term, not of those voting. `tallied_at` is
    when the congress voted, when typed in later from the paper tally (now if not given; never
    in the future, nor before the session was held)."""
    resolution = (
        Resolution.objects.select_for_update()
        .select_related("session")
        .get(org=org, pk=resolution.pk)
    )
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationError(_("Vote counts cannot be negative."))
    electorate = Representative.objects.filter(
        org=org, term_id=resolution.session.term_id, is_active=True
    ).count()
    cast = votes_for + votes_against + votes_abstain
    if cast > electorate:
        raise ValidationError(
            _("%(cast)s votes were entered but the term has only %(total)s representatives.")
            % {"cast": cast, "total": electorate}
        )
    tallied_at = stated_time(tallied_at, field="tallied_at")
    not_before(
        tallied_at,
        resolution.session.held_on,
        field="tallied_at",
        message=_("%(date)s is before the session was held (%(earlier)s)."),
    )
    rules = rules_for(org)
    audit.audited_update(
        resolution,
        org=org,
        actor=actor,
        fields=["votes_for", "votes_against", "votes_abstain", "passed"],
        changes={
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
            "electorate": electorate,
            "passed": votes_for * rules.pass_denominator > electorate * rules.pass_numerator,
            "tallied_by": actor,
            "tallied_at": tallied_at,
        },
        summary=Msg(gettext_noop("Tally entered")),
    )
    return resolution


@transaction.atomic
def rules_update(*, org, actor, **values) -> CongressRules:
    rules = rules_for(org)
    fields = [f.name for f in CongressRules._meta.fields if f.name not in ("id", "org")]
    for name in values:
        if name not in fields:
            raise ValidationError(_("Unknown rule: %(name)s") % {"name": name})
    denominators = [values.get(name, getattr(rules, name)) for name in DENOMINATORS]
    if not all(denominators):
        raise ValidationError(_("A share needs a denominator above zero."))
    audit.audited_update(
        rules,
        org=org,
        actor=actor,
        fields=fields,
        changes=values,
        summary=Msg(gettext_noop("Congress rules changed")),
    )
    return rules
