import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.care import batch, importer, reminders, selectors, services
from unionhall.care.forms import (
    BirthdayBatchForm,
    CancelForm,
    DischargeForm,
    FestivalBatchForm,
    ImportUploadForm,
    RuleForm,
    VisitForm,
)
from unionhall.care.models import CareImport, CarePhoto, CareRule, Festival, Kind, Payer
from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.importing import stage_upload, staged_rows
from unionhall.core.params import id_list, int_param, year_param
from unionhall.core.picker import picker_matches
from unionhall.core.security import open_stored, uploaded_file_response
from unionhall.members.models import Member
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _year(request) -> int:
    return year_param(request, default=timezone.localdate().year)


@requires("care.view")
def visit_list(request):
    year = _year(request)
    kind = request.GET.get("kind", "")
    if kind not in Kind.values:
        kind = ""
    visits = selectors.visit_list(org=request.org, year=year, kind=kind)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/list.html",
        {"page": page, "year": year, "kind": kind, "kinds": Kind.choices},
    )


@requires("care.override")
def override_list(request):
    """Visits recorded against the care rules: the chair's overrides, with their reasons."""
    visits = selectors.override_list(org=request.org)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "care/overrides.html", {"page": page})


@requires("care.record")
def visit_create(request):
    may_override = can(request, "care.override")
    initial = {"date": timezone.localdate(), "kind": request.GET.get("kind", "")}
    if request.GET.get("member"):
        initial["members"] = id_list(request.GET, "member")
    if request.GET.get("festival"):
        initial["festival"] = request.GET["festival"]
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        org=request.org,
        may_override=may_override,
        initial=initial,
    )
    # The rules a refused visit breaks: the page lists them, and the chair may override.
    broken: list[str] = []

    def perform(data):
        return _record(
            request,
            broken,
            kind=data["kind"],
            members=data["members"],
            date=data["date"],
            amount=data["amount"],
            is_cash=data["is_cash"],
            payer=data["payer"],
            goods=data["goods"],
            festival=data["festival"],
            illness=data["illness"],
            relation=data["relation"],
            visitors=data["visitors"],
            visitors_text=data["visitors_text"],
            note=data["note"],
            signed_for=data["signed_for"],
            photos=data["photos"],
            override_reason=data.get("override_reason", ""),
        )

    return run_action(
        request,
        form=form,
        perform=perform,
        success=_("The visit was recorded."),
        redirect_to=lambda visit: _url(request, "care:detail", pk=visit.pk),
        template="care/form.html",
        context=lambda form: {"form": form, "broken": broken, "may_override": may_override},
    )


@requires("care.record")
def visit_pick(request, field: str):
    """The matches of the visit form's member or visitor picker as the user types (htmx):
    the form's own choices, so only what the form accepts is offered."""
    form = VisitForm(org=request.org, may_override=False)
    return picker_matches(request, form, field)


def _batch_page(request, *, form, kind: str, people, heading: str, festival: str = ""):
    """Preview a batch of gifts (each person, amount, payer and rule breach), then record the
    ticked people as one group visit, all or nothing, as `visit_create` records one visit."""
    confirming = request.method == "POST" and "confirm" in request.POST
    preview, ticked, broken = None, set(), []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidates = people(data)
        ticked = {m.pk for m in data["members"]} if confirming else {m.pk for m in candidates}
        preview = batch.batch_preview(
            org=request.org,
            kind=kind,
            members=candidates,
            date=data["date"],
            amount=data["amount"],
            is_cash=data["is_cash"],
            payer=data["payer"],
        )

    def context(form):
        return {
            "form": form,
            "heading": heading,
            "preview": preview,
            "ticked": ticked,
            "broken": broken,
            "may_override": "override_reason" in form.fields,
        }

    if not confirming:
        return render(request, "care/batch.html", context(form))

    def perform(data):
        return _record(
            request,
            broken,
            kind=kind,
            festival=festival or data.get("festival", ""),
            members=list(data["members"]),
            date=data["date"],
            amount=data["amount"],
            is_cash=data["is_cash"],
            payer=data["payer"],
            goods=data["goods"],
            note=data["note"],
            override_reason=data.get("override_reason", ""),
        )

    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda visit: (
            _("The gifts to %(n)d members were recorded as one visit.")
            % {"n": visit.recipients.count()}
        ),
        redirect_to=lambda visit: _url(request, "care:detail", pk=visit.pk),
        template="care/batch.html",
        context=context,
    )


def _standard_amount(request, kind: str):
    """The amount the organisation's rule gives for this kind of care, to start from."""
    rule = selectors.rule_for(org=request.org, kind=kind)
    return rule.standard_amount if rule else None


