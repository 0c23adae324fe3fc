"""Pages of proposals: the list, submitting one online or from paper, its page, its form as .docx,
and each step after submission (co-signing, review, answer, rating, implementation)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.congress import documents, forms, selectors, services
from unionhall.congress.models import Category, Proposal, Signer
from unionhall.congress.views import PAGE_SIZE, _today, _url
from unionhall.congress.workflow import TRANSITIONS, State
from unionhall.core.actions import run_action
from unionhall.core.backdate import paper_time
from unionhall.core.params import id_param
from unionhall.orgs.access import can, requires

# Proposals ---------------------------------------------------------------------------------


@requires("congress.view")
def proposal_list(request):
    org = request.org
    session_id = id_param(request, "session")
    state = request.GET.get("state", "")
    state = state if state in State.values or state == "open" else ""
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    q = request.GET.get("q", "").strip()[:50]
    rows = selectors.proposal_list(org=org, session=session_id, state=state, category=category, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sessions": selectors.session_list(org=org),
        "filters": {"session": session_id, "state": state, "category": category, "q": q},
        "states": State.choices,
        "categories": Category.choices,
    }
    template = "congress/proposals.html#rows" if request.htmx else "congress/proposals.html"
    return render(request, template, context)


@requires("congress.submit")
def proposal_create(request):
    org = request.org
    session = selectors.latest_session(org=org)
    if session is None:
        return render(request, "congress/proposal_form.html", {"form": None, "session": None})
    kwargs = {"org": org, "term": session.term, "user": request.user}
    if request.method == "POST":
        form = forms.ProposalForm(request.POST, **kwargs)
    else:
        form = forms.ProposalForm(initial={"token": services.new_submission_token()}, **kwargs)

    def perform(data):
        proposal, created = services.proposal_submit(
            org=org,
            actor=request.user,
            session=session,
            title=data["title"],
            category=data["category"],
            reasons=data["reasons"],
            measures=data["measures"],
            token=data["token"],
            joint=list(data["joint"]),
            cosigners=list(data["cosigners"]),
        )
        if not created:
            messages.info(request, _("This proposal was already submitted."))
        return proposal, created

    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda submitted: _("Your proposal is submitted.") if submitted[1] else None,
        redirect_to=lambda submitted: _url(request, "congress:proposal", pk=submitted[0].pk),
        template="congress/proposal_form.html",
        context={"session": session},
    )


@requires("congress.enter_paper")
def proposal_paper_create(request):
    """A proposal handed in on paper, typed in by an officer on behalf of its representative."""
    org = request.org
    session = selectors.latest_session(org=org)
    context = {"session": session, "paper": True}
    if session is None:
        return render(request, "congress/proposal_form.html", {**context, "form": None})
    kwargs = {"org": org, "term": session.term}
    if request.method == "POST":
        form = forms.PaperProposalForm(request.POST, **kwargs)
    else:
        form = forms.PaperProposalForm(initial={"token": services.new_submission_token()}, **kwargs)

    def perform(data):
        proposal, _created = services.proposal_submit(
            org=org,
            actor=request.user,
            session=session,
            title=data["title"],
            category=data["category"],
            reasons=data["reasons"],
            measures=data["measures"],
            token=data["token"],
            joint=list(data["joint"]),
            cosigners=list(data["cosigners"]),
            on_behalf_of=data["on_behalf_of"],
            submitted_at=paper_time(data["happened_on"]),
        )
        return proposal

    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda proposal: (
            _("The proposal is entered on behalf of %(name)s.")
            % {"name": proposal.submitted_by.name}
        ),
        redirect_to=lambda proposal: _url(request, "congress:proposal", pk=proposal.pk),
        template="congress/proposal_form.html",
        context=context,
        status=400,
    )


def _paper_actions(request, proposal: Proposal) -> dict:
    """The "entered from paper" forms an officer may use on this proposal now."""
    if not can(request, "congress.enter_paper"):
        return {}
    actions = {}
    if proposal.state == State.COLLECTING:
        cosign = forms.PaperCosignForm(proposal=proposal, prefix="paper_cosign")
        if cosign.fields["on_behalf_of"].queryset.exists():
            actions["paper_cosign"] = cosign
    if proposal.state in State.awaiting_answer():
        actions["paper_answer"] = forms.PaperAnswerForm(proposal=proposal, prefix="paper_answer")
    if proposal.state == State.ANSWERED and not proposal.rating:
        actions["paper_rate"] = forms.PaperRateForm(proposal=proposal, prefix="paper_rate")
    return actions


def _actions(request, proposal: Proposal) -> dict:
    """The forms this user may use on this proposal now, from the workflow table."""
    next_states = TRANSITIONS.get(proposal.state, {})
    is_submitter = request.user.pk == proposal.submitted_by.user_id or any(
        s.kind == Signer.Kind.JOINT and s.representative.user_id == request.user.pk
        for s in proposal.signer_rows
    )

    def may(target: str) -> bool:
        move = next_states.get(target)
        return bool(
            move and can(request, move.capability) and (is_submitter or not move.submitter_only)
        )

    org = request.org
    actions = {}
    if may(State.ACCEPTED) and proposal.state == State.SUBMITTED:
        actions["accept"] = forms.AcceptForm(org=org, prefix="accept")
    if may(State.OPINION):
        actions["reject"] = forms.RejectForm(org=org, prefix="reject")
    if may(State.MERGED):
        merge = forms.MergeForm(proposal=proposal, prefix="merge")
        if merge.fields["into"].queryset.exists():
            actions["merge"] = merge
    if may(State.ANSWERED) and proposal.responsible_id in (None, request.user.pk):
        actions["answer"] = forms.AnswerForm(prefix="answer")
    if may(State.REANSWER) and not proposal.second_answer_requested:
        actions["second"] = forms.SecondAnswerForm(prefix="second")
    if may(State.RATED) and not proposal.rating:
        actions["rate"] = forms.RateForm(prefix="rate")
    if proposal.state == State.RATED and can(request, "congress.answer"):
        actions["progress"] = forms.ProgressForm(prefix="progress")
    if may(State.DONE):
        actions["done"] = forms.DoneForm(prefix="done")
    if (
        proposal.state == State.COLLECTING
        and can(request, "congress.submit")
        and not is_submitter
        and all(s.representative.user_id != request.user.pk for s in proposal.signer_rows)
    ):
        actions["cosign"] = True
    actions.update(_paper_actions(request, proposal))
    return actions


def _detail_context(request, proposal: Proposal) -> dict:
    proposal.signer_rows = list(proposal.signers.select_related("representative"))
    return {
        "proposal": proposal,
        "signers": proposal.signer_rows,
        "supporting": list(proposal.supporting_departments.all()),
        "answers": list(proposal.answers.select_related("author")),
        "updates": list(proposal.updates.select_related("author")),
        "transitions": list(proposal.transitions.select_related("actor", "on_behalf_of")),
        "merged": list(proposal.merged.all()),
        "overdue": proposal.is_overdue(_today()),
        "actions": _actions(request, proposal),
    }


@requires("congress.view")
def proposal_detail(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return render(request, "congress/proposal.html", _detail_context(request, proposal))


@requires("congress.view")
def proposal_docx(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    data = documents.proposal_form_docx(proposal)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = (
        f"proposal-{proposal.session.term.number}-{proposal.session.number}-{proposal.number}.docx"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _on_proposal_page(request, proposal: Proposal, name: str) -> dict:
    """Where an action on the proposal page leads: back to the page; or, refused, the page
    again with the action's form and its errors."""

    def context(form) -> dict:
        shown = _detail_context(request, proposal)
        shown["actions"][name] = form
        return shown

    return {
        "redirect_to": _url(request, "congress:proposal", pk=proposal.pk),
        "template": "congress/proposal.html",
        "context": context,
        "status": 400,
    }


