"""Pages of the staff congress: its rules, terms, sessions, representatives and attendance. The
proposal pages are in `views_proposals`, the session report, resolutions and overdue answers in
`views_reports`."""

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.congress import forms, selectors, services
from unionhall.core import indicators
from unionhall.core.actions import run_action
from unionhall.core.params import id_list
from unionhall.core.records import ShownFigure
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
            "reps": selectors.active_representatives(org=request.org, session=session),
            "present": selectors.attendance_present_ids(org=request.org, session=session),
        },
    )


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
