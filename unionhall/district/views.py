"""The district's pages (district.* capabilities, for its administrator) and the school's side
of them (district.report, for the chair)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.indicators import Period
from unionhall.core.params import export_year, parse_id, year_param
from unionhall.core.security import open_stored
from unionhall.district import assessment, documents, forms, selectors, services, snapshots
from unionhall.district.models import (
    RETURN_AMOUNTS,
    RETURN_COUNTS,
    RETURN_FLAGS,
    AnnualReturn,
    Assessment,
    AssessmentRound,
    DataCall,
    DataCallReply,
    ItemScore,
    ReturnRound,
    Rubric,
)
from unionhall.orgs.access import requires
from unionhall.orgs.models import Organisation

CHART_BARS = 30


def _year(request, *, download: bool = False) -> int:
    """The year asked for: on a page, a bad one gets this year and a message; a download of a
    bad year is not found."""
    read = export_year if download else year_param
    return read(request, default=timezone.localdate().year)


def _district(request) -> Organisation:
    if request.org.is_school:
        raise Http404("a district page")
    return request.org


def _school(request) -> Organisation:
    if not request.org.is_school:
        raise Http404("a school page")
    return request.org


@requires("district.compare")
def home(request):
    district = _district(request)
    return render(
        request,
        "district/home.html",
        {
            "return_rounds": ReturnRound.objects.filter(org=district),
            "assessment_rounds": AssessmentRound.objects.filter(org=district),
            "year": timezone.localdate().year,
        },
    )


# The comparison ---------------------------------------------------------------------------------


def _compared(request, *, snapshot: bool = False, download: bool = False) -> selectors.Comparison:
    names = request.GET.getlist("i") or list(selectors.DEFAULT_COMPARED)
    return selectors.comparison(
        district=_district(request),
        names=names,
        period=Period.year(_year(request, download=download)),
        sort=request.GET.get("sort", ""),
        descending=request.GET.get("order") != "asc",
        snapshot=snapshot,
    )


def _rows(compared: selectors.Comparison) -> list[tuple[str, list[str]]]:
    """The table's rows: each school's name and its figures as printed."""
    return [
        (
            row.school.name,
            [
                column.found.format(value)
                for column, value in zip(compared.columns, row.values, strict=True)
            ],
        )
        for row in compared.rows
    ]


def bar_chart_svg(compared: selectors.Comparison) -> str:
    """Bars of the sorted column (or the first) for the first schools shown, with the median
    as a line: an inline SVG, so the page needs no image request and no font on the server."""
    if not compared.columns:
        return ""
    index = compared.names.index(compared.sort) if compared.sort in compared.names else 0
    column = compared.columns[index]
    shown = [(row.school.name, row.values[index]) for row in compared.rows][:CHART_BARS]
    numbers = [float(v) for _n, v in shown if v is not None]
    top = max([*numbers, float(column.median or 0), 1.0])
    bar, gap, left, width = 16, 4, 220, 420
    height = len(shown) * (bar + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {left + width + 90} '
        f'{height}" class="w-100 max-w-760" '
        f'aria-label="{escape(column.found.label)}">'
    ]
    for n, (name, value) in enumerate(shown):
        y = n * (bar + gap) + 20
        length = 0 if value is None else float(value) / top * width
        text = column.found.format(value)
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" font-size="11">'
            f"{escape(name[:18])}</text>"
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="#c0392b"/>'
            f'<text x="{left + length + 4:.1f}" y="{y + 12}" font-size="11">{escape(text)}</text>'
        )
    if column.median is not None:
        x = left + float(column.median) / top * width
        parts.append(
            f'<line x1="{x:.1f}" y1="12" x2="{x:.1f}" y2="{height - 8}" stroke="#333" '
            f'stroke-dasharray="4 3"/><text x="{x:.1f}" y="10" font-size="11" '
            f'text-anchor="middle">{escape(_("median"))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@requires("district.compare")
def compare(request):
    """The schools side by side. The figures come from the snapshots (at most
    DISTRICT_SNAPSHOT_MAX_AGE seconds old; the page says when they were worked out); the
    refresh button works them out again now."""
    if request.method == "POST":
        district = _district(request)
        names = request.POST.getlist("i") or list(selectors.DEFAULT_COMPARED)
        offered = {found.name: found for found in selectors.comparable()}
        return run_action(
            request,
            form=None,
            perform=lambda data: snapshots.snapshots_refresh(
                district=district,
                year=_year(request),
                chosen=[offered[name] for name in names if name in offered],
            ),
            success=_("The figures were worked out again."),
            redirect_to=f"{request.path}?{request.GET.urlencode()}",
        )
    compared = _compared(request, snapshot=True)
    return render(
        request,
        "district/compare.html",
        {
            "compared": compared,
            "rows": _rows(compared),
            "totals": [c.found.format(c.total) if c.adds_up else "—" for c in compared.columns],
            "medians": [c.found.format(c.median) for c in compared.columns],
            "offered": selectors.comparable(),
            "chart": bar_chart_svg(compared),
            "year": compared.period.start.year,
            "query": request.GET.urlencode(),
        },
    )


@requires("district.compare")
def compare_xlsx(request):
    compared = _compared(request, snapshot=True, download=True)  # the figures the page shows
    return xlsx_response(
        documents.comparison_xlsx(compared),
        _("schools-%(year)s.xlsx") % {"year": compared.period.start.year},
    )


@requires("district.compare")
def summary_docx(request):
    district = _district(request)
    year = _year(request, download=True)
    names = request.GET.getlist("i") or list(selectors.DEFAULT_COMPARED)
    content = documents.rollup_docx(district=district, year=year, names=names)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = _("district-summary-%(year)s.docx") % {"year": year}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


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
        context={"rounds": ReturnRound.objects.filter(org=district)},
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
            "return_rounds": ReturnRound.objects.filter(org=school.parent_id),
            "assessment_rounds": AssessmentRound.objects.filter(org=school.parent_id),
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
            "schools": Organisation.objects.filter(parent=district).count(),
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


def _download(field, name: str):
    return FileResponse(open_stored(field), as_attachment=True, filename=name or field.name)


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


# Assessment: the district -----------------------------------------------------------------------


@requires("district.assess")
def assessment_index(request):
    district = _district(request)
    rubrics = Rubric.objects.filter(org=district)
    form = forms.AssessmentRoundForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "rubric":
        return run_action(
            request,
            form=None,
            perform=lambda data: assessment.rubric_default_create(
                district=district, actor=request.user
            ),
            success=_("The rubric was created from the shipped one; edit it to your own."),
            redirect_to=reverse("district:assessment_index", kwargs={"org": district.code}),
        )
    return run_action(
        request,
        form=form,
        perform=lambda data: assessment.assessment_round_open(
            district=district, actor=request.user, rubric=_latest_rubric(rubrics), **data
        ),
        success=_("The assessment was opened for every school."),
        redirect_to=lambda r: reverse(
            "district:assessment", kwargs={"org": district.code, "year": r.year}
        ),
        template="district/assessment_index.html",
        context={"rubrics": rubrics, "rounds": AssessmentRound.objects.filter(org=district)},
    )


def _latest_rubric(rubrics):
    rubric = rubrics.order_by("-id").first()
    if rubric is None:
        raise ValidationError(_("Create the rubric first."))
    return rubric


@requires("district.assess")
def assessment_ranking(request, year: int):
    district = _district(request)
    round = get_object_or_404(AssessmentRound, org=district, year=year)
    if request.method == "POST":
        return run_action(
            request,
            form=None,
            perform=lambda data: assessment.assessment_auto_score(round=round),
            success=_("The items the records decide were scored again."),
            redirect_to=reverse("district:assessment", kwargs={"org": district.code, "year": year}),
        )
    return render(
        request,
        "district/assessment.html",
        {"round": round, "ranked": selectors.ranking(round=round)},
    )


@requires("district.assess")
def ranking_xlsx(request, year: int):
    round = get_object_or_404(AssessmentRound, org=_district(request), year=year)
    return xlsx_response(
        documents.ranking_xlsx(selectors.ranking(round=round)),
        _("assessment-%(year)s.xlsx") % {"year": year},
    )


def _scores(found: Assessment):
    return list(
        ItemScore.objects.filter(assessment=found).select_related("item").order_by("item__order")
    )


@requires("district.assess")
def assessment_school(request, year: int, school: str):
    district = _district(request)
    found = get_object_or_404(
        Assessment.objects.select_related("org", "round__rubric"),
        district=district,
        round__year=year,
        org__code=school,
    )
    url = reverse(
        "district:assessment_school", kwargs={"org": district.code, "year": year, "school": school}
    )
    if request.method == "POST" and request.POST.get("action") == "bonus":
        return run_action(
            request,
            form=forms.BonusForm(request.POST, rubric=found.round.rubric),
            perform=lambda data: assessment.bonus_add(assessment=found, actor=request.user, **data),
            success=_("The bonus was added."),
            redirect_to=url,
        )
    if request.method == "POST":
        score = get_object_or_404(
            ItemScore, assessment=found, pk=parse_id(request.POST.get("score"))
        )
        return run_action(
            request,
            form=forms.ScoreForm(request.POST),
            perform=lambda data: assessment.score_district(score=score, actor=request.user, **data),
            success=_("The district's score was saved."),
            redirect_to=url,
        )
    return render(
        request,
        "district/assessment_school.html",
        {
            "assessment": found,
            "scores": _scores(found),
            "bonuses": found.bonuses.select_related("bonus"),
            "bonus_form": forms.BonusForm(rubric=found.round.rubric),
        },
    )


@requires("district.assess")
def evidence_file(request, pk: int):
    score = get_object_or_404(ItemScore, assessment__district=_district(request), pk=pk)
    return _download(score.evidence_file, score.evidence_file.name.rsplit("/", 1)[-1])


@requires("district.assess")
def rubric(request, pk: int):
    district = _district(request)
    found = get_object_or_404(Rubric, org=district, pk=pk)
    url = reverse("district:rubric", kwargs={"org": district.code, "pk": pk})
    if request.method == "POST" and request.POST.get("tier"):
        tier = get_object_or_404(found.tiers, pk=parse_id(request.POST["tier"]))
        return run_action(
            request,
            form=forms.TierForm(request.POST, instance=tier),
            perform=lambda data: assessment.rubric_tier_save(
                rubric=found, actor=request.user, tier=tier, **data
            ),
            success=_("The tier was saved."),
            redirect_to=url,
        )
    item = None
    if request.POST.get("item"):
        item = get_object_or_404(found.items, pk=parse_id(request.POST["item"]))
    return run_action(
        request,
        form=forms.RubricItemForm(request.POST or None, instance=item),
        perform=lambda data: assessment.rubric_item_save(
            rubric=found, actor=request.user, item=item, **data
        ),
        success=_("The rubric was saved."),
        redirect_to=url,
        template="district/rubric.html",
        context={
            "rubric": found,
            "items": found.items.all(),
            "tiers": found.tiers.all(),
            "bonuses": found.bonuses.all(),
            "total": sum((i.points for i in found.items.all()), Decimal("0")),
        },
    )


# Assessment: the school -------------------------------------------------------------------------


@requires("district.report")
def my_assessment(request, year: int):
    school = _school(request)
    found = get_object_or_404(
        Assessment.objects.select_related("round__rubric"), org=school, round__year=year
    )
    url = reverse("district:my_assessment", kwargs={"org": school.code, "year": year})
    if request.method == "POST" and request.POST.get("action") == "submit":
        return run_action(
            request,
            form=None,
            perform=lambda data: assessment.self_submit(assessment=found, actor=request.user),
            success=_("Your self-assessment was sent to the district."),
            redirect_to=url,
        )
    if request.method == "POST":
        score = get_object_or_404(
            ItemScore, assessment=found, item__automatic="", pk=parse_id(request.POST.get("score"))
        )
        return run_action(
            request,
            form=forms.SelfScoreForm(request.POST, request.FILES),
            perform=lambda data: assessment.score_self(score=score, actor=request.user, **data),
            success=_("Your score was saved."),
            redirect_to=url,
        )
    return render(
        request,
        "district/my_assessment.html",
        {"assessment": found, "scores": _scores(found), "form": forms.SelfScoreForm()},
    )


@requires("district.report")
def my_evidence_file(request, pk: int):
    score = get_object_or_404(ItemScore, org=_school(request), pk=pk)
    return _download(score.evidence_file, score.evidence_file.name.rsplit("/", 1)[-1])