@requires("care.record")
def batch_birthdays(request):
    today = timezone.localdate()
    form = BirthdayBatchForm(
        request.POST or None,
        org=request.org,
        may_override=can(request, "care.override"),
        initial={
            "year": today.year,
            "month": today.month,
            "date": today,
            "amount": _standard_amount(request, Kind.BIRTHDAY),
        },
    )
    return _batch_page(
        request,
        form=form,
        kind=Kind.BIRTHDAY,
        people=lambda data: batch.birthday_members(
            org=request.org, year=data["year"], month=data["month"], date=data["date"]
        ),
        heading=_("Birthday gifts for a month"),
    )


@requires("care.record")
def batch_festival(request):
    form = FestivalBatchForm(
        request.POST or None,
        org=request.org,
        may_override=can(request, "care.override"),
        initial={
            "date": timezone.localdate(),
            "group": batch.Group.STAFF,
            "amount": _standard_amount(request, Kind.FESTIVAL),
        },
    )
    return _batch_page(
        request,
        form=form,
        kind=Kind.FESTIVAL,
        people=lambda data: batch.group_members(
            org=request.org, group=data["group"], date=data["date"]
        ),
        heading=_("Festival gifts to a group"),
    )


@requires("care.view")
def visit_detail(request, pk: int):
    visit = selectors.visit_get(org=request.org, pk=pk)
    recipients = list(visit.recipients.select_related("member__department").order_by("id"))
    members = [r.member for r in recipients]
    # Who paid is decided person by person (status on the date): say so where it differs.
    mixed_payers = len({r.payer for r in recipients}) > 1
    for recipient in recipients:
        recipient.member.care_payer = recipient.get_payer_display()
    if visit.kind == Kind.HARDSHIP:
        # A hardship visit tells who is in hardship: reading it is logged (PIPL).
        for member in members:
            audit.log_sensitive_read(
                org=request.org,
                actor=request.user,
                model=Member,
                object_id=member.pk,
                purpose="care_hardship_visit",
                fields=("hardship",),
            )
    elif visit.illness or visit.kind == Kind.ILLNESS:
        # An illness visit tells a health detail: reading it is logged (PIPL).
        audit.log_sensitive_reads(
            org=request.org,
            actor=request.user,
            model=Member,
            object_ids=[m.pk for m in members],
            purpose="care_illness_visit",
            fields=("illness",),
        )
    return render(
        request,
        "care/detail.html",
        {
            "visit": visit,
            "members": members,
            "mixed_payers": mixed_payers,
            "photos": list(visit.photos.all()),
            "visitors": list(visit.visitors.all()),
            "history": list(audit.history(visit)[:50]),
            "discharge_form": DischargeForm(initial={"discharged_on": timezone.localdate()}),
            "cancel_form": CancelForm(),
        },
    )


@requires("care.view")
def member_care(request, member: int):
    """One member's care in a year: every visit, and the totals beside the rules' limits."""
    member = get_object_or_404(
        Member.objects.select_related("department"), org=request.org, pk=member
    )
    year = _year(request)
    data = selectors.member_year(org=request.org, member=member, year=year)
    shown = [
        name
        for name, present in (
            ("illness", any(v.illness for v in data.get("visits", ()))),
            ("hardship", any(v.kind == Kind.HARDSHIP for v in data.get("visits", ()))),
        )
        if present
    ]
    if shown:  # health details or hardship visits of one member: a logged read (PIPL)
        audit.log_sensitive_read(
            org=request.org,
            actor=request.user,
            model=Member,
            object_id=member.pk,
            purpose="care_member_year",
            fields=shown,
        )
    return render(request, "care/member.html", {"member": member, "year": year, **data})


@requires("care.view")
def visit_photo(request, pk: int, photo: int):
    photo = get_object_or_404(CarePhoto, org=request.org, visit_id=pk, pk=photo)
    if not photo.image:
        raise Http404
    return uploaded_file_response(open_stored(photo.image))


@require_POST
@requires("care.record")
def visit_discharge(request, pk: int):
    visit = selectors.visit_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=DischargeForm(request.POST),
        perform=lambda data: services.care_visit_discharge(
            visit=visit, actor=request.user, discharged_on=data["discharged_on"]
        ),
        success=_("The discharge date was saved."),
        redirect_to=_url(request, "care:detail", pk=visit.pk),
    )


@require_POST
@requires("care.record")
def visit_cancel(request, pk: int):
    visit = selectors.visit_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=CancelForm(request.POST),
        perform=lambda data: services.care_visit_cancel(
            visit=visit, actor=request.user, reason=data["reason"]
        ),
        success=_("The visit was cancelled and its ledger entry reversed."),
        redirect_to=_url(request, "care:detail", pk=visit.pk),
    )


@requires("care.view")
def rule_list(request):
    rules = selectors.rules(org=request.org)
    have = {r.kind for r in rules}
    missing = [(k.value, k.label) for k in Kind if k.value not in have]
    return render(request, "care/rules.html", {"rules": rules, "missing": missing})


