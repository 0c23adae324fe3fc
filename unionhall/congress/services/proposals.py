"""Writes for submitting and co-signing a proposal."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import Proposal, Representative, Session, Signer, Term
from unionhall.congress.services.review import _locked, _log, _move
from unionhall.congress.services.rules import _check_paper, _paper_representative, _roles, rules_for
from unionhall.congress.workflow import State
from unionhall.core import audit
from unionhall.core.backdate import not_before, stated_time
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.orgs.capabilities import allows

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
        person = submitter
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
    _log(
        proposal,
        "",
        State.COLLECTING,
        actor,
        "",
        at=submitted_at,
        on_behalf_of=person.user if person is not None else None,
    )
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
        person = rep
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
