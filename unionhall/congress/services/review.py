"""Writes for a proposal after submission. Every state change goes through `_move`, which checks
the workflow table, the actor's capability, and logs the change."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import (
    Answer,
    ImplementationUpdate,
    Proposal,
    ProposalTransition,
    Representative,
    Review,
    Signer,
)
from unionhall.congress.services.rules import _check_paper, _paper_representative, _roles
from unionhall.congress.workflow import State, allowed
from unionhall.core import audit
from unionhall.core.backdate import not_before, stated_time
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send_on_commit
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import Department, RoleAssignment
from unionhall.orgs.roles import Role


def _proposal_url(proposal: Proposal) -> str:
    return reverse("congress:proposal", kwargs={"org": proposal.org.code, "pk": proposal.pk})


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


def _person(proposal: Proposal, person) -> tuple[frozenset[str], object, object]:
    """(roles, is-submitter check, login) of the person a move is checked against. A
    representative without a login yet holds a representative's rights, and is a submitter by
    their own representation."""
    if isinstance(person, Representative):
        if person.user_id is not None:
            return _person(proposal, person.user)
        rep = person
        return (
            frozenset({Role.MEMBER, Role.REPRESENTATIVE}),
            lambda: (
                proposal.submitted_by_id == rep.pk
                or proposal.signers.filter(kind=Signer.Kind.JOINT, representative=rep).exists()
            ),
            None,
        )
    return (
        _roles(proposal.org, person),
        lambda: _is_submitter(proposal, person),
        person,
    )


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
    record for (a login, or a representative, who may have none yet): the move is checked
    against their rights, and logged as typed by `actor`."""
    roles, is_submitter, login = _person(proposal, as_user or actor)
    typed_for = login if as_user is not None else None
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
    if not allows(roles, move.capability):
        raise ValidationError(_("You are not allowed to do this on a proposal."))
    if move.submitter_only and not is_submitter():
        raise ValidationError(_("Only the submitters of this proposal can do this."))
    if check_only:
        return
    proposal.state = target
    proposal.save()
    _log(proposal, old, target, actor, note, at=at, on_behalf_of=typed_for)


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
    if proposal.submitted_by.user_id is not None:  # one without a login reads it on paper
        notice_send_on_commit(
            org=org,
            user=proposal.submitted_by.user,
            kind=Notice.Kind.ANSWERED,
            title=Msg(
                gettext_noop(
                    "Your proposal “%(title)s” has been answered: please rate the answer."
                ),
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
        person = _paper_representative(org, proposal.session.term, on_behalf_of)
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
