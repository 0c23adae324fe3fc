from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhall.core import indicators
from unionhall.core import summary as summary_registry
from unionhall.core.actions import run_action
from unionhall.core.params import parse_int
from unionhall.core.records import part_of, records_page
from unionhall.orgs.access import can, denied, requires
from unionhall.reports import documents, periods, selectors, services
from unionhall.reports.build import (
    KEPT_SECONDS,
    OPENING,
    Segment,
    Summary,
    summary_build,
    summary_kept,
)
from unionhall.reports.forms import (
    NarrativeAddForm,
    NarrativeForm,
    ProblemChoiceForm,
    TemplateUploadForm,
)
from unionhall.reports.models import NarrativeParagraph, ProblemChoice

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request):
    """The period asked for (default: the latest school year) and an error message, if any."""
    asked = request.GET.get("period")
    if not asked:
        return periods.default(), ""
    try:
        return periods.parse(asked), ""
    except periods.BadPeriod as error:
        return periods.default(), str(error)


def _check_period(value: str) -> None:
    """A period a summary can be written for, or the form's error saying why not."""
    try:
        periods.parse(value)
    except periods.BadPeriod as error:
        raise ValidationError(str(error)) from error


def _may_see(request, capability: str) -> bool:
    try:
        return can(request, capability)
    except KeyError:  # an indicator naming a capability nobody declared shows no records
        return False


def _link_figures(request, summary: Summary) -> None:
    """Point each figure at its records, where the user may see them."""

    may_see: dict[str, bool] = {}  # by capability
    urls: dict[str, str] = {}  # one records page per indicator
    hrefs: dict[tuple[str, str | None], str] = {}  # one link per records page, however often shown

    def link(segment: Segment) -> None:
        shown = segment.figure
        if shown is None:
            return
        capability = shown.indicator.capability
        if capability not in may_see:
            may_see[capability] = _may_see(request, capability)
        if not may_see[capability]:
            return
        name = shown.indicator.name
        if (name, shown.key) not in hrefs:
            if name not in urls:
                urls[name] = reverse(
                    "reports:records", kwargs={"org": request.org.code, "name": name}
                )
            query = {"period": summary.period.label}
            if shown.key is not None:  # one row of a breakdown: the records of that row alone
                query["part"] = shown.key
            hrefs[name, shown.key] = f"{urls[name]}?{urlencode(query)}"
        segment.href = hrefs[name, shown.key]

    for section in (*summary.sections, *summary.next_sections):
        for paragraph in section.paragraphs:
            for segment in paragraph.segments:
                link(segment)
        for table in section.tables:
            for row in table.rows:
                link(row.cell)
    for paragraph in (
        *([summary.opening] if summary.opening else []),
        *(problem.computed for problem in summary.problems),
    ):
        for segment in paragraph.segments:
            link(segment)


def _shown_as_in_the_docx(summary: Summary) -> None:
    """The page shows what the .docx shows: units in the number column's heading, and only
    the charts worth drawing."""
    for section in (*summary.sections, *summary.next_sections):
        for table in section.tables:
            table.columns = (table.columns[0], documents.value_heading(table))
        section.charts = [chart for chart in section.charts if documents.worth_drawing(chart)]


def _site_url(request) -> str:
    """Where the links in a downloaded document point: the configured site address, else the
    address this request came to."""
    return settings.UNIONHALL_SITE_URL or request.build_absolute_uri("/").rstrip("/")


def _summary_url(request, period, anchor: str = "") -> str:
    url = reverse("reports:summary", kwargs={"org": request.org.code})
    return f"{url}?{urlencode({'period': period})}" + (f"#{anchor}" if anchor else "")


@requires("reports.summary")
def summary_page(request):
    period, error = _period(request)
    summary = summary_kept(org=request.org, period=period)
    _link_figures(request, summary)
    _shown_as_in_the_docx(summary)
    return render(
        request,
        "reports/summary.html",
        {
            "period": period,
            "summary": summary,
            "may_write": can(request, "reports.narrative"),
            # What a section as shown depends on besides its records: who reads it (the links
            # to records and the chair's openers follow the roles), and how long it is kept.
            "reader": ",".join(sorted(request.roles)),
            "kept_seconds": KEPT_SECONDS,
            "title": documents.title_for(summary),
            "title_lines": documents.title_lines(summary),
            "opening_section": OPENING,
            "parts": documents.part_headings(),
            "choices": ProblemChoice.Action.choices,
            "period_choices": periods.choices(),
            "period_error": error,
            "custom_template": selectors.summary_template_active(org=request.org),
        },
    )