@require_POST
@requires("congress.submit")
def proposal_cosign(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.proposal_cosign(
            org=request.org, actor=request.user, proposal=proposal
        ),
        success=_("You have co-signed this proposal."),
        redirect_to=_url(request, "congress:proposal", pk=proposal.pk),
    )


@require_POST
@requires("congress.review")
def proposal_accept(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.AcceptForm(request.POST, prefix="accept", org=request.org),
        perform=lambda data: services.proposal_accept(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            lead_department=data["lead_department"],
            supporting=list(data["supporting_departments"]),
            responsible=data["responsible"],
            answer_due=data["answer_due"],
            note=data["note"],
            reviewed_at=paper_time(data["happened_on"]),
        ),
        success=_("The proposal is accepted and assigned."),
        **_on_proposal_page(request, proposal, "accept"),
    )


@require_POST
@requires("congress.review")
def proposal_reject(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.RejectForm(request.POST, prefix="reject", org=request.org),
        perform=lambda data: services.proposal_reject(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            reason=data["reason"],
            lead_department=data["lead_department"],
            responsible=data["responsible"],
            answer_due=data["answer_due"],
            reviewed_at=paper_time(data["happened_on"]),
        ),
        success=_("The proposal is not accepted; it will be answered as an opinion."),
        **_on_proposal_page(request, proposal, "reject"),
    )


