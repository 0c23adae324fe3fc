import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.congress import docs, forms, selectors, services
from unionhall.congress.indicators import session_figures
from unionhall.congress.models import Category, Proposal, Representative, Resolution, Signer
from unionhall.congress.workflow import TRANSITIONS, State
from unionhall.core import indicators
from unionhall.core.records import ShownFigure, records_page
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _refuse(request, error: ValidationError, form=None) -> None:
    """Show a service's refusal: on the form's fields when it names them, else as a message."""
    if form is not None and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
        return
    for message in error.messages:
        messages.error(request, message)


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
    form = forms.RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_update(org=request.org, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _refuse(request, e, form)
        else:
            messages.success(request, _("The congress rules are saved."))
            return redirect("congress:home", org=request.org.code)
    return render(request, "congress/form.html", {"form": form, "heading": _("Congress rules")})


@requires("congress.manage")
def term_create(request):
    form = forms.TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_create(org=request.org, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _refuse(request, e, form)
        else:
            return redirect("congress:term", org=request.org.code, pk=term.pk)
    return render(request, "congress/form.html", {"form": form, "heading": _("New term")})


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
    if request.method == "POST" and form.is_valid():
        try:
            rep = services.representative_add(
                org=request.org,
                actor=request.user,
                term=term,
                member=form.cleaned_data["member"],
                electoral_group=form.cleaned_data["electoral_group"],
                is_frontline=form.frontline_value(),
            )
        except ValidationError as e:
            _refuse(request, e, form)
        else:
            messages.success(request, _("%(name)s is now a representative.") % {"name": rep.name})
            return redirect("congress:term", org=request.org.code, pk=term.pk)
    heading = _("Add a representative to %(term)s") % {"term": term}
    return render(request, "congress/form.html", {"form": form, "heading": heading})


@requires("congress.manage")
def session_create(request, pk: int):
    term = selectors.term_get(org=request.org, pk=pk)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                org=request.org, actor=request.user, term=term, **form.cleaned_data
            )
        except ValidationError as e:
            _refuse(request, e, form)
        else:
            return redirect("congress:session", org=request.org.code, pk=session.pk)
    heading = _("New session of %(term)s") % {"term": term}
    return render(request, "congress/form.html", {"form": form, "heading": heading})


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
    reps = list(Representative.objects.filter(org=request.org, term=session.term, is_active=True))
    if request.method == "POST":
        try:
            ids = [int(v) for v in request.POST.getlist("present")]
            services.attendance_record(
                org=request.org, actor=request.user, session=session, present=ids
            )
        except (ValueError, ValidationError):
            messages.error(request, _("Only representatives of this term can be marked present."))
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("congress:session", org=request.org.code, pk=session.pk)
    present = selectors.attendance_present_ids(org=request.org, session=session)
    return render(
        request,
        "congress/attendance.html",
        {"session": session, "reps": reps, "present": present},
    )


# Proposals ---------------------------------------------------------------------------------


@requires("congress.view")
def proposal_list(request):
    org = request.org
    sessions = list(selectors.session_list(org=org))
    session_id = request.GET.get("session", "")
    session_id = int(session_id) if session_id.isdigit() else None
    state = request.GET.get("state", "")
    state = state if state in State.values or state == "open" else ""
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    q = request.GET.get("q", "").strip()[:50]
    rows = selectors.proposal_list(org=org, session=session_id, state=state, category=category, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "sessions": sessions,
        "filters": {"session": session_id, "state": state, "category": category, "q": q},
        "states": State.choices,
        "categories": Category.choices,
        "query": query.urlencode(),
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
        if form.is_valid():
            data = form.cleaned_data
            try:
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
            except ValidationError as e:
                _refuse(request, e, form)
            else:
                if created:
                    messages.success(request, _("Your proposal is submitted."))
                else:
                    messages.info(request, _("This proposal was already submitted."))
                return redirect("congress:proposal", org=org.code, pk=proposal.pk)
    else:
        form = forms.ProposalForm(initial={"token": services.new_submission_token()}, **kwargs)
    return render(request, "congress/proposal_form.html", {"form": form, "session": session})


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
    return actions


def _detail_context(request, proposal: Proposal) -> dict:
    proposal.signer_rows = list(proposal.signers.select_related("representative"))
    return {
        "proposal": proposal,
        "signers": proposal.signer_rows,
        "supporting": list(proposal.supporting_departments.all()),
        "answers": list(proposal.answers.select_related("author")),
        "updates": list(proposal.updates.select_related("author")),
        "transitions": list(proposal.transitions.select_related("actor")),
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


def _act(request, pk: int, action: str, form_class, call, **form_kwargs):
    """Run one action from the proposal page; on a refusal show the page again with the form."""
    proposal = selectors.proposal_get(org=request.org, pk=pk)
    form = form_class(request.POST, prefix=action, **form_kwargs) if form_class else None
    if form is None or form.is_valid():
        try:
            call(proposal, form.cleaned_data if form else {})
        except ValidationError as e:
            _refuse(request, e, form)
            if form is None or not hasattr(e, "error_dict"):
                return redirect("congress:proposal", org=request.org.code, pk=pk)
        else:
            return redirect("congress:proposal", org=request.org.code, pk=pk)
    context = _detail_context(request, proposal)
    context["actions"][action] = form
    return render(request, "congress/proposal.html", context, status=400)


@require_POST
@requires("congress.submit")
def proposal_cosign(request, pk: int):
    def call(proposal, data):
        services.proposal_cosign(org=request.org, actor=request.user, proposal=proposal)
        messages.success(request, _("You have co-signed this proposal."))

    return _act(request, pk, "cosign", None, call)


@require_POST
@requires("congress.review")
def proposal_accept(request, pk: int):
    def call(proposal, data):
        services.proposal_accept(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            lead_department=data["lead_department"],
            supporting=list(data["supporting_departments"]),
            responsible=data["responsible"],
            answer_due=data["answer_due"],
            note=data["note"],
        )
        messages.success(request, _("The proposal is accepted and assigned."))

    return _act(request, pk, "accept", forms.AcceptForm, call, org=request.org)


@require_POST
@requires("congress.review")
def proposal_reject(request, pk: int):
    def call(proposal, data):
        services.proposal_reject(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            reason=data["reason"],
            lead_department=data["lead_department"],
            responsible=data["responsible"],
            answer_due=data["answer_due"],
        )
        messages.success(
            request, _("The proposal is not accepted; it will be answered as an opinion.")
        )

    return _act(request, pk, "reject", forms.RejectForm, call, org=request.org)


@require_POST
@requires("congress.review")
def proposal_merge(request, pk: int):
    proposal = selectors.proposal_get(org=request.org, pk=pk)

    def call(proposal, data):
        services.proposal_merge(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            into=data["into"],
            note=data["note"],
        )
        messages.success(request, _("The proposal is merged."))

    return _act(request, pk, "merge", forms.MergeForm, call, proposal=proposal)


@require_POST
@requires("congress.answer")
def proposal_answer(request, pk: int):
    def call(proposal, data):
        services.proposal_answer(
            org=request.org, actor=request.user, proposal=proposal, text=data["text"]
        )
        messages.success(request, _("Your answer is sent to the submitter."))

    return _act(request, pk, "answer", forms.AnswerForm, call)


@require_POST
@requires("congress.submit")
def proposal_second_answer(request, pk: int):
    def call(proposal, data):
        services.proposal_request_second_answer(
            org=request.org, actor=request.user, proposal=proposal, reason=data["reason"]
        )
        messages.success(request, _("A second answer is asked for."))

    return _act(request, pk, "second", forms.SecondAnswerForm, call)


@require_POST
@requires("congress.submit")
def proposal_rate(request, pk: int):
    def call(proposal, data):
        services.proposal_rate(
            org=request.org,
            actor=request.user,
            proposal=proposal,
            rating=data["rating"],
            comment=data["comment"],
        )
        messages.success(request, _("Thank you: your rating is recorded."))

    return _act(request, pk, "rate", forms.RateForm, call)


@require_POST
@requires("congress.answer")
def proposal_progress(request, pk: int):
    def call(proposal, data):
        services.proposal_progress(
            org=request.org, actor=request.user, proposal=proposal, text=data["text"]
        )
        messages.success(request, _("The progress is recorded."))

    return _act(request, pk, "progress", forms.ProgressForm, call)


@require_POST
@requires("congress.answer")
def proposal_done(request, pk: int):
    def call(proposal, data):
        services.proposal_done(
            org=request.org, actor=request.user, proposal=proposal, note=data["note"]
        )
        messages.success(request, _("The proposal is done."))

    return _act(request, pk, "done", forms.DoneForm, call)


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
        key: ShownFigure(report.figures[name].value, href(name))
        for key, name in REPORT_FIGURES.items()
    }
    for name in ("congress.ratings", "congress.by_category"):
        shown[name.removeprefix("congress.")] = [
            (label, ShownFigure(part.value, href(name, label)))
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
    form = forms.ResolutionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_create(
                org=request.org, actor=request.user, session=session, **form.cleaned_data
            )
        except ValidationError as e:
            _refuse(request, e, form)
        else:
            return redirect("congress:session", org=request.org.code, pk=session.pk)
    heading = _("New resolution item for %(session)s") % {"session": session}
    return render(request, "congress/form.html", {"form": form, "heading": heading})


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
    form = forms.TallyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_tally(
                org=request.org, actor=request.user, resolution=resolution, **form.cleaned_data
            )
        except ValidationError as e:
            _refuse(request, e, form)
        else:
            if resolution.passed:
                messages.success(request, _("The item is passed."))
            else:
                messages.warning(request, _("The item is not passed."))
            return redirect("congress:session", org=request.org.code, pk=resolution.session_id)
    heading = _("Tally: %(title)s") % {"title": resolution.title}
    return render(request, "congress/form.html", {"form": form, "heading": heading})


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
