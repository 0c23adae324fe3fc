"""The ballot a one-time code opens, with no login (students and parents).

Outside the /o/ prefix; it finds the organisation and the code itself. The page is plain HTML
and one small stylesheet, no JavaScript (WeChat's browser), well under 50 KB. Nothing about the
request is logged or stored beyond the register's "this code was used" and the ballot.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from unionhall.orgs.access import public
from unionhall.orgs.models import Organisation
from unionhall.polls import forms, services
from unionhall.polls.models import VoteCode
from unionhall.polls.workflow import State


def _org(code: str) -> Organisation:
    return get_object_or_404(Organisation, code=code, kind=Organisation.Kind.SCHOOL)


@public
@never_cache
def enter_code(request, org: str):
    """Type the code printed on the slip (for those who cannot scan it)."""
    organisation = _org(org)
    form = forms.CodeEntryForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        return redirect("polls_public:ballot", org=organisation.code, code=code)
    return render(request, "polls/public_code.html", {"public_org": organisation, "form": form})


@public
@never_cache
def ballot(request, org: str, code: str):
    """GET shows the ballot (or says the code was used); POST casts it. The POST path reads the
    organisation, then lets the service find the code and its poll in one query."""
    organisation = _org(org)
    code = code.upper()
    if request.method == "POST":
        try:
            poll = services.ballot_cast(
                org=organisation,
                poll=None,
                code=code,
                choices=forms.choices_from_post(request.POST),
            )
        except services.AlreadyVoted:
            return _done(request, organisation, code, already=True)
        except ValidationError as error:
            return _show(request, organisation, code, refusal=" ".join(error.messages))
        return render(request, "polls/public_done.html", {"public_org": organisation, "poll": poll})
    return _show(request, organisation, code)


def _lookup(organisation, code: str) -> VoteCode:
    vote_code = (
        VoteCode.objects.filter(org=organisation, code=code).select_related("poll", "voted").first()
    )
    if vote_code is None or vote_code.voided:
        raise Http404("no such code")
    return vote_code


def _done(request, organisation, code: str, **flags):
    vote_code = _lookup(organisation, code)
    context = {"public_org": organisation, "poll": vote_code.poll, **flags}
    return render(request, "polls/public_done.html", context, status=409)


def _show(request, organisation, code: str, refusal: str = ""):
    vote_code = _lookup(organisation, code)
    poll = vote_code.poll
    if _used(vote_code):
        return _done(request, organisation, code, already=True)
    if poll.state != State.OPEN:
        return _done(request, organisation, code, closed=True)
    questions = [
        q
        for q in poll.questions.prefetch_related("options")
        if not q.group or q.group == vote_code.group
    ]
    context = {"public_org": organisation, "poll": poll, "questions": questions, "refusal": refusal}
    return render(request, "polls/public_ballot.html", context, status=400 if refusal else 200)


def _used(vote_code: VoteCode) -> bool:
    try:
        return vote_code.voted is not None
    except VoteCode.voted.RelatedObjectDoesNotExist:
        return False
