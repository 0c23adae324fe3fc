"""The pages of each kind of vote beyond the ballot: the results of an evaluation (per person
rated) and of a satisfaction survey (per teacher, per class, the comments), their Excel export,
the winners written into the registers with one confirmation, the school's class list and a
survey's questions generated from a spreadsheet of who teaches which class."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.importing import stage_upload, staged_rows
from unionhall.orgs.access import can, requires
from unionhall.polls import exports, forms, importers, results, selectors, services
from unionhall.polls.models import ClassImport, Kind, Poll, SchoolClass, TeachingImport
from unionhall.polls.workflow import State


def _poll(request, pk: int) -> Poll:
    return get_object_or_404(Poll.objects.select_related("org"), org=request.org, pk=pk)


def _url(request, name: str, **kwargs) -> str:
    return reverse(f"polls:{name}", kwargs={"org": request.org.code, **kwargs})


def _shown(request, poll: Poll) -> None:
    """Results are read once published; the officers read them from the close."""
    if poll.state == State.PUBLISHED:
        return
    if poll.state == State.CLOSED and can(request, "polls.manage"):
        return
    raise Http404("not published")


@requires("polls.view")
def poll_results(request, pk: int):
    poll = _poll(request, pk)
    kind = results.results_kind(poll)
    if kind is None:
        raise Http404("no results page of its own")
    _shown(request, poll)
    context = {
        "poll": poll,
        "manager": can(request, "polls.manage"),
        "comments": results.comments_for(
            poll, user=request.user, read_all=can(request, "polls.comments")
        ),
    }
    if kind == Kind.EVALUATION:
        context["people"] = results.evaluation_results(poll)
        context["approving"] = results.approving_labels(poll, context["people"])
        return render(request, "polls/results_evaluation.html", context)
    context["survey"] = results.survey_results(poll)
    return render(request, "polls/results_survey.html", context)


@requires("polls.view")
def poll_results_xlsx(request, pk: int):
    poll = _poll(request, pk)
    kind = results.results_kind(poll)
    _shown(request, poll)
    if kind == Kind.EVALUATION:
        content = exports.evaluation_workbook(poll)
    elif kind == Kind.SATISFACTION:
        content = exports.survey_workbook(poll)
    else:
        content = exports.counted_workbook(poll)
    return xlsx_response(content, f"{poll.title}.xlsx")


@requires("polls.manage")
def winners(request, pk: int):
    """One confirmation: what will be written, then the press that writes it (once)."""
    poll = _poll(request, pk)
    if poll.kind not in (Kind.ELECTION, Kind.SATISFACTION):
        raise Http404("no winners to write")
    entries = services.winners_plan(poll) if poll.state == State.PUBLISHED else []
    form = forms.winners_form(entries, request.POST if request.method == "POST" else None)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.winners_record(
            org=request.org,
            actor=request.user,
            poll=poll,
            roles={name.removeprefix("role_"): role for name, role in data.items()},
        ),
        redirect_to=_url(request, "winners", pk=poll.pk),
        success=lambda written: (
            _("%(n)d written into the register.") % {"n": len(written)}
            if written
            else _("Nothing new to write: everything listed is already in the register.")
        ),
        template="polls/winners.html",
        context={
            "poll": poll,
            "entries": entries,
            "published": poll.state == State.PUBLISHED,
            "places": poll.rules.get("winners", 3),
            "to_write": [e for e in entries if e.writable],
        },
    )


@requires("polls.manage")
def questions_copy(request, pk: int):
    """The saved template of questions: a draft takes the questions of an earlier poll."""
    poll = _poll(request, pk)
    if poll.state != State.DRAFT:
        raise Http404("questions are copied into a draft")
    return run_action(
        request,
        form=forms.CopyQuestionsForm(request.POST or None, poll=poll),
        perform=lambda data: services.questions_copy(
            org=request.org, actor=request.user, poll=poll, source=data["source"]
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=lambda made: _("%(n)d questions were copied.") % {"n": len(made)},
        template="polls/form.html",
        context={"heading": _("Copy the questions of an earlier poll"), "poll": poll},
    )


# The class list ---------------------------------------------------------------------------------


@requires("polls.manage")
def classes(request):
    return run_action(
        request,
        form=forms.SchoolClassForm(request.POST or None),
        perform=lambda data: services.school_class_add(org=request.org, actor=request.user, **data),
        redirect_to=_url(request, "classes"),
        success=_("The class was added."),
        template="polls/classes.html",
        context={
            "classes": selectors.classes_on_list(org=request.org),
            "heading": _("The school's classes"),
        },
    )


@requires("polls.manage")
@require_POST
def class_retire(request, pk: int):
    row = get_object_or_404(SchoolClass, org=request.org, pk=pk)
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.school_class_retire(
            org=request.org, actor=request.user, school_class=row
        ),
        redirect_to=_url(request, "classes"),
        success=_("%(name)s was taken off the list.") % {"name": row.name},
    )


@requires("polls.manage")
def classes_template(request):
    return xlsx_response(importers.classes_template(), _("classes.xlsx"))


@requires("polls.manage")
def teaching_template(request):
    return xlsx_response(importers.teaching_template(), _("teaching.xlsx"))


def _upload(request, *, parser_class, batch_model, heading, template_url, extra=None, fields=None):
    form = forms.SheetUploadForm(request.POST or None, request.FILES or None)
    batch = result = None
    if request.method == "POST":
        batch, result = stage_upload(
            form=form,
            parser_class=parser_class,
            batch_model=batch_model,
            org=request.org,
            user=request.user,
            fields=fields,
        )
    context = {
        "form": form,
        "result": result,
        "heading": heading,
        "template_url": template_url,
        **(extra or {}),
    }
    return batch, render(request, "polls/import.html", context)


@requires("polls.manage")
def classes_import(request):
    batch, page = _upload(
        request,
        parser_class=importers.ClassParser,
        batch_model=ClassImport,
        heading=_("Import the class list from Excel"),
        template_url=_url(request, "classes_template"),
    )
    if batch is not None:
        return redirect(_url(request, "classes_preview", batch=batch.pk))
    return page


@requires("polls.manage")
def classes_preview(request, batch: int):
    batch = get_object_or_404(ClassImport, org=request.org, pk=batch)
    if batch.state != ClassImport.State.PREVIEW:
        messages.info(request, _("This file has already been imported."))
        return redirect(_url(request, "classes"))
    result = importers.ClassParser(org=request.org).parse(staged_rows(batch))
    if request.method == "POST" and result.ok:
        return run_action(
            request,
            form=None,
            perform=lambda _data: services.classes_import(
                org=request.org, actor=request.user, batch=batch, rows=result.rows
            ),
            success=lambda n: _("%(n)d classes were added.") % {"n": n},
            redirect_to=_url(request, "classes"),
        )
    return render(
        request,
        "polls/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "heading": _("Check the class list"),
            "columns": [str(c.label) for c in importers.CLASS_COLUMNS],
            "rows": [(r["grade"], r["name"]) for r in result.rows[:200]],
            "cancel_url": _url(request, "classes_import"),
        },
    )


@requires("polls.manage")
def teaching_import(request, pk: int):
    poll = _poll(request, pk)
    if poll.kind != Kind.SATISFACTION or poll.state != State.DRAFT:
        raise Http404("questions are generated for a draft survey")
    batch, page = _upload(
        request,
        parser_class=importers.TeachingParser,
        batch_model=TeachingImport,
        heading=_("Questions from a spreadsheet of who teaches which class"),
        template_url=_url(request, "teaching_template"),
        extra={"poll": poll},
        fields={"poll": poll},
    )
    if batch is not None:
        return redirect(_url(request, "teaching_preview", pk=poll.pk, batch=batch.pk))
    return page


@requires("polls.manage")
def teaching_preview(request, pk: int, batch: int):
    poll = _poll(request, pk)
    batch = get_object_or_404(TeachingImport, org=request.org, poll=poll, pk=batch)
    if batch.state != TeachingImport.State.PREVIEW:
        messages.info(request, _("This file has already been imported."))
        return redirect(_url(request, "detail", pk=poll.pk))
    result = importers.TeachingParser(org=request.org).parse(staged_rows(batch))
    if request.method == "POST" and result.ok:
        return run_action(
            request,
            form=None,
            perform=lambda _data: services.teaching_import(
                org=request.org, actor=request.user, poll=poll, batch=batch, rows=result.rows
            ),
            success=lambda made: _("%(n)d questions were generated.") % {"n": len(made)},
            redirect_to=_url(request, "detail", pk=poll.pk),
        )
    return render(
        request,
        "polls/import_preview.html",
        {
            "batch": batch,
            "poll": poll,
            "result": result,
            "heading": _("Check the questions to generate"),
            "columns": [str(c.label) for c in importers.TEACHING_COLUMNS] + [_("On the register")],
            "rows": [
                (
                    r["group"],
                    r["teacher"],
                    r["course"],
                    _("Yes") if r["member"] else _("No: nobody of that name, or several"),
                )
                for r in result.rows[:200]
            ],
            "cancel_url": _url(request, "teaching_import", pk=poll.pk),
        },
    )