@requires("care.rules")
def rule_edit(request, kind: str):
    if kind not in Kind.values:
        raise Http404
    rule = selectors.rule_for(org=request.org, kind=kind) or CareRule(org=request.org, kind=kind)
    return run_action(
        request,
        form=RuleForm(request.POST or None, instance=rule),
        perform=lambda data: services.care_rule_save(
            org=request.org, actor=request.user, kind=kind, data=data
        ),
        success=_("The care rule was saved."),
        redirect_to=_url(request, "care:rules"),
        template="care/rule_form.html",
        context=lambda form: {
            "form": form,
            "rule": rule,
            "kind_label": Kind(kind).label,
            "history": list(audit.history(rule)[:20]) if rule.pk else [],
        },
    )


@require_POST
@requires("care.rules")
def rules_load_example(request):
    return run_action(
        request,
        form=None,
        perform=lambda data: services.care_rules_load_example(org=request.org, actor=request.user),
        success=lambda saved: _("%(n)d example rules were added.") % {"n": len(saved)},
        redirect_to=_url(request, "care:rules"),
    )


@requires("care.reminders")
def reminder_dashboard(request):
    days = int_param(request, "days", default=14, minimum=1, maximum=90)
    today = timezone.localdate()
    sensitive = can(request, "members.view_sensitive")
    digest = reminders.digest(org=request.org, today=today, days=days, sensitive=sensitive)
    if sensitive and digest.hardship_unvisited:
        audit.log_sensitive_read(
            org=request.org,
            actor=request.user,
            model=Member,
            object_id=None,
            purpose="care_reminders",
            fields=("hardship",),
        )
        audit.log_sensitive_reads(
            org=request.org,
            actor=request.user,
            model=Member,
            object_ids=[m.pk for m in digest.hardship_unvisited],
            purpose="care_reminders",
            fields=("hardship",),
        )
    if digest.in_hospital:  # who is in hospital, and why: health details (PIPL)
        audit.log_sensitive_reads(
            org=request.org,
            actor=request.user,
            model=Member,
            object_ids=[m.pk for v in digest.in_hospital for m in v.members.all()],
            purpose="care_reminders",
            fields=("illness",),
        )
    return render(
        request,
        "care/reminders.html",
        {"digest": digest, "days": days, "sensitive": sensitive, "today": today, "dt": dt},
    )


def _record(request, broken: list[str], **details):
    """Record a care visit for `run_action`: a refusal keeps the rules it broke in `broken` (the
    page lists them for the chair's override), and the warnings become messages."""
    try:
        visit, warnings = services.care_visit_record(org=request.org, actor=request.user, **details)
    except services.CareRuleBroken as error:
        broken.extend(error.broken)
        raise
    for warning in warnings:
        messages.warning(request, warning)
    return visit


@requires("care.record")
def import_template(request):
    return xlsx_response(importer.template_bytes(), _("care-ledger-template.xlsx"))


@requires("care.record")
def import_upload(request):
    """A paper care ledger typed into the template: checked row by row (the care rules too),
    kept for the preview when it has no errors."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        staged, result = stage_upload(
            form=form,
            parser_class=importer.CareLedgerParser,
            batch_model=CareImport,
            org=request.org,
            user=request.user,
        )
        if staged is not None:
            return redirect("care:import_preview", org=request.org.code, pk=staged.pk)
    return render(request, "care/import.html", {"form": form, "result": result})


def _preview_row(row: dict) -> dict:
    kind = Kind(row["kind"]).label
    if row["festival"]:
        kind = f"{kind} · {Festival(row['festival']).label}"
    return {
        **row,
        "kind_label": kind,
        "payer_label": Payer(row["payer"]).label if row["payer"] else "",
        "names": "、".join(m.name for m in row["members"][:8]),
        "more": max(len(row["members"]) - 8, 0),
        "total": row["amount"] * len(row["members"]),
    }


@requires("care.record")
def import_preview(request, pk: int):
    """The rows of a kept file, checked afresh; confirming records them all or none."""
    staged = get_object_or_404(CareImport, org=request.org, pk=pk)
    if staged.state != CareImport.State.PREVIEW:
        messages.info(request, _("This file has already been imported."))
        return redirect("care:list", org=request.org.code)

    def context(_form=None):
        result = importer.CareLedgerParser(org=request.org).parse(staged_rows(staged))
        return {
            "batch": staged,
            "result": result,
            "preview_rows": [_preview_row(row) for row in result.rows[:100]],
        }

    if request.method != "POST":
        return render(request, "care/import_preview.html", context())

    def perform(data):
        visits, warnings = services.care_import(org=request.org, actor=request.user, batch=staged)
        for warning in warnings[:20]:
            messages.warning(request, warning)
        return visits

    return run_action(
        request,
        form=None,
        perform=perform,
        success=lambda visits: _("%(n)d care visits were imported.") % {"n": len(visits)},
        redirect_to=lambda visits: (
            _url(request, "care:list") + f"?year={min(v.date for v in visits).year}"
        ),
        template="care/import_preview.html",
        context=context,
    )
