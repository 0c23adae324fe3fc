import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.congress import documents as docs
from unionhall.congress import forms, selectors, services
from unionhall.congress.indicators import session_figures
from unionhall.congress.models import Category, Proposal, Representative, Resolution, Signer
from unionhall.congress.workflow import TRANSITIONS, State
from unionhall.core import indicators
from unionhall.core.actions import run_action
from unionhall.core.backdate import paper_time
from unionhall.core.params import id_list, id_param
from unionhall.core.records import ShownFigure, records_page
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _today() -> dt.date:
    return timezone.localdate()


# Terms, sessions, representatives ------------------------------------------------------------


@requires("congress.view")
def congress_home(request):
    org = request.org
    sessions = list(selectors.session_list(org=org)[:10])
    context = {
        "terms": list(selectors.term_list(org=org)),
        "sessions": sessions,
        "latest": sessions[0] if sessions else None,
    }
    return render(request, "congress/home.html", context)


@requires("congress.manage")
def rules_edit(request):
    rules = services.rules_for(request.org)
    return run_action(
        request,
        form=forms.RulesForm(request.POST or None, instance=rules),
        perform=lambda data: services.rules_update(org=request.org, actor=request.user, **data),
        success=_("The congress rules are saved."),
        redirect_to=_url(request, "congress:home"),
        template="congress/form.html",
        context={"heading": _("Congress rules")},
    )


@requires("congress.manage")
def term_create(request):
    return run_action(
        request,
        form=forms.TermForm(request.POST or None),
        perform=lambda data: services.term_create(org=request.org, actor=request.user, **data),
        redirect_to=lambda term: _url(request, "congress:term", pk=term.pk),
        template="congress/form.html",
        context={"heading": _("New term")},
    )


@requires("congress.view")
def term_detail(request, pk: int):
    term = selectors.term_get(org=request.org, pk=pk)
    rules = services.rules_for(request.org)
    sessions = list(term.sessions.order_by("number"))
    context = {
        "term": term,
        "reps": list(selectors.representative_list(org=request.org, term=term)),
        "composition": selectors.composition(org=request.org, term=term, rules=rules),
        "sessions": sessions,
        "missing_semesters": selectors.semesters_without_session(
            term=term, sessions=sessions, today=_today()
        ),
    }
    return render(request, "congress/term.html", context)


@requires("congress.manage")
def representative_add(request, pk: int):
    term = selectors.term_get(org=request.org, pk=pk)
    form = forms.RepresentativeForm(request.POST or None, org=request.org, term=term)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.representative_add(
            org=request.org,
            actor=request.user,
            term=term,
            member=data["member"],
            electoral_group=data["electoral_group"],
            is_frontline=form.frontline_value(),
        ),
        success=lambda rep: _("%(name)s is now a representative.") % {"name": rep.name},
        redirect_to=_url(request, "congress:term", pk=term.pk),
        template="congress/form.html",
        context={"heading": _("Add a representative to %(term)s") % {"term": term}},
    )


@requires("congress.manage")
def session_create(request, pk: int):
    term = selectors.term_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.SessionForm(request.POST or None),
        perform=lambda data: services.session_create(
            org=request.org, actor=request.user, term=term, **data
        ),
        redirect_to=lambda session: _url(request, "congress:session", pk=session.pk),
        template="congress/form.html",
        context={"heading": _("New session of %(term)s") % {"term": term}},
    )


@requires("congress.view")
def session_detail(request, pk: int):
    session = selectors.session_get(org=request.org, pk=pk)
    rules = services.rules_for(request.org)
    report = selectors.session_report(org=request.org, session=session)
    context = {
        "session": session,
        "quorum": selectors.quorum(org=request.org, session=session, rules=rules),
        "resolutions": list(session.resolutions.all()),
        "report": report,
        "shown": _report_figures(request, report),
    }
    return render(request, "congress/session.html", context)


@requires("congress.manage")
def attendance(request, pk: int):
    session = selectors.session_get(org=request.org, pk=pk)

    # Officers who enter paper records may give the day the attendance was taken.
    form = None
    if can(request, "congress.enter_paper"):
        form = forms.AttendanceDateForm(request.POST or None, initial={"taken_on": session.held_on})

    def perform(data):
        asked = request.POST.getlist("present")
        ids = id_list(request.POST, "present")
        if len(ids) != len(asked):
            raise ValidationError(_("Only representatives of this term can be marked present."))
        return services.attendance_record(
            org=request.org,
            actor=request.user,
            session=session,
            present=ids,
            taken_on=data.get("taken_on"),
        )

    return run_action(
        request,
        form=form,
        perform=perform,
        success=_("Attendance is saved."),
        redirect_to=_url(request, "congress:session", pk=session.pk),
        template="congress/attendance.html",
        context=lambda form: {
            "form": form,
            "session": session,
            "reps": list(
                Representative.objects.filter(org=request.org, term=session.term, is_active=True)
            ),
            "present": selectors.attendance_present_ids(org=request.org, session=session),
        },
    )


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
    data = docs.proposal_form_docx(proposal)
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
            org=request.org, actor=request.user, proposal=proposal, text=data["text"]
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


