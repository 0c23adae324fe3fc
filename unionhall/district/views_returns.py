"""Annual returns: the district opening, chasing and reading them, and the school filling in its
own."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.district import documents, forms, selectors, services
from unionhall.district.models import (
    RETURN_AMOUNTS,
    RETURN_COUNTS,
    RETURN_FLAGS,
    AnnualReturn,
    ReturnRound,
)
from unionhall.district.views import _district, _school
from unionhall.orgs.access import requires

# Annual returns: the district -------------------------------------------------------------------


@requires("district.returns")
def returns_index(request):
    district = _district(request)
    return run_action(
        request,
        form=forms.RoundForm(request.POST or None, initial={"year": timezone.localdate().year}),
        perform=lambda data: services.return_round_open(
            district=district, actor=request.user, **data
        ),
        success=_("The schools were asked for their annual return."),
        redirect_to=lambda r: reverse(
            "district:returns", kwargs={"org": district.code, "year": r.year}
        ),
        template="district/returns_index.html",
        context={"rounds": selectors.return_rounds(district=district)},
    )


@requires("district.returns")
def returns(request, year: int):
    district = _district(request)
    round = get_object_or_404(ReturnRound, org=district, year=year)
    statuses = selectors.return_statuses(round=round, today=timezone.localdate())
    totals = selectors.return_totals(round=round)
    return render(
        request,
        "district/returns.html",
        {
            "round": round,
            "statuses": statuses,
            "totals": totals,
            "total_counts": [(label, totals[name]) for name, label in RETURN_COUNTS],
            "total_amounts": [(label, totals[name]) for name, label in RETURN_AMOUNTS],
            "total_flags": [(label, totals[name]) for name, label in RETURN_FLAGS],
            "late": sum(1 for s in statuses if s.late),
        },
    )


@requires("district.returns")
def returns_xlsx(request, year: int):
    round = get_object_or_404(ReturnRound, org=_district(request), year=year)
    statuses = selectors.return_statuses(round=round, today=timezone.localdate())
    return xlsx_response(
        documents.returns_xlsx(statuses), _("annual-returns-%(year)s.xlsx") % {"year": year}
    )


@require_POST
@requires("district.returns")
def returns_chase(request, year: int):
    district = _district(request)
    round = get_object_or_404(ReturnRound, org=district, year=year)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.returns_chase(
            round=round, actor=request.user, today=timezone.localdate()
        ),
        success=lambda n: _("%(n)s schools were reminded.") % {"n": n},
        redirect_to=reverse("district:returns", kwargs={"org": district.code, "year": year}),
    )


@requires("district.returns")
def return_detail(request, year: int, school: str):
    district = _district(request)
    found = get_object_or_404(
        AnnualReturn.objects.select_related("org", "round", "submitted_by"),
        district=district,
        year=year,
        org__code=school,
    )
    return render(request, "district/return_detail.html", _return_context(found))


def _return_context(found: AnnualReturn) -> dict:
    return {
        "annual_return": found,
        "counts": [(label, getattr(found, name)) for name, label in RETURN_COUNTS],
        "amounts": [(label, getattr(found, name)) for name, label in RETURN_AMOUNTS],
        "flags": [(label, getattr(found, name)) for name, label in RETURN_FLAGS],
    }


# Annual returns: the school ---------------------------------------------------------------------


@requires("district.report")
def my_home(request):
    school = _school(request)
    return render(
        request,
        "district/my_home.html",
        {
            "return_rounds": selectors.return_rounds(district=school.parent_id),
            "assessment_rounds": selectors.assessment_rounds(district=school.parent_id),
        },
    )


@requires("district.report")
def my_return(request, year: int):
    school = _school(request)
    try:
        found = services.return_prepare(school=school, year=year)
    except ValidationError as refused:
        raise Http404(refused.messages[0]) from None
    url = reverse("district:my_return", kwargs={"org": school.code, "year": year})
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "submit":
        return run_action(
            request,
            form=None,
            perform=lambda data: services.return_submit(annual_return=found, actor=request.user),
            success=_("The annual return was submitted to the district."),
            redirect_to=url,
        )
    if request.method == "POST" and action == "refill":
        return run_action(
            request,
            form=None,
            perform=lambda data: services.return_refill(annual_return=found, actor=request.user),
            success=_("The figures were filled again from the records."),
            redirect_to=url,
        )
    form = None if found.is_submitted else forms.ReturnForm(request.POST or None, instance=found)
    if form is None:
        return render(request, "district/my_return.html", _return_context(found))
    return run_action(
        request,
        form=form,
        perform=lambda data: services.return_update(
            annual_return=found, actor=request.user, **data
        ),
        success=_("The return was saved; it is not submitted yet."),
        redirect_to=url,
        template="district/my_return.html",
        context=_return_context(found),
    )
