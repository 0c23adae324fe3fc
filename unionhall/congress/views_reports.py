"""A congress session's report with its figures, its resolutions and their tally, and the list of
proposals whose answer is overdue."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from unionhall.congress import forms, selectors, services
from unionhall.congress.indicators import session_figures
from unionhall.congress.models import Resolution
from unionhall.congress.views import _report_figures, _today, _url
from unionhall.core import indicators
from unionhall.core.actions import run_action
from unionhall.core.backdate import paper_time
from unionhall.core.records import records_page
from unionhall.core.security import open_stored, uploaded_file_response
from unionhall.orgs.access import can, requires

# Report, resolutions, overdue ------------------------------------------------------------------


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


@requires("congress.view")
def resolution_document(request, pk: int):
    """A resolution's document, served to those who may read the session (uploads are never
    served from /media/)."""
    resolution = get_object_or_404(Resolution, org=request.org, pk=pk)
    name = resolution.document.name.rsplit("/", 1)[-1] if resolution.document else ""
    return uploaded_file_response(open_stored(resolution.document), filename=name)


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