@require_POST
@requires("congress.review")
def proposal_merge(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.MergeForm(request.POST, prefix="merge", proposal=proposal),
        perform=lambda data: services.proposal_merge(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            into=data["into"],
            note=data["note"],
            reviewed_at=paper_time(data["happened_on"]),
        ),
        success=_("The proposal is merged."),
        **_on_proposal_page(request, proposal, "merge"),
    )


@require_POST
@requires("congress.answer")
def proposal_answer(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.AnswerForm(request.POST, prefix="answer"),
        perform=lambda data: services.proposal_answer(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            text=data["text"],
            answered_at=paper_time(data["happened_on"]),
        ),
        success=_("Your answer is sent to the submitter."),
        **_on_proposal_page(request, proposal, "answer"),
    )


@require_POST
@requires("congress.submit")
def proposal_second_answer(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.SecondAnswerForm(request.POST, prefix="second"),
        perform=lambda data: services.proposal_request_second_answer(
            org=request.org, actor=request.user, proposal=proposal, reason=data["reason"]
        ),
        success=_("A second answer is asked for."),
        **_on_proposal_page(request, proposal, "second"),
    )


@require_POST
@requires("congress.submit")
def proposal_rate(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.RateForm(request.POST, prefix="rate"),
        perform=lambda data: services.proposal_rate(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            rating=data["rating"],
            comment=data["comment"],
        ),
        success=_("Thank you: your rating is recorded."),
        **_on_proposal_page(request, proposal, "rate"),
    )


@require_POST
@requires("congress.answer")
def proposal_progress(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.ProgressForm(request.POST, prefix="progress"),
        perform=lambda data: services.proposal_progress(
            org=request.org, actor=request.user, proposal=proposal, text=data["text"]
        ),
        success=_("The progress is recorded."),
        **_on_proposal_page(request, proposal, "progress"),
    )


@require_POST
@requires("congress.answer")
def proposal_done(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.DoneForm(request.POST, prefix="done"),
        perform=lambda data: services.proposal_done(
            org=request.org, actor=request.user, proposal=proposal, note=data["note"]
        ),
        success=_("The proposal is done."),
        **_on_proposal_page(request, proposal, "done"),
    )


# (form, service, the service's date keyword) of each "entered from paper" action on a proposal.
PAPER_ACTIONS = {
    "cosign": (forms.PaperCosignForm, "proposal_cosign", "signed_at"),
    "answer": (forms.PaperAnswerForm, "proposal_answer", "answered_at"),
    "rate": (forms.PaperRateForm, "proposal_rate", "rated_at"),
}


@require_POST
@requires("congress.enter_paper")
def proposal_paper(request, pk: int, action: str):
    """A co-signature, answer or rating given on paper, typed in on behalf of its author."""
    if action not in PAPER_ACTIONS:
        raise Http404("no such paper record")
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    form_class, service, date_field = PAPER_ACTIONS[action]
    name = f"paper_{action}"

    def perform(data):
        data = dict(data)
        data[date_field] = paper_time(data.pop("happened_on"))
        return getattr(services, service)(
            org=request.org, actor=request.user, proposal=proposal, **data
        )

    form = form_class(request.POST, prefix=name, proposal=proposal)
    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda result: (
            _("Entered from paper on behalf of %(name)s.")
            % {"name": form.cleaned_data["on_behalf_of"]}
        ),
        **_on_proposal_page(request, proposal, name),
    )
