"""Members' and officers' pages of polls: the list, a poll (its state, participation and
published result), the member's ballot, and the officers' setting up, codes, paper count and
documents.

The ballot view logs nothing and keeps nothing in the session about what was chosen.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.core.params import id_list
from unionhall.members.models import Member
from unionhall.orgs.access import can, requires
from unionhall.polls import documents, forms, selectors, services, views_box
from unionhall.polls.models import Kind, Mode, Poll, PollVoter, Voted
from unionhall.polls.workflow import TRANSITIONS, State

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _poll(request, pk: int) -> Poll:
    try:
        return Poll.objects.select_related("org", "runoff_of").get(org=request.org, pk=pk)
    except Poll.DoesNotExist:
        raise Http404("no such poll") from None


def _url(request, name: str, **kwargs) -> str:
    return reverse(f"polls:{name}", kwargs={"org": request.org.code, **kwargs})


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("polls.view")
def poll_list(request):
    manager = can(request, "polls.manage")
    polls = Poll.objects.filter(org=request.org)
    if not manager:
        polls = polls.filter(state__in=[State.OPEN, State.PUBLISHED])
    voted = set(
        Voted.objects.filter(org=request.org, voter__user=request.user).values_list(
            "poll_id", flat=True
        )
    )
    entitled = set(
        PollVoter.objects.filter(org=request.org, user=request.user, poll__state=State.OPEN)
        .exclude(poll__mode=Mode.PAPER)
        .values_list("poll_id", flat=True)
    )
    return render(
        request,
        "polls/list.html",
        {
            "polls": polls.order_by("-held_on", "-id")[:200],
            "voted": voted,
            "entitled": entitled,
            "manager": manager,
        },
    )


@requires("polls.view")
def poll_detail(request, pk: int):
    poll = _poll(request, pk)
    manager = can(request, "polls.manage")
    if poll.state == State.DRAFT and not (manager or views_box.is_key_holder(request, poll)):
        raise Http404("not published")
    context = {
        "poll": poll,
        "manager": manager,
        "questions": poll.questions.prefetch_related("options"),
        "moves": [t for t in TRANSITIONS[poll.state]] if manager else [],
        "participation": selectors.participation(poll) if poll.mode == Mode.CODES else [],
        "runoffs": poll.runoffs.all(),
    }
    context.update(views_box.ceremony_context(request, poll, manager=manager))
    shown = not poll.box_sealed and (
        poll.state == State.PUBLISHED or (manager and poll.state == State.CLOSED)
    )
    if shown:
        if (
            poll.kind in (Kind.ELECTION, Kind.SELECTION)
            and poll.questions.filter(options__isnull=False).exists()
        ):
            context["bodies"] = selectors.election_result(poll)
        context["scales"] = selectors.scale_table(poll)
        if poll.kind == Kind.SATISFACTION:
            context["satisfaction"] = selectors.satisfaction_table(poll)
        context["counts"] = selectors.counts(poll)
    if manager:
        context["question_form"] = forms.QuestionForm()
        context["codes_form"] = forms.CodesForm()
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


@requires("polls.manage")
def question_add(request, pk: int):
    poll = _poll(request, pk)

    def perform(data):
        surplus = data.pop("surplus_percent")
        return services.question_add(
            org=request.org,
            actor=request.user,
            poll=poll,
            rules={} if surplus is None else {"surplus_percent": surplus},
            **data,
        )

    return run_action(
        request,
        form=forms.QuestionForm(request.POST or None),
        perform=perform,
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The question was added."),
        template="polls/form.html",
        context={"heading": _("Add a question"), "poll": poll},
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
        success=_("A runoff poll was created as a draft."),
    )


@requires("polls.manage")
def codes(request, pk: int):
    poll = _poll(request, pk)
    return run_action(
        request,
        form=forms.CodesForm(request.POST or None),
        perform=lambda data: services.codes_issue(
            org=request.org, actor=request.user, poll=poll, **data
        ),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The codes were issued: print the slips."),
        template="polls/form.html",
        context={"heading": _("Issue codes for a class"), "poll": poll},
    )


@requires("polls.manage")
@require_POST
def codes_void(request, pk: int):
    poll = _poll(request, pk)
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.codes_void(org=request.org, actor=request.user, poll=poll),
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("The unused codes were voided."),
    )


@requires("polls.manage")
def code_slips(request, pk: int):
    poll = _poll(request, pk)

    def url_for(code: str) -> str:
        return request.build_absolute_uri(
            reverse("polls_public:ballot", kwargs={"org": request.org.code, "code": code})
        )

    return _docx(documents.code_slips(poll, url_for=url_for), f"codes-{poll.pk}.docx")


@requires("polls.view")
def report(request, pk: int):
    poll = _poll(request, pk)
    if poll.state != State.PUBLISHED and not (
        can(request, "polls.manage") and poll.state == State.CLOSED
    ):
        raise Http404("not published")
    if poll.box_sealed:
        raise Http404("the ballot box is still sealed")
    if poll.kind == Kind.EVALUATION:
        register = Member.objects.filter(org=request.org, status="active").count()
        return _docx(
            documents.evaluation_report(poll, register=register), f"evaluation-{poll.pk}.docx"
        )
    return _docx(documents.election_report(poll), f"election-{poll.pk}.docx")


@requires("polls.vote")
def vote(request, pk: int):
    poll = _poll(request, pk)
    voter = PollVoter.objects.filter(poll=poll, user=request.user).first()
    if voter is None or poll.mode == Mode.PAPER:
        raise Http404("not on the roll")
    if Voted.objects.filter(voter=voter).exists():
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


@requires("polls.manage")
def paper(request, pk: int):
    """The officer's side of a paper poll: presence, scrutineers and the ballot box."""
    poll = _poll(request, pk)
    if request.method == "POST" and "username" in request.POST:
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
    if request.method == "POST" and "present" in request.POST:
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
    return run_action(
        request,
        form=forms.PaperCountForm(request.POST or None),
        perform=lambda data: services.paper_count_enter(
            org=request.org, actor=request.user, poll=poll, **data
        ),
        redirect_to=_url(request, "paper", pk=poll.pk),
        success=_("The ballot box was reconciled."),
        template="polls/paper.html",
        context={
            "poll": poll,
            "voters": poll.voters.all(),
            "scrutineer_form": forms.ScrutineerForm(),
            "scrutineers": poll.scrutineers.all(),
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
        redirect_to=_url(request, "detail", pk=poll.pk),
        success=_("Your tally was entered."),
        template="polls/form.html",
        context={"heading": _("Enter the tally"), "poll": poll},
    )
