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
    organisation = _org(org)
    vote_code = (
        VoteCode.objects.filter(org=organisation, code=code.upper()).select_related("poll").first()
    )
    if vote_code is None or vote_code.voided:
        raise Http404("no such code")
    poll = vote_code.poll
    context = {"public_org": organisation, "poll": poll, "code": vote_code.code}
    if vote_code_used(vote_code):
        return render(request, "polls/public_done.html", context | {"already": True}, status=409)
    if poll.state != State.OPEN:
        return render(request, "polls/public_done.html", context | {"closed": True}, status=409)
    refusal = ""
    if request.method == "POST":
        try:
            services.ballot_cast(
                org=organisation,
                poll=poll,
                code=vote_code.code,
                choices=forms.choices_from_post(poll, request.POST, group=vote_code.group),
            )
        except services.AlreadyVoted:
            return render(
                request, "polls/public_done.html", context | {"already": True}, status=409
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            return render(request, "polls/public_done.html", context)
    questions = [
        q
        for q in poll.questions.prefetch_related("options")
        if not q.group or q.group == vote_code.group
    ]
    return render(
        request,
        "polls/public_ballot.html",
        context | {"questions": questions, "refusal": refusal},
        status=400 if refusal else 200,
    )


def vote_code_used(vote_code: VoteCode) -> bool:
    return hasattr(vote_code, "voted") and vote_code.voted is not None
