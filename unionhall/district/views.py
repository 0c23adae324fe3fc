"""The district's pages (district.* capabilities, for its administrator) and the school's side
of them (district.report, for the chair): the helpers they share, the district's home and the
schools compared. Annual returns are in `views_returns`, data calls and congress reports in
`views_calls`, the assessment in `views_assessment`."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.indicators import Period
from unionhall.core.params import export_year, year_param
from unionhall.core.security import open_stored
from unionhall.district import charts, documents, selectors, snapshots
from unionhall.orgs.access import requires
from unionhall.orgs.models import Organisation


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
            "return_rounds": selectors.return_rounds(district=district),
            "assessment_rounds": selectors.assessment_rounds(district=district),
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
            "chart": charts.bar_chart(compared),
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


def _download(field, name: str):
    return FileResponse(open_stored(field), as_attachment=True, filename=name or field.name)
