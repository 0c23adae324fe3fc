import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import audit
from unionhall.core.excel import xlsx_response
from unionhall.core.models import AuditEntry
from unionhall.core.periods import MONTH, SEMESTER, YEAR, Period, semester_of
from unionhall.funds import exports, selectors, services
from unionhall.funds.forms import (
    BudgetForm,
    DisclosureForm,
    EntryFilterForm,
    EntryForm,
    ReceiptForm,
    ReverseForm,
)
from unionhall.funds.models import BudgetPolicy, cents
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _entry_filters(request) -> tuple[EntryFilterForm, selectors.EntryFilter]:
    today = timezone.localdate()
    data = request.GET.copy()
    if "start" not in data and "end" not in data:
        data["start"] = dt.date(today.year, 1, 1).isoformat()
        data["end"] = dt.date(today.year, 12, 31).isoformat()
    form = EntryFilterForm(data)
    if form.is_valid():
        cleaned = form.cleaned_data
        return form, selectors.EntryFilter(
            start=cleaned["start"],
            end=cleaned["end"],
            category=cleaned["category"] or "",
            flagged=cleaned["flagged"],
        )
    return form, selectors.EntryFilter()


@requires("funds.view")
def entry_list(request):
    form, filters = _entry_filters(request)
    rows, opening = selectors.entry_list(org=request.org, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        entry.balance = opening + cents(entry.running)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "opening": opening,
        "balance": selectors.balance(org=request.org),
        "query": query.urlencode(),
    }
    template = "funds/list.html#results" if request.htmx else "funds/list.html"
    return render(request, template, context)


@requires("funds.view")
def entry_export(request):
    _form, filters = _entry_filters(request)
    rows, opening = selectors.entry_list(org=request.org, filters=filters)
    content = exports.ledger_workbook(
        org=request.org, entries=rows.order_by("date", "id"), opening=opening
    )
    audit.record(
        org=request.org,
        actor=request.user,
        subject=request.org,
        action=AuditEntry.Action.EXPORT,
        summary=_("Funds ledger exported"),
    )
    filename = _("%(org)s funds ledger.xlsx") % {"org": request.org.name}
    return xlsx_response(content, filename)


@requires("funds.post")
def entry_create(request):
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a refused receipt leaves no entry behind
                entry = services.ledger_post(
                    org=request.org,
                    actor=request.user,
                    category=data["category"],
                    amount=data["amount"],
                    date=data["date"],
                    memo=data["memo"],
                )
                if data["receipts"]:
                    services.receipts_attach(
                        entry=entry, actor=request.user, files=data["receipts"]
                    )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if entry.budget_flag:
                messages.warning(request, entry.budget_note)
            messages.success(request, _("The entry is posted."))
            return redirect("funds:detail", org=request.org.code, pk=entry.pk)
    return render(request, "funds/form.html", {"form": form})


@requires("funds.view")
def entry_detail(request, pk: int):
    entry = selectors.entry_get(org=request.org, pk=pk)
    return render(
        request,
        "funds/detail.html",
        {
            "entry": entry,
            "source": selectors.source_of(entry=entry),
            "receipts": selectors.receipts_of(entry=entry),
            "history": audit.history(entry)[:50],
            "reverse_form": ReverseForm(),
            "receipt_form": ReceiptForm(),
            "can_post": can(request, "funds.post"),
        },
    )


@requires("funds.post")
def entry_reverse(request, pk: int):
    entry = selectors.entry_get(org=request.org, pk=pk)
    form = ReverseForm(request.POST or None)
    if entry.source_type_id is not None:
        # The care visit or dues collection that posted it is corrected where it was recorded,
        # so the two ledgers never disagree.
        form.add_error(
            None,
            _("This entry was posted by “%(source)s”; correct or cancel that record instead.")
            % {"source": selectors.source_of(entry=entry) or entry.memo},
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.ledger_reverse(
                entry=entry,
                actor=request.user,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The entry is reversed."))
            return redirect("funds:detail", org=request.org.code, pk=entry.pk)
    return render(request, "funds/reverse.html", {"entry": entry, "form": form})


@require_POST
@requires("funds.post")
def receipt_add(request, pk: int):
    entry = selectors.entry_get(org=request.org, pk=pk)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.receipts_attach(
                entry=entry, actor=request.user, files=form.cleaned_data["receipts"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The receipts are attached."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("funds:detail", org=request.org.code, pk=entry.pk)


@requires("funds.view")
def receipt_file(request, pk: int):
    receipt = selectors.receipt_get(org=request.org, pk=pk)
    return FileResponse(receipt.file.open("rb"), filename=receipt.name)


@require_POST
@requires("funds.post")
def receipt_remove(request, pk: int):
    receipt = selectors.receipt_get(org=request.org, pk=pk)
    try:
        services.receipt_remove(receipt=receipt, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The receipt is removed; it stays in the record."))
    return redirect("funds:detail", org=request.org.code, pk=receipt.entry_id)


@requires("funds.budget")
def budget(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    rows = selectors.budget_vs_actual(org=request.org, year=year)
    initial = {row.category: row.budget for row in rows}
    initial["budget_policy"] = selectors.budget_policy(org=request.org)
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_set(
                org=request.org, actor=request.user, year=year, amounts=form.amounts()
            )
            services.budget_policy_set(
                org=request.org, actor=request.user, policy=form.cleaned_data["budget_policy"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The %(year)s budget is saved.") % {"year": year})
            return redirect(f"{request.path}?year={year}")
    fields = {row.category: form[row.category] for row in rows}
    for row in rows:
        row.field = fields[row.category]
    return render(
        request,
        "funds/budget.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "budget_total": sum((r.budget or 0 for r in rows), 0),
            "spent_total": sum((r.spent for r in rows), 0),
            "refuses": initial["budget_policy"] == BudgetPolicy.REFUSE,
        },
    )


def _disclosure_period(request):
    today = timezone.localdate()
    form = DisclosureForm(request.GET or None)
    kind, year, number = YEAR, today.year, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"] or YEAR
        if kind == MONTH:
            year, number = data["year"] or today.year, data["month"] or today.month
        elif kind == SEMESTER:
            default_year, default_half = semester_of(today)
            year, number = data["year"] or default_year, data["half"] or default_half
        else:
            year = data["year"] or today.year
    form = DisclosureForm(initial={"kind": kind, "year": year, "month": number, "half": number})
    if kind == SEMESTER:
        form.initial["month"] = None
    elif kind == MONTH:
        form.initial["half"] = None
    return form, Period.of(kind, year, number)


@requires("funds.disclosure")
def disclosure(request):
    form, period = _disclosure_period(request)
    report = selectors.disclosure(org=request.org, period=period)
    return render(
        request,
        "funds/disclosure.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


@requires("funds.disclosure")
def disclosure_export(request):
    _form, period = _disclosure_period(request)
    report = selectors.disclosure(org=request.org, period=period)
    content = exports.disclosure_workbook(org=request.org, report=report)
    filename = _("%(org)s funds disclosure %(period)s.xlsx") % {
        "org": request.org.name,
        "period": period.label,
    }
    return xlsx_response(content, filename)
