"""Data calls (the district asks every school for a file; each school replies), and the schools'
congress reports as the district sees them."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.district import forms, selectors, services
from unionhall.district.models import DataCall, DataCallReply
from unionhall.district.views import _district, _download, _school
from unionhall.orgs.access import requires

# Data calls -------------------------------------------------------------------------------------


@requires("district.calls")
def calls(request):
    district = _district(request)
    return run_action(
        request,
        form=forms.CallForm(request.POST or None, request.FILES or None),
        perform=lambda data: services.call_create(district=district, actor=request.user, **data),
        success=_("The data call was sent to the schools."),
        redirect_to=lambda call: reverse(
            "district:call", kwargs={"org": district.code, "pk": call.pk}
        ),
        template="district/calls.html",
        context={
            "calls": selectors.calls_with_counts(district=district),
            "schools": selectors.school_count(district=district),
        },
    )


@requires("district.calls")
def call(request, pk: int):
    found = get_object_or_404(DataCall, org=_district(request), pk=pk)
    statuses = selectors.call_statuses(call=found, today=timezone.localdate())
    return render(
        request,
        "district/call.html",
        {"call": found, "statuses": statuses, "late": sum(1 for s in statuses if s.late)},
    )


@require_POST
@requires("district.calls")
def call_chase(request, pk: int):
    district = _district(request)
    found = get_object_or_404(DataCall, org=district, pk=pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.call_chase(
            call=found, actor=request.user, today=timezone.localdate()
        ),
        success=lambda n: _("%(n)s schools were reminded.") % {"n": n},
        redirect_to=reverse("district:call", kwargs={"org": district.code, "pk": pk}),
    )


@requires("district.calls")
def reply_file(request, pk: int):
    reply = get_object_or_404(DataCallReply, call__org=_district(request), pk=pk)
    return _download(reply.file, reply.filename)


@requires("district.calls")
def call_template(request, pk: int):
    found = get_object_or_404(DataCall, org=_district(request), pk=pk)
    return _download(found.template, found.template_name)


@requires("district.report")
def my_calls(request):
    school = _school(request)
    return render(
        request,
        "district/my_calls.html",
        {
            "calls": selectors.open_calls_for(school=school),
            "form": forms.ReplyForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@requires("district.report")
def call_reply(request, pk: int):
    school = _school(request)
    found = get_object_or_404(DataCall, org=school.parent_id, pk=pk)
    return run_action(
        request,
        form=forms.ReplyForm(request.POST, request.FILES),
        perform=lambda data: services.call_reply(
            call=found, school=school, actor=request.user, **data
        ),
        success=_("Your file was sent to the district."),
        redirect_to=reverse("district:my_calls", kwargs={"org": school.code}),
    )


@requires("district.report")
def my_call_template(request, pk: int):
    found = get_object_or_404(DataCall, org=_school(request).parent_id, pk=pk)
    return _download(found.template, found.template_name)


# Congress reports -------------------------------------------------------------------------------


@requires("district.calls")
def congress_reports(request):
    district = _district(request)
    services.congress_reports_collect(district=district)
    return render(
        request,
        "district/congress_reports.html",
        {"reports": selectors.congress_reports(district=district)},
    )
