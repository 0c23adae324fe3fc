"""Selections' pages: the list, a selection with its nominees, screening, judges and their
scores, the decision vote, the public notice and objections, one action view for each step, the
judge's score sheet and the printable 公示 notice."""

from django import forms as django_forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.forms import StyledForm
from unionhall.orgs.access import requires
from unionhall.polls import forms, selection_documents, selections, selectors
from unionhall.polls.models import Selection, SelectionState
from unionhall.polls.views import _docx


def _selection(request, pk: int) -> Selection:
    return get_object_or_404(Selection.objects.select_related("poll"), org=request.org, pk=pk)


def _detail_url(request, selection) -> str:
    return reverse("polls:selection", kwargs={"org": request.org.code, "pk": selection.pk})


@requires("polls.manage")
def selection_list(request):
    rows = selectors.selections_for(org=request.org)
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
        "judge_form": bound.get("judge") or forms.JudgeForm(org=request.org),
        "vote_form": bound.get("vote") or forms.SelectionVoteForm(),
        "notice_form": bound.get("notice") or forms.NoticeForm(),
        "decide_form": bound.get("decide") or forms.DecideForm(),
        "objection_form": bound.get("object") or forms.ObjectionForm(selection=selection),
        "cancel_form": bound.get("cancel") or forms.CancelForm(),
    }


@requires("polls.manage")
def selection_detail(request, pk: int):
    selection = _selection(request, pk)
    return render(request, "polls/selection.html", _context(request, selection))


def _context(request, selection, **bound) -> dict:
    judges = list(selection.judges.select_related("member"))
    return {
        "selection": selection,
        "nominees": selection.nominees.select_related("member"),
        "judges": judges,
        "score_rows": selectors.selection_scores(selection) if judges else [],
        "is_judge": any(j.user_id == request.user.pk for j in judges),
        "objections": selection.objections.select_related("nominee__member"),
        "history": audit.history(selection),
        "honours": selectors.honours_written(selection),
        **_forms(request, selection, **bound),
    }


# What each step tells the officer once done.
STEP_DONE = {
    "nominate": gettext_lazy("The nominee was added."),
    "judge": gettext_lazy("The judge was added."),
    "unjudge": gettext_lazy("The judge was removed."),
    "scoring": gettext_lazy("Screening is done: the judges can score."),
    "vote": gettext_lazy("The approval vote is open."),
    "notice": gettext_lazy("The public notice has started."),
    "object": gettext_lazy("The objection was recorded."),
    "resolve": gettext_lazy("The objection was dealt with."),
    "decide": gettext_lazy("The selection is decided; the honours are in the register."),
    "cancel": gettext_lazy("The selection was cancelled."),
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

    elif step == "judge":
        form = forms.JudgeForm(data, org=org)

        def perform(d):
            return selections.judge_add(org=org, actor=actor, selection=selection, **d)

    elif step == "unjudge":
        form = forms.JudgeRemoveForm(data)

        def perform(d):
            return selections.judge_remove(org=org, actor=actor, selection=selection, **d)

    elif step == "scoring":
        form = None

        def perform(d):
            return selections.scoring_start(org=org, actor=actor, selection=selection)

    elif step == "vote":
        form = forms.SelectionVoteForm(data)

        def perform(d):
            return selections.selection_vote_open(org=org, actor=actor, selection=selection, **d)

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
            objection = selectors.objection_of(org=org, selection=selection, pk=d["objection"])
            if objection is None:
                raise Http404("no such objection")
            return selections.objection_resolve(
                org=org, actor=actor, objection=objection, upheld=d["upheld"], outcome=d["outcome"]
            )

    elif step == "decide":
        form = forms.DecideForm(data)

        def perform(d):
            return selections.selection_decide(org=org, actor=actor, selection=selection, **d)

    elif step == "cancel":
        form = forms.CancelForm(data)

        def perform(d):
            return selections.selection_cancel(org=org, actor=actor, selection=selection, **d)

    else:
        raise Http404("no such step")
    if request.method != "POST":
        raise Http404("steps are posted")
    return run_action(
        request,
        form=form,
        perform=perform,
        redirect_to=_detail_url(request, selection),
        success=str(STEP_DONE[step]),
    )


def _score_form(selection, data=None):
    """One box per eligible nominee, 0 to 100, one decimal place."""
    fields = {}
    for nominee in selection.nominees.filter(eligible=True).select_related("member"):
        fields[f"n{nominee.pk}"] = django_forms.DecimalField(
            label=nominee.member.name, min_value=0, max_value=100, decimal_places=1
        )
    form_class = type("ScoreSheet", (StyledForm, django_forms.Form), fields)
    return form_class(data)


def _score_sheet(request, selection, user, *, typed_by=None, **action):
    """`user`'s score sheet as a grid: on a GET while the scoring lasts, the scores given so far;
    posted, saved in one go as theirs (typed by the chair for a judge who scored on paper)."""
    if request.method == "GET" and selection.state == SelectionState.SCORING:
        form = _score_form(selection)
        form.initial = {
            f"n{s.nominee_id}": s.score for s in selectors.scores_of(selection=selection, user=user)
        }
    else:
        form = _score_form(selection, request.POST or None)
    return run_action(
        request,
        form=form,
        perform=lambda d: selections.scores_enter(
            org=request.org,
            user=user,
            selection=selection,
            scores={int(k[1:]): v for k, v in d.items()},
            typed_by=typed_by,
        ),
        template="polls/selection_scores.html",
        **action,
    )


@requires("polls.vote")
def selection_scores(request, pk: int):
    """A judge's score sheet: every nominee in one grid, sent in one go."""
    selection = selectors.selection_judged_by(org=request.org, pk=pk, user=request.user)
    if selection is None:
        raise Http404("not a judge of this selection")
    return _score_sheet(
        request,
        selection,
        request.user,
        redirect_to=reverse(
            "polls:selection_scores", kwargs={"org": request.org.code, "pk": selection.pk}
        ),
        success=_("Your scores were saved."),
        context={"selection": selection},
    )


@requires("polls.manage")
def selection_paper_scores(request, pk: int, judge: int):
    """The chair types a judge's paper score sheet: the same grid, saved as the judge's."""
    selection = _selection(request, pk)
    named = selectors.judge_of(selection=selection, pk=judge)
    if named is None:
        raise Http404("not a judge of this selection")
    return _score_sheet(
        request,
        selection,
        named.user,
        typed_by=request.user,
        redirect_to=_detail_url(request, selection),
        success=_("The paper score sheet of %(name)s was saved.") % {"name": named.member.name},
        context={"selection": selection, "paper_judge": named},
    )


@requires("polls.manage")
def selection_notice(request, pk: int):
    """The printable 公示 notice (.docx, A4)."""
    selection = _selection(request, pk)
    if selection.notice_starts_on is None:
        raise Http404("no public notice yet")
    if selection.state == SelectionState.CANCELLED:
        raise Http404("the selection was cancelled: its notice is withdrawn")
    return _docx(selection_documents.notice_docx(selection), f"notice-{selection.pk}.docx")
