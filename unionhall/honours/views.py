from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.excel import workbook_bytes, xlsx_response
from unionhall.core.importing import stage_upload, staged_rows
from unionhall.core.params import id_param, parse_int, year_param
from unionhall.core.periods import Period
from unionhall.core.security import open_stored, uploaded_file_response
from unionhall.honours import importer, selectors, services
from unionhall.honours.forms import HonourForm, ImportUploadForm, WithdrawForm, initial_of
from unionhall.honours.models import Honour, HonourImport, Level, Rank
from unionhall.orgs.access import requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _year(request) -> int | None:
    """The year asked for; blank means every year, nothing asked means this year."""
    if "year" not in request.GET:
        return timezone.localdate().year
    return year_param(request, default=None)


def _honour(request, pk: int) -> Honour:
    return get_object_or_404(
        Honour.objects.select_related("member", "department", "recorded_by", "withdrawn_by"),
        org=request.org,
        pk=pk,
    )


def _searched(request) -> dict:
    """The register's search as asked: year (blank: every year), level, rank ("none": no
    rank; blank: every rank) and holder, with the honours it finds."""
    year = _year(request)
    level = parse_int(request.GET.get("level", ""))
    if level not in Level.values:
        level = None
    rank = request.GET.get("rank", "")
    # "All ranks" sends rank= (blank); a blank is also Rank.NONE's value, so "no rank" is
    # asked for as "none" and a blank means every rank.
    if rank not in (*(value for value in Rank.values if value), "none"):
        rank = None
    holder = request.GET.get("holder", "")[:50]
    honours = selectors.register(
        request.org,
        period=Period.year(year) if year else None,
        level=level,
        rank="" if rank == "none" else rank,
        holder=holder,
    )
    return {"honours": honours, "year": year, "level": level, "rank": rank, "holder": holder}


@requires("honours.view")
def register(request):
    searched = _searched(request)
    page = Paginator(searched.pop("honours"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "honours/register.html",
        {
            "page": page,
            **searched,
            "query": request.GET.urlencode(),
            "levels": Level.choices,
            "ranks": [(value or "none", label) for value, label in Rank.choices],
        },
    )


@requires("honours.view")
def register_xlsx(request):
    """The register as searched, every row (not one page), as an Excel workbook."""
    searched = _searched(request)
    rows = (
        (
            h.awarded_on,
            h.holder_shown,
            h.title,
            h.get_level_display(),
            h.get_rank_display(),
            h.awarding_body,
        )
        for h in searched["honours"]
    )
    header = [
        _("Date awarded"),
        _("Holder"),
        _("Title of the honour"),
        _("Level"),
        _("Rank"),
        _("Awarding body"),
    ]
    year = searched["year"]
    name = _("Honours register %(year)s.xlsx") % {"year": year} if year else None
    return xlsx_response(
        workbook_bytes([(_("Honours register"), header, rows)], widths={"B": 20, "C": 40}),
        name or _("Honours register.xlsx"),
    )


@requires("honours.view")
def counts(request):
    """The year's honours by level and rank: one table."""
    year = year_param(request, default=timezone.localdate().year)
    table = selectors.counts_by_level_and_rank(request.org, Period.year(year))
    return render(request, "honours/counts.html", {"year": year, "table": table})


@requires("honours.record")
def honour_create(request):
    initial = {"awarded_on": timezone.localdate(), "holder_kind": "member"}
    if member := id_param(request, "member"):
        initial["member"] = member
    form = HonourForm(request.POST or None, request.FILES or None, org=request.org, initial=initial)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.honour_record(
            org=request.org, actor=request.user, **form.details()
        ),
        success=_("The honour was recorded."),
        redirect_to=lambda honour: _url(request, "honours:detail", pk=honour.pk),
        template="honours/form.html",
        context={"heading": _("Record an honour")},
    )


@requires("honours.record")
def honour_edit(request, pk: int):
    honour = _honour(request, pk)
    if honour.is_withdrawn:
        messages.info(request, _("This honour has been withdrawn; it can no longer be changed."))
        return redirect(_url(request, "honours:detail", pk=honour.pk))
    form = HonourForm(
        request.POST or None, request.FILES or None, org=request.org, initial=initial_of(honour)
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.honour_correct(
            honour=honour, actor=request.user, **form.details()
        ),
        success=_("The honour was corrected."),
        redirect_to=lambda honour: _url(request, "honours:detail", pk=honour.pk),
        template="honours/form.html",
        context={"heading": _("Correct an honour"), "honour": honour},
    )


@requires("honours.view")
def honour_detail(request, pk: int):
    honour = _honour(request, pk)
    return render(
        request,
        "honours/detail.html",
        {
            "honour": honour,
            "team": list(honour.team_members.all()),
            "source": honour.source_record,
            "history": list(audit.history(honour)[:50]),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_POST
@requires("honours.record")
def honour_withdraw(request, pk: int):
    honour = _honour(request, pk)
    return run_action(
        request,
        form=WithdrawForm(request.POST),
        perform=lambda data: services.honour_withdraw(
            honour=honour, actor=request.user, reason=data["reason"]
        ),
        success=_("The honour was withdrawn; it is kept for the record."),
        redirect_to=_url(request, "honours:detail", pk=honour.pk),
    )


@requires("honours.view")
def honour_evidence(request, pk: int):
    honour = get_object_or_404(Honour, org=request.org, pk=pk)
    if not honour.evidence:
        raise Http404
    return uploaded_file_response(
        open_stored(honour.evidence), filename=honour.evidence.name.split("/")[-1]
    )


@requires("honours.record")
def import_template(request):
    return xlsx_response(
        importer.template_bytes(org=request.org), _("honours-import-template.xlsx")
    )


@requires("honours.record")
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    batch = result = None
    if request.method == "POST":
        batch, result = stage_upload(
            form=form,
            parser_class=importer.HonoursParser,
            batch_model=HonourImport,
            org=request.org,
            user=request.user,
        )
        if batch is not None:
            return redirect("honours:import_preview", org=request.org.code, pk=batch.pk)
    return render(request, "honours/import.html", {"form": form, "result": result})


@requires("honours.record")
def import_preview(request, pk: int):
    batch = get_object_or_404(HonourImport, org=request.org, pk=pk)
    if batch.state != HonourImport.State.PREVIEW:
        messages.info(request, _("This file has already been imported."))
        return redirect("honours:register", org=request.org.code)
    result = importer.HonoursParser(org=request.org).parse(staged_rows(batch))
    if request.method == "POST" and result.ok:
        return run_action(
            request,
            form=None,
            perform=lambda data: services.honours_import(
                org=request.org, actor=request.user, batch=batch, rows=result.rows
            ),
            success=lambda recorded: _("%(n)d honours were imported.") % {"n": len(recorded)},
            redirect_to=_url(request, "honours:register") + "?year=",
        )
    return render(
        request,
        "honours/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "preview_rows": [
                {
                    **row,
                    "level_label": Level(row["level"]).label,
                    "rank_label": Rank(row["rank"]).label,
                }
                for row in result.rows[:100]
            ],
        },
    )