def _section_titles() -> dict[str, str]:
    """The parts of the summary a chair's paragraph can go in, by key: the sections and the
    opening."""
    titles = {spec.key: str(spec.title) for spec in summary_registry.all_sections()}
    return {**titles, OPENING: _("Opening paragraph")}


def _narrative_form(request, *, period: str, section: str, **context):
    """The form for one paragraph of the chair's: fetched into the summary page when she opens
    it there (htmx), or a page of its own."""
    template = "reports/narrative_form.html"
    return render(
        request,
        f"{template}#form" if request.htmx else template,
        {
            "period": period,
            "period_name": periods.name_of(periods.parse(period)),
            "section": section,
            "section_title": _section_titles()[section],
            "back": _summary_url(request, period, f"section-{section}"),
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("reports.narrative")
def narrative_add(request):
    sections = set(_section_titles())
    if request.method == "GET":
        # Unsaid, the place is the top of the first section of the latest school year.
        period = request.GET.get("period") or periods.default().label
        section = request.GET.get("section") or next(iter(_section_titles()))
        # As the form takes it: a place from the top (0) to after the 1,000th paragraph.
        position = parse_int(request.GET.get("position") or "0", minimum=0, maximum=1000)
        try:
            periods.parse(period)
        except periods.BadPeriod as error:
            raise Http404("no such period") from error
        if section not in sections or position is None:
            raise Http404("no such place in the summary")
        return _narrative_form(request, period=period, section=section, position=position)
    form = NarrativeAddForm(request.POST)
    period = request.POST.get("period", "")
    section = request.POST.get("section", "")

    def add(data):
        _check_period(data["period"])
        if data["section"] not in sections:
            raise ValidationError(_("The summary has no such section."))
        return services.narrative_add(
            org=request.org,
            actor=request.user,
            period=data["period"],
            section=data["section"],
            position=data["position"],
            text=data["text"],
        )

    return run_action(
        request,
        form=form,
        perform=add,
        success=_("Your paragraph is in the summary."),
        redirect_to=_summary_url(request, period, f"section-{section}"),
    )


@require_POST
@requires("reports.narrative")
def problem_choose(request):
    """Keep, reword or leave out one computed item of 存在的问题和不足."""
    period = request.POST.get("period", "")
    keys = {spec.key for spec in summary_registry.all_problems()}

    def choose(data):
        _check_period(data["period"])
        if data["key"] not in keys:
            raise ValidationError(_("The summary has no such item."))
        return services.problem_choose(
            org=request.org,
            actor=request.user,
            period=data["period"],
            key=data["key"],
            action=data["action"],
            text=data["text"],
        )

    return run_action(
        request,
        form=ProblemChoiceForm(request.POST),
        perform=choose,
        success=_("Your choice for this item is saved."),
        redirect_to=_summary_url(request, period, "problems"),
    )


def _narrative(request, pk: int) -> NarrativeParagraph:
    found = selectors.narrative_get(org=request.org, pk=pk)
    if found is None:
        raise Http404("no such paragraph")
    return found


@require_http_methods(["GET", "POST"])
@requires("reports.narrative")
def narrative_edit(request, pk: int):
    paragraph = _narrative(request, pk)
    if request.method == "GET":
        return _narrative_form(
            request, period=paragraph.period, section=paragraph.section, paragraph=paragraph
        )
    return run_action(
        request,
        form=NarrativeForm(request.POST),
        perform=lambda data: services.narrative_edit(
            paragraph=paragraph, actor=request.user, text=data["text"]
        ),
        success=_("Your paragraph is saved."),
        redirect_to=_summary_url(request, paragraph.period, f"section-{paragraph.section}"),
    )


@require_POST
@requires("reports.narrative")
def narrative_remove(request, pk: int):
    paragraph = _narrative(request, pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.narrative_remove(paragraph=paragraph, actor=request.user),
        success=_("The paragraph is taken out of the summary; its history is kept."),
        redirect_to=_summary_url(request, paragraph.period, f"section-{paragraph.section}"),
    )


@requires("reports.summary")
def summary_docx(request):
    period, error = _period(request)
    if error:
        messages.error(request, error)
        return redirect("reports:summary", org=request.org.code)
    summary = summary_build(org=request.org, period=period)
    _link_figures(request, summary)
    custom = None
    if request.GET.get("template") != "default":
        custom = selectors.summary_template_active(org=request.org)
    try:
        content = documents.render(
            summary, bytes(custom.content) if custom else None, base_url=_site_url(request)
        )
    except documents.TemplateBroken as broken:
        messages.error(
            request,
            _(
                "Your organisation's template “%(name)s” could not be used: %(reason)s "
                "Download with the default template instead, or upload a corrected one."
            )
            % {"name": custom.name if custom else "", "reason": broken},
        )
        url = reverse("reports:summary", kwargs={"org": request.org.code})
        return redirect(f"{url}?{urlencode({'period': period.label, 'broken': 1})}")
    response = HttpResponse(content, content_type=DOCX)
    filename = f"summary-{request.org.code}-{period.label}.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@requires("reports.summary")
def summary_chart(request, section: str, number: int):
    """One chart of the summary as a PNG, the same picture the .docx carries."""
    from unionhall.reports import charts

    period, _error = _period(request)
    summary = summary_kept(org=request.org, period=period)
    found = [built for built in summary.sections if built.key == section]
    drawn = [chart for chart in found[0].charts if documents.worth_drawing(chart)] if found else []
    if number >= len(drawn):
        raise Http404("no such chart")
    heading = f"{request.org.name} {period.label}"
    png = charts.bar_chart_png(drawn[number], heading=heading)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@requires("org.home")
def indicator_records(request, name: str):
    """The rows behind one figure; shown only to roles holding the indicator's capability."""
    try:
        found = indicators.get(name)
    except KeyError:
        raise Http404("no such indicator") from None
    if not _may_see(request, found.capability):
        raise denied(found.capability)
    period, error = _period(request)
    back_url = back_label = ""
    if can(request, "reports.summary"):
        summary = reverse("reports:summary", kwargs={"org": request.org.code})
        back_url = f"{summary}?{urlencode({'period': period.label})}"
        back_label = _("Back to the summary")
    result, scope, query = found(request.org, period), period.label, {"period": period.label}
    part = request.GET.get("part", "")
    if part:
        result = part_of(result, part)
        scope = _("%(period)s, %(part)s") % {"period": period.label, "part": part}
        query["part"] = part
    return records_page(
        request,
        found=found,
        result=result,
        scope=scope,
        query=query,
        period=period,
        period_error=error,
        back_url=back_url,
        back_label=back_label,
    )


@requires("reports.template")
def template_settings(request):

    def upload(data):
        upload = data["template"]
        try:
            return services.summary_template_upload(
                org=request.org, actor=request.user, name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            raise ValidationError({"template": error.error_list}) from error  # about the file

    return run_action(
        request,
        form=TemplateUploadForm(request.POST or None, request.FILES or None),
        perform=upload,
        success=_("The new template is in use for this organisation."),
        redirect_to=reverse("reports:template", kwargs={"org": request.org.code}),
        template="reports/template.html",
        context=lambda form: {
            "form": form,
            "active": selectors.summary_template_active(org=request.org),
            "history": selectors.summary_template_history(org=request.org),
        },
    )


@requires("reports.summary")
def template_download(request):
    """The template in use (or, with ?which=default, the default one) to edit in Word."""
    active = selectors.summary_template_active(org=request.org)
    if active is not None and request.GET.get("which") != "default":
        content, name = bytes(active.content), active.name
    else:
        content, name = documents.DEFAULT_TEMPLATE.read_bytes(), "summary-template.docx"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_POST
@requires("reports.template")
def template_reset(request):
    return run_action(
        request,
        form=None,
        perform=lambda data: services.summary_template_reset(org=request.org, actor=request.user),
        success=_("The default template is in use again."),
        redirect_to=reverse("reports:template", kwargs={"org": request.org.code}),
    )