# Report, resolutions, overdue ------------------------------------------------------------------


# The report's figures: key in the template → the indicator it shows, over the session.
REPORT_FIGURES = {
    "received": "congress.proposals_received",
    "accepted": "congress.proposals_accepted",
    "opinions": "congress.proposals_opinions",
    "merged": "congress.proposals_merged",
    "pending_review": "congress.proposals_awaiting_review",
    "answered": "congress.proposals_answered",
    "on_time": "congress.proposals_answered_on_time",
    "second_answers": "congress.second_answers",
    "done": "congress.proposals_done",
    "open": "congress.proposals_open",
    "acceptance_rate": "congress.acceptance_rate",
    "answer_rate": "congress.answer_rate",
    "on_time_rate": "congress.on_time_rate",
    "satisfaction_rate": "congress.satisfaction_rate",
}


def _report_figures(request, report: selectors.SessionReport) -> dict:
    """Every number of a session's report, each linked to the proposals behind it (everyone who
    reads the report may read the proposals: both need congress.view)."""

    def href(name: str, part: str = "") -> str:
        kwargs = {"org": request.org.code, "pk": report.session.pk, "name": name}
        url = reverse("congress:report_records", kwargs=kwargs)
        return f"{url}?{urlencode({'part': part})}" if part else url

    shown: dict = {
        key: ShownFigure(report.figures[name].value, href(name), found=indicators.get(name))
        for key, name in REPORT_FIGURES.items()
    }
    for name in ("congress.ratings", "congress.by_category"):
        shown[name.removeprefix("congress.")] = [
            (label, ShownFigure(part.value, href(name, label), indicators.get(name), part=True))
            for label, part in report.figures[name].parts.items()
        ]
    return shown


@requires("congress.view")
def session_report(request, pk: int):
    session = selectors.session_get(org=request.org, pk=pk)
    report = selectors.session_report(org=request.org, session=session)
    context = {"session": session, "report": report, "shown": _report_figures(request, report)}
    return render(request, "congress/report.html", context)


@requires("congress.view")
def session_report_records(request, pk: int, name: str):
    """The proposals behind one figure of a session's report (or one part of a breakdown)."""
    session = selectors.session_get(org=request.org, pk=pk)
    figures = session_figures(org=request.org, session=session)
    if name not in figures:
        raise Http404("no such figure")
    result, scope = figures[name], str(session)
    part = request.GET.get("part", "")
    if part:
        if part not in result.parts:
            raise Http404("no such part")
        result = result.parts[part]
        scope = _("%(session)s, %(part)s") % {"session": session, "part": part}
    return records_page(
        request,
        found=indicators.get(name),
        result=result,
        scope=scope,
        query={"part": part} if part else {},
        back_url=reverse("congress:report", kwargs={"org": request.org.code, "pk": session.pk}),
        back_label=_("Back to the report"),
    )


@requires("congress.manage")
def resolution_create(request, pk: int):
    session = selectors.session_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=forms.ResolutionForm(request.POST or None, request.FILES or None),
        perform=lambda data: services.resolution_create(
            org=request.org, actor=request.user, session=session, **data
        ),
        redirect_to=_url(request, "congress:session", pk=session.pk),
        template="congress/form.html",
        context={"heading": _("New resolution item for %(session)s") % {"session": session}},
    )


@requires("congress.manage")
def resolution_tally(request, pk: int):
    resolution = get_object_or_404(
        Resolution.objects.select_related("session__term"), org=request.org, pk=pk
    )
    initial = {
        "votes_for": resolution.votes_for,
        "votes_against": resolution.votes_against,
        "votes_abstain": resolution.votes_abstain,
    }

    def perform(data):
        data = dict(data)
        tallied = services.resolution_tally(
            org=request.org,
            actor=request.user,
            resolution=resolution,
            tallied_at=paper_time(data.pop("happened_on", None)),
            **data,
        )
        if not tallied.passed:
            messages.warning(request, _("The item is not passed."))
        return tallied

    return run_action(
        request,
        form=(forms.PaperTallyForm if can(request, "congress.enter_paper") else forms.TallyForm)(
            request.POST or None, initial=initial
        ),
        perform=perform,
        success=lambda tallied: _("The item is passed.") if tallied.passed else None,
        redirect_to=_url(request, "congress:session", pk=resolution.session_id),
        template="congress/form.html",
        context={"heading": _("Tally: %(title)s") % {"title": resolution.title}},
    )


@requires("congress.overdue")
def overdue_list(request):
    today = _today()
    rules = services.rules_for(request.org)
    context = {
        "overdue": list(selectors.overdue(org=request.org, today=today)),
        "due_soon": list(
            selectors.due_soon(org=request.org, today=today, days=rules.due_soon_days)
        ),
        "today": today,
    }
    return render(request, "congress/overdue.html", context)
