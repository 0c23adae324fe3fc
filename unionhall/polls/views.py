"""Members' and officers' pages of polls: the list, a poll (its state, participation and
published result), the member's ballot, and the officers' setting up, codes, paper count and
documents.

The ballot view logs nothing and keeps nothing in the session about what was chosen.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.core.params import id_list
from unionhall.orgs.access import can, requires
from unionhall.polls import documents, forms, selectors, services, views_box
from unionhall.polls.models import (
    Kind,
    Mode,
    Poll,
    Question,
)
from unionhall.polls.workflow import TRANSITIONS, State

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _poll(request, pk: int) -> Poll:
    return get_object_or_404(
        Poll.objects.select_related("org", "runoff_of"), org=request.org, pk=pk
    )


def _url(request, name: str, **kwargs) -> str:
    return reverse(f"polls:{name}", kwargs={"org": request.org.code, **kwargs})


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("polls.view")
def poll_list(request):
    manager = can(request, "polls.manage")
    # A scrutineer finds the paper polls they count, closed ones included.
    listed = selectors.poll_list(org=request.org, user=request.user, manager=manager)
    return render(
        request,
        "polls/list.html",
        {
            "polls": listed.polls,
            "voted": listed.voted,
            "entitled": listed.entitled,
            "counting": listed.counting,
            "manager": manager,
        },
    )


@requires("polls.view")
def poll_detail(request, pk: int):
    poll = _poll(request, pk)
    manager = can(request, "polls.manage")
    if poll.state == State.DRAFT and not (manager or views_box.is_key_holder(request, poll)):
        raise Http404("not published")
    runoffs = list(poll.runoffs.all())
    blockers = services.publish_blockers(poll)
    context = {
        "poll": poll,
        "manager": manager,
        "scrutineer": poll.mode == Mode.PAPER
        and poll.scrutineers.filter(user=request.user).exists(),
        "questions": poll.questions.prefetch_related("options"),
        "moves": [t for t in TRANSITIONS[poll.state]] if manager else [],
        "participation": selectors.participation(poll) if poll.mode == Mode.CODES else [],
        "runoffs": runoffs,
        "blockers": blockers,
    }
    context.update(views_box.ceremony_context(request, poll, manager=manager))
    # An invalid poll has no result to show; a result still missing a count is not shown either
    # (its zeros would read as everyone defeated), nor one still in its sealed box.
    shown = (
        not poll.void_reason
        and not poll.box_sealed
        and (
            poll.state == State.PUBLISHED
            or (manager and poll.state == State.CLOSED and not blockers)
        )
    )
    if shown:
        if (
            poll.kind in (Kind.ELECTION, Kind.SELECTION)
            and poll.questions.filter(options__isnull=False).exists()
        ):
            context["bodies"] = selectors.election_result(poll)
            context["runoff_needed"] = not runoffs and any(
                body.outcome.needs_runoff for body in context["bodies"]
            )
        context["scales"] = selectors.scale_table(poll)
        if poll.kind == Kind.SATISFACTION:
            context["satisfaction"] = selectors.satisfaction_table(poll)
    # An invalid poll still shows what was in the box, once there is something counted.
    counted = poll.mode != Mode.PAPER or selectors.has_paper_count(poll)
    if poll.state in (State.CLOSED, State.PUBLISHED) and (shown or (poll.void_reason and counted)):
        context["counts"] = selectors.counts(poll)
        context["own_results"] = poll.kind in (Kind.EVALUATION, Kind.SATISFACTION)
    if manager:
        context["question_form"] = forms.QuestionForm(org=request.org)
        context["codes_form"] = forms.CodesForm(org=request.org)
    return render(request, "polls/detail.html", context)


@requires("polls.manage")
def poll_create(request):
    return run_action(
        request,
        form=forms.PollForm(request.POST or None),
        perform=lambda data: services.poll_create(org=request.org, actor=request.user, **data),
        redirect_to=lambda poll: _url(request, "detail", pk=poll.pk),
        success=_("The poll was created as a draft."),
        template="polls/form.html",
        context={"heading": _("New poll")},
    )


def _question_data(data: dict, existing=()) -> dict:
    """The service's arguments from the question form: the surplus as the question's rule, and
    candidates already on the register kept as members."""
    surplus = data.pop("surplus_percent")
    members = {o.label: o.member for o in existing if o.member_id}
    data["candidates"] = [members.get(name, name) for name in data["candidates"]]
    return data | {"rules": {} if surplus is None else {"surplus_percent": surplus}}


def _draft_only(request, poll: Poll):
    """A page that changes a draft, asked for on an opened poll: say why, back to the poll."""
    if poll.state == State.DRAFT:
        return None
    messages.error(
        request,
        _("This poll is “%(state)s”: its questions and candidates can no longer change.")
        % {"state": State(poll.state).label},
    )
    return redirect(_url(request, "detail", pk=poll.pk))


@requires("polls.manage")
def question_add(request, pk: int):
    poll = _poll(request, pk)
    if refused := _draft_only(request, poll):
        return refused
    return run_action(
        request,
        form=forms.QuestionForm(request.POST or None, org=request.org),
        perform=lambda data: services.question_add(
            org=request.org, actor=request.user, poll=poll, **_question_data(data)
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The question was added."),
        template="polls/form.html",
        context={"heading": _("Add a question"), "poll": poll},
    )


def _question(request, pk: int, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("poll"), org=request.org, poll_id=pk, pk=question_pk
    )


@requires("polls.manage")
def question_edit(request, pk: int, question_pk: int):
    question = _question(request, pk, question_pk)
    poll = question.poll
    if refused := _draft_only(request, poll):
        return refused
    existing = list(question.options.all())
    initial = {
        "text": question.text,
        "scale": question.scale,
        "subject": question.subject,
        "seats": question.seats,
        "group": question.group,
        "candidates": "\n".join(o.label for o in existing),
        "surplus_percent": question.rules.get("surplus_percent"),
        "subject_member": question.subject_member_id,
    }
    return run_action(
        request,
        form=forms.QuestionForm(request.POST or None, initial=initial, org=request.org),
        perform=lambda data: services.question_edit(
            org=request.org, actor=request.user, question=question, **_question_data(data, existing)
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The question was changed."),
        template="polls/form.html",
        context={"heading": _("Change a question"), "poll": poll},
    )


@requires("polls.manage")
@require_POST
def question_delete(request, pk: int, question_pk: int):
    question = _question(request, pk, question_pk)
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.question_delete(
            org=request.org, actor=request.user, question=question
        ),
        redirect_to=_url(request, "detail", pk=pk),
        success=_("The question was removed."),
    )


@requires("polls.manage")
def poll_edit(request, pk: int):
    poll = _poll(request, pk)
    if refused := _draft_only(request, poll):
        return refused
    return run_action(
        request,
        form=forms.PollEditForm(
            request.POST or None, initial={"title": poll.title, "held_on": poll.held_on}
        ),
        perform=lambda data: services.poll_edit(
            org=request.org, actor=request.user, poll=poll, **data
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The poll was changed."),
        template="polls/form.html",
        context={"heading": _("Change the poll"), "poll": poll},
    )


@requires("polls.manage")
def poll_delete(request, pk: int):
    """A confirmation page; deleting removes the draft for good."""
    poll = _poll(request, pk)
    if refused := _draft_only(request, poll):
        return refused
    if request.method != "POST":
        return render(
            request,
            "polls/delete.html",
            {
                "poll": poll,
                "questions": poll.questions.count(),
                "codes": poll.codes.count(),
            },
        )
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.poll_delete(org=request.org, actor=request.user, poll=poll),
        redirect_to=_url(request, "list"),
        success=lambda title: _("The draft “%(title)s” was deleted.") % {"title": title},
    )


@requires("polls.manage")
@require_POST
def poll_move(request, pk: int, target: str):
    poll = _poll(request, pk)
    if target not in State.values:
        raise Http404("no such state")
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.poll_move(
            org=request.org, actor=request.user, poll=poll, target=target
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The poll is now “%(state)s”.") % {"state": State(target).label},
    )


@requires("polls.manage")
@require_POST
def runoff(request, pk: int):
    poll = _poll(request, pk)
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.runoff_create(
            org=request.org, actor=request.user, poll=poll
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The runoff poll is a draft: see the link above."),
    )


@requires("polls.manage")
def codes(request, pk: int):
    poll = _poll(request, pk)
    return run_action(
        request,
        form=forms.CodesForm(request.POST or None, org=request.org),
        perform=lambda data: services.codes_issue_for_classes(
            org=request.org,
            actor=request.user,
            poll=poll,
            groups=data["groups"],
            count=data["count"],
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=lambda codes: (
            _("%(codes)s codes were issued for %(classes)s classes: print the slips.")
            % {"codes": len(codes), "classes": len({c.group for c in codes})}
        ),
        template="polls/form.html",
        context={
            "heading": _("Issue codes for a class"),
            "poll": poll,
            "classes_url": _url(request, "classes"),
        },
    )


@requires("polls.manage")
def codes_void(request, pk: int):
    """A confirmation page first (how many unused codes of which class), then the voiding;
    refused, with the reason, while voting is open."""
    poll = _poll(request, pk)
    unused = services.unused_codes_by_class(poll)
    return run_action(
        request,
        form=forms.CodesVoidForm(request.POST or None, unused=unused),
        perform=lambda data: services.codes_void(
            org=request.org, actor=request.user, poll=poll, group=data["group"] or None
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=lambda count: (
            ngettext(
                "%(count)s unused code was voided.", "%(count)s unused codes were voided.", count
            )
            % {"count": count}
        ),
        template="polls/codes_void.html",
        status=400,
        context={
            "poll": poll,
            "unused": unused,
            "total": sum(n for _group, n in unused),
            "open": poll.state == State.OPEN,
        },
    )


@requires("polls.manage")
def code_slips(request, pk: int):
    poll = _poll(request, pk)
    base_url = settings.UNIONHALL_SITE_URL or f"{request.scheme}://{request.get_host()}"
    return _docx(documents.code_slips(poll, base_url=base_url), f"codes-{poll.pk}.docx")


@requires("polls.manage")
def paper_ballots(request, pk: int):
    poll = _poll(request, pk)
    if poll.mode != Mode.PAPER:
        raise Http404("not a paper poll")
    return _docx(documents.paper_ballots(poll), f"ballot-{poll.pk}.docx")


@requires("polls.view")
def report(request, pk: int):
    poll = _poll(request, pk)
    if poll.state != State.PUBLISHED and not (
        can(request, "polls.manage") and poll.state == State.CLOSED
    ):
        raise Http404("not published")
    if poll.box_sealed:
        raise Http404("the ballot box is still sealed")
    register = 0
    if poll.kind == Kind.EVALUATION:
        register = selectors.register_in_service(org=request.org)
    # Comments (about teachers, about leaders) go to the officers only.
    content, filename = documents.report(
        poll, register=register, comments=can(request, "polls.manage")
    )
    return _docx(content, filename)


@requires("polls.vote")
def vote(request, pk: int):
    poll = _poll(request, pk)
    voter = selectors.voter_of(poll=poll, user=request.user)
    if voter is None or poll.mode == Mode.PAPER:
        raise Http404("not on the roll")
    if voter.has_voted:
        return render(request, "polls/voted.html", {"poll": poll, "already": True}, status=409)
    refusal = ""
    if request.method == "POST":
        try:
            services.ballot_cast(
                org=request.org,
                poll=poll,
                user=request.user,
                choices=forms.choices_from_post(request.POST),
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            return render(request, "polls/voted.html", {"poll": poll})
    return render(
        request,
        "polls/vote.html",
        {"poll": poll, "questions": poll.questions.prefetch_related("options"), "refusal": refusal},
        status=400 if refusal else 200,
    )


def _counting(request, poll: Poll) -> tuple[bool, bool]:
    """(manager, scrutineer of this poll); anyone else may not see the counting pages."""
    manager = can(request, "polls.manage")
    scrutineer = poll.scrutineers.filter(user=request.user).exists()
    if not (manager or scrutineer):
        raise PermissionDenied(_("Only the chair and this poll's scrutineers count its ballots."))
    return manager, scrutineer


@requires("polls.view")
def paper(request, pk: int):
    """A paper poll's count: the steps in order and who has done what; the chair records
    presence and names the scrutineers, the scrutineers (or the chair) reconcile the box."""
    poll = _poll(request, pk)
    manager, scrutineer = _counting(request, poll)
    if request.method == "POST" and "username" in request.POST and manager:
        form = forms.ScrutineerForm(request.POST)

        return run_action(
            request,
            form=form,
            perform=lambda data: services.scrutineer_name(
                org=request.org, actor=request.user, poll=poll, username=data["username"]
            ),
            redirect_to=_url(request, "paper", pk=poll.pk),
            success=_("The scrutineer was named."),
        )
    if request.method == "POST" and "present" in request.POST and manager:
        return run_action(
            request,
            form=None,
            perform=lambda _data: services.presence_record(
                org=request.org,
                actor=request.user,
                poll=poll,
                present=poll.voters.filter(pk__in=id_list(request.POST, "present")),
            ),
            redirect_to=_url(request, "paper", pk=poll.pk),
            success=_("Presence was recorded."),
        )
    box = getattr(poll, "paper_count", None) if poll.state != State.DRAFT else None
    initial = (
        {f: getattr(box, f) for f in forms.PaperCountForm.base_fields}
        if box
        else {"issued": poll.present_count or None, "spoiled": 0, "unused": 0}
    )
    return run_action(
        request,
        form=forms.PaperCountForm(request.POST or None, initial=initial),
        perform=lambda data: services.paper_count_enter(
            org=request.org, actor=request.user, poll=poll, **data
        ),
        redirect_to=_url(request, "paper", pk=poll.pk),
        success=_("The ballot box was reconciled."),
        template="polls/paper.html",
        context={
            "poll": poll,
            "manager": manager,
            "scrutineer": scrutineer,
            "steps": selectors.paper_steps(poll),
            "voters": poll.voters.all() if manager else [],
            "scrutineer_form": forms.ScrutineerForm(),
            "scrutineers": poll.scrutineers.all(),
            "blockers": services.publish_blockers(poll),
        },
    )


@requires("polls.scrutinise")
def tally(request, pk: int):
    poll = _poll(request, pk)
    if not poll.scrutineers.filter(user=request.user).exists():
        raise Http404("not a scrutineer")
    form = forms.tally_form(poll, request.POST or None)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.paper_tally_enter(
            org=request.org, actor=request.user, poll=poll, counts=forms.tally_counts(data)
        ),
        redirect_to=_url(request, "paper", pk=poll.pk),
        success=_("Your count was entered."),
        template="polls/form.html",
        context={"heading": _("Enter your count"), "poll": poll},
    )
