import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.money import quantize
from unionhall.core.params import year_param
from unionhall.core.periods import MONTH, SEMESTER, YEAR, Period, semester_of
from unionhall.core.security import open_stored, uploaded_file_response
from unionhall.funds import exports, selectors, services
from unionhall.funds.forms import (
    BudgetForm,
    DisclosureForm,
    EntryFilterForm,
    EntryForm,
    OpeningBalanceForm,
    ReceiptForm,
    ReverseForm,
)
from unionhall.funds.models import BudgetPolicy
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


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
    current = selectors.opening_balance_current(org=request.org)
    rows, opening, start_from = selectors.entry_list(
        org=request.org, filters=filters, opening=current
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        # An entry dated before the opening balance is inside it: it has no balance of its own.
        before_opening = start_from is not None and entry.date < start_from.date
        entry.balance = None if before_opening else opening + quantize(entry.running)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "opening": opening,
        "opening_balance": current,
        "balance": selectors.balance(org=request.org, opening=current),
        "query": query.urlencode(),
    }
    template = "funds/list.html#results" if request.htmx else "funds/list.html"
    return render(request, template, context)


@requires("funds.view")
def entry_export(request):
    _form, filters = _entry_filters(request)
    rows, opening, start_from = selectors.entry_list(
        org=request.org,
        filters=filters,
        opening=selectors.opening_balance_current(org=request.org),
    )
    content = exports.ledger_workbook(
        org=request.org,
        entries=rows.order_by("date", "id"),
        opening=opening,
        counted_from=start_from.date if start_from else None,
    )
    audit.record(
        org=request.org,
        actor=request.user,
        subject=request.org,
        action=AuditEntry.Action.EXPORT,
        summary=Msg(gettext_noop("Funds ledger exported")),
    )
    filename = _("%(org)s funds ledger.xlsx") % {"org": request.org.name}
    return xlsx_response(content, filename)


@requires("funds.post")
def entry_create(request):

    def perform(data):
        # One transaction (run_action's): a refused receipt leaves no entry behind.
        entry = services.ledger_post(
            org=request.org,
            actor=request.user,
            category=data["category"],
            amount=data["amount"],
            date=data["date"],
            memo=data["memo"],
        )
        if data["receipts"]:
            services.receipts_attach(entry=entry, actor=request.user, files=data["receipts"])
        if entry.budget_flag:
            messages.warning(request, entry.budget_note)
        opening = selectors.opening_balance_current(org=request.org)
        if opening is not None and entry.date < opening.date:
            messages.warning(
                request,
                _(
                    "This entry is dated before the opening balance (%(date)s): it is counted "
                    "inside the opening balance and does not change the balance."
                )
                % {"date": opening.date.isoformat()},
            )
        return entry

    return run_action(
        request,
        form=EntryForm(request.POST or None, request.FILES or None),
        perform=perform,
        success=_("The entry is posted."),
        redirect_to=lambda entry: _url(request, "funds:detail", pk=entry.pk),
        template="funds/form.html",
    )


@requires("funds.post")
def opening_balance(request):
    """Enter the opening balance once; afterwards, correct it (a new row with its reason)."""
    current = selectors.opening_balance_current(org=request.org)
    initial = {"amount": current.amount, "date": current.date} if current else {}
    form = OpeningBalanceForm(request.POST or None, initial=initial, correcting=current is not None)

    def perform(data):
        if current is None:
            return services.opening_balance_enter(
                org=request.org,
                actor=request.user,
                amount=data["amount"],
                date=data["date"],
                note=data["note"],
            )
        return services.opening_balance_correct(
            org=request.org,
            actor=request.user,
            amount=data["amount"],
            date=data["date"],
            reason=data["reason"],
        )

    return run_action(
        request,
        form=form,
        perform=perform,
        success=_("The opening balance is recorded."),
        redirect_to=_url(request, "funds:opening"),
        template="funds/opening.html",
        context={
            "current": current,
            "history": selectors.opening_balance_history(org=request.org),
        },
    )


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
    if entry.source_type_id is not None:
        # The care visit or dues collection that posted it is corrected where it was recorded,
        # so the two ledgers never disagree: the page says so and offers no form.
        refusal = _(
            "This entry was posted by “%(source)s”; correct or cancel that record instead."
        ) % {"source": selectors.source_of(entry=entry) or entry.memo}
        return render(
            request,
            "funds/reverse.html",
            {"entry": entry, "refusal": refusal},
            status=409 if request.method == "POST" else 200,
        )
    form = ReverseForm(request.POST or None)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.ledger_reverse(
            entry=entry, actor=request.user, date=data["date"], reason=data["reason"]
        ),
        success=_("The entry is reversed."),
        redirect_to=_url(request, "funds:detail", pk=entry.pk),
        template="funds/reverse.html",
        context={"entry": entry},
    )


@require_POST
@requires("funds.post")
def receipt_add(request, pk: int):
    entry = selectors.entry_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=ReceiptForm(request.POST, request.FILES),
        perform=lambda data: services.receipts_attach(
            entry=entry, actor=request.user, files=data["receipts"]
        ),
        success=_("The receipts are attached."),
        redirect_to=_url(request, "funds:detail", pk=entry.pk),
    )


@requires("funds.view")
def receipt_file(request, pk: int):
    receipt = selectors.receipt_get(org=request.org, pk=pk)
    return uploaded_file_response(open_stored(receipt.file), filename=receipt.name)


@require_POST
@requires("funds.post")
def receipt_remove(request, pk: int):
    receipt = selectors.receipt_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.receipt_remove(receipt=receipt, actor=request.user),
        success=_("The receipt is removed; it stays in the record."),
        redirect_to=_url(request, "funds:detail", pk=receipt.entry_id),
    )


@requires("funds.budget")
def budget(request):
    year = year_param(request, default=timezone.localdate().year)
    rows = selectors.budget_vs_actual(org=request.org, year=year)
    initial = {row.category: row.budget for row in rows}
    initial["budget_policy"] = selectors.budget_policy(org=request.org)
    form = BudgetForm(request.POST or None, initial=initial)

    def perform(data):
        # One transaction (run_action's): the amounts and the rule are saved together or not.
        services.budget_set(org=request.org, actor=request.user, year=year, amounts=form.amounts())
        services.budget_policy_set(
            org=request.org, actor=request.user, policy=data["budget_policy"]
        )

    for row in rows:
        row.field = form[row.category]
    return run_action(
        request,
        form=form,
        perform=perform,
        success=_("The %(year)s budget is saved.") % {"year": year},
        redirect_to=f"{request.path}?year={year}",
        template="funds/budget.html",
        context={
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
    return render(
        request,
        "funds/disclosure.html",
        {
            "form": form,
            "period": period,
            "report": selectors.disclosure(org=request.org, period=period),
            "query": request.GET.urlencode(),
        },
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
