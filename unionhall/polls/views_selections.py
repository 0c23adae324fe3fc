"""Selections' pages: the list, a selection with its nominees, screening, vote, notice and
objections, and one action view for each step."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from unionhall.core.actions import run_action
from unionhall.orgs.access import requires
from unionhall.polls import forms, selections
from unionhall.polls.models import Objection, Selection


def _selection(request, pk: int) -> Selection:
    try:
        return Selection.objects.select_related("poll").get(org=request.org, pk=pk)
    except Selection.DoesNotExist:
        raise Http404("no such selection") from None


def _detail_url(request, selection) -> str:
    return reverse("polls:selection", kwargs={"org": request.org.code, "pk": selection.pk})


@requires("polls.manage")
def selection_list(request):
    rows = Selection.objects.filter(org=request.org).order_by("-id")[:200]
    return render(request, "polls/selections.html", {"selections": rows})


@requires("polls.manage")
def selection_create(request):
    return run_action(
        request,
        form=forms.SelectionForm(request.POST or None),
        perform=lambda data: selections.selection_create(
            org=request.org, actor=request.user, **data
        ),
        redirect_to=lambda s: _detail_url(request, s),
        success=_("The selection was created: add the nominees."),
        template="polls/form.html",
        context={"heading": _("New selection")},
    )


def _forms(request, selection, **bound):
    return {
        "nominee_form": bound.get("nominate") or forms.NomineeForm(org=request.org),
        "notice_form": bound.get("notice") or forms.NoticeForm(),
        "objection_form": bound.get("object") or forms.ObjectionForm(selection=selection),
    }


@requires("polls.manage")
def selection_detail(request, pk: int):
    selection = _selection(request, pk)
    return render(request, "polls/selection.html", _context(request, selection))


def _context(request, selection, **bound) -> dict:
    return {
        "selection": selection,
        "nominees": selection.nominees.select_related("member"),
        "objections": selection.objections.select_related("nominee__member"),
        **_forms(request, selection, **bound),
    }


@requires("polls.manage")
def selection_step(request, pk: int, step: str):
    selection = _selection(request, pk)
    org, actor = request.org, request.user
    data = request.POST or None
    if step == "nominate":
        form = forms.NomineeForm(data, org=org)

        def perform(d):
            return selections.nominee_add(org=org, actor=actor, selection=selection, **d)

    elif step == "vote":
        form = None

        def perform(d):
            return selections.selection_vote_open(org=org, actor=actor, selection=selection)

    elif step == "notice":
        form = forms.NoticeForm(data)

        def perform(d):
            return selections.selection_notice_start(org=org, actor=actor, selection=selection, **d)

    elif step == "object":
        form = forms.ObjectionForm(data, selection=selection)

        def perform(d):
            return selections.objection_record(org=org, actor=actor, selection=selection, **d)

    elif step == "resolve":
        form = forms.ResolveForm(data)

        def perform(d):
            objection = Objection.objects.filter(
                org=org, selection=selection, pk=d["objection"]
            ).first()
            if objection is None:
                raise Http404("no such objection")
            return selections.objection_resolve(
                org=org, actor=actor, objection=objection, upheld=d["upheld"], outcome=d["outcome"]
            )

    elif step == "decide":
        form = None

        def perform(d):
            return selections.selection_decide(org=org, actor=actor, selection=selection)

    else:
        raise Http404("no such step")
    if request.method != "POST":
        raise Http404("steps are posted")
    return run_action(
        request,
        form=form,
        perform=perform,
        redirect_to=_detail_url(request, selection),
        success=_("Done."),
    )
