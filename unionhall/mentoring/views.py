from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.actions import run_action
from unionhall.core.params import year_param
from unionhall.core.periods import SCHOOL_YEAR, Period, school_year_of
from unionhall.members.selectors import member_of_user
from unionhall.mentoring import forms, selectors, services
from unionhall.mentoring.documents import contract_docx
from unionhall.mentoring.models import Contract, Pair
from unionhall.orgs.access import can, requires

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _school_year(request) -> Period:
    year = year_param(request, default=school_year_of(timezone.localdate()))
    return Period.school_year(year)


def _contract_for(request, pk: int) -> Contract:
    """The contract, if the user reads every contract or is a party to it (else 404)."""
    try:
        contract = selectors.contract_get(org=request.org, pk=pk)
    except Contract.DoesNotExist:
        raise Http404("no such contract") from None
    if can(request, "mentoring.view"):
        return contract
    if not selectors.is_party(contract, member_of_user(org=request.org, user=request.user)):
        raise Http404("no such contract")
    return contract


def _list_page(request, *, member):
    period = _school_year(request)
    contracts = list(selectors.contract_list(org=request.org, period=period, member=member))
    by_id = {contract.pk: contract for contract in contracts}
    pairs = [pair for contract in contracts for pair in contract.pairs.all()]
    for pair in pairs:
        pair.contract = by_id[pair.contract_id]
    progress = selectors.progress_of(pairs)
    rows = [{"contract": c, "pairs": [progress[p.pk] for p in c.pairs.all()]} for c in contracts]
    return render(
        request,
        "mentoring/list.html",
        {
            "rows": rows,
            "period": period,
            "year": school_year_of(period.start),
            "reads_all": member is None,
        },
    )


@requires("mentoring.view")
def contract_list(request):
    """Every contract of the school year, with each pair's progress."""
    return _list_page(request, member=None)


@requires("mentoring.log")
def my_contracts(request):
    """The contracts one is a party to (mentor or mentee)."""
    me = member_of_user(org=request.org, user=request.user)
    if me is None:
        raise Http404("not a member here")
    return _list_page(request, member=me)


@requires("mentoring.log")
def contract_detail(request, pk: int):
    contract = _contract_for(request, pk)
    pairs = list(contract.pairs.all())
    for pair in pairs:
        pair.contract = contract
    progress = selectors.progress_of(pairs)
    logs = selectors.contract_logs(contract)
    me = member_of_user(org=request.org, user=request.user)
    return render(
        request,
        "mentoring/detail.html",
        {
            "contract": contract,
            "progress": [progress[pair.pk] for pair in pairs],
            "logs": logs,
            "may_log": can(request, "mentoring.manage") or selectors.is_party(contract, me),
        },
    )


@requires("mentoring.log")
def contract_document(request, pk: int):
    contract = _contract_for(request, pk)
    response = HttpResponse(contract_docx(contract), content_type=DOCX)
    name = f"mentoring-contract-{contract.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires("mentoring.manage")
def contract_create(request):
    defaults = selectors.settings_of(request.org)
    period = Period.containing(SCHOOL_YEAR, timezone.localdate())
    form = forms.ContractForm(
        request.POST or None,
        org=request.org,
        initial={
            "starts_on": period.start,
            "ends_on": period.end,
            "signed_on": timezone.localdate(),
            "observations": defaults.observations,
            "open_lessons": defaults.open_lessons,
            "papers": defaults.papers,
            "reading_notes": defaults.reading_notes,
        },
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.contract_create(
            org=request.org,
            actor=request.user,
            mentor=data["mentor"],
            mentees=list(data["mentees"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            signed_on=data["signed_on"],
            observations=data["observations"],
            open_lessons=data["open_lessons"],
            papers=data["papers"],
            reading_notes=data["reading_notes"],
            note=data["note"],
        ),
        success=_("The contract was signed."),
        redirect_to=lambda contract: _url(request, "mentoring:detail", pk=contract.pk),
        template="mentoring/form.html",
        context={"heading": _("New mentoring contract")},
    )


@requires("mentoring.log")
def log_create(request, pk: int):
    """Log a lesson observed, an open lesson, a paper or reading notes (phone first). Officers
    type in paper logs on behalf of their person, with the date they happened."""
    contract = _contract_for(request, pk)
    me = member_of_user(org=request.org, user=request.user)
    is_party = selectors.is_party(contract, me)
    may_enter_paper = can(request, "mentoring.manage")
    if not is_party and not may_enter_paper:
        raise Http404("not a party")
    parties = selectors.contract_parties(org=request.org, contract=contract)
    initial = {"date": timezone.localdate(), "kind": request.GET.get("kind", "observation")}
    if is_party:
        initial["member"] = me.pk

    def perform(data):
        own = me is not None and me.pk == data["member"].pk
        return services.log_add(
            org=request.org,
            actor=request.user,
            contract=contract,
            on_behalf=may_enter_paper and not own,
            **data,
        )

    return run_action(
        request,
        form=forms.LogForm(
            request.POST or None,
            parties=parties,
            # A party logs what they did themselves; officers type in anyone's paper log.
            doers=parties if may_enter_paper else parties.filter(pk=me.pk),
            initial=initial,
        ),
        perform=perform,
        success=_("Logged."),
        redirect_to=_url(request, "mentoring:detail", pk=contract.pk),
        template="mentoring/log_form.html",
        context={"contract": contract, "on_behalf": not is_party},
    )


@requires("mentoring.assess")
def pair_assess(request, pk: int):
    pair = get_object_or_404(
        Pair.objects.select_related("contract__mentor", "mentee"), org=request.org, pk=pk
    )
    progress = selectors.pair_progress(pair)
    found = getattr(pair, "assessment", None)
    initial = {"assessed_on": timezone.localdate()}
    if found is not None:
        initial.update(grade=found.grade, comment=found.comment, assessed_on=found.assessed_on)
    form = forms.AssessmentForm(request.POST or None, initial=initial)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.assessment_record(
            org=request.org, actor=request.user, pair=pair, **data
        ),
        success=_("The assessment was saved."),
        redirect_to=_url(request, "mentoring:detail", pk=pair.contract_id),
        template="mentoring/assess.html",
        context={"pair": pair, "progress": progress},
    )


@requires("mentoring.manage")
def settings_edit(request):
    found = selectors.settings_of(request.org)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "observations": found.observations,
            "open_lessons": found.open_lessons,
            "papers": found.papers,
            "reading_notes": found.reading_notes,
        },
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.settings_update(org=request.org, actor=request.user, **data),
        success=_("The default targets were saved."),
        redirect_to=_url(request, "mentoring:list"),
        template="mentoring/form.html",
        context={"heading": _("Default mentoring targets")},
    )
