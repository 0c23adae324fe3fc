"""The ballot a one-time code opens, with no login (students and parents).

Outside the /o/ prefix; it finds the organisation and the code itself. The pages are plain HTML,
one small stylesheet and one small script (polls/code.js), well under 50 KB.

The code is never in a URL, so no access log (gunicorn's, nginx's) writes it: a slip's QR
opens the entry page with the code in the URL's fragment (services.code_entry_url), which the
browser does not send; the script moves it into the form and posts it, and without the script
the voter types it. The ballot is the answer to that POST and carries, in a hidden field, a
ticket signed with the site's key (services.ballot_ticket): the code passed the throttle and
could vote. Casting posts the ticket, so the busiest write of a school's day reads no code and
no throttle again: it locks the poll's row, reads its state and writes the ballot. No redirect
ever puts the code in a URL.

Every code that cannot vote (unknown, mistyped, used, voided, or its poll not open) gets the same
page with the same status, so the answer tells nothing about whether a code exists; such
attempts are counted per client address, and an address with too many is asked to wait
(services.attempts). Nothing about the request is logged or stored beyond that count, the
register's "this code was used" and the ballot.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from unionhall.orgs.access import public
from unionhall.orgs.models import Organisation
from unionhall.orgs.throttle import throttled_address
from unionhall.polls import forms, services
from unionhall.polls.models import VoteCode
from unionhall.polls.workflow import State


def _org(code: str) -> Organisation:
    return get_object_or_404(Organisation, code=code, kind=Organisation.Kind.SCHOOL)


@public
@never_cache
def enter_code(request, org: str):
    """GET: the page to type the code on (a slip's QR fills it in through polls/code.js).
    POST: the ballot that code opens, or the one refusal every unusable code gets."""
    organisation = _org(org)
    if request.method != "POST":
        return _entry(request, organisation)
    address = throttled_address(request)
    if services.code_attempts_locked(address=address):
        return _wait(request, organisation)
    form = forms.CodeEntryForm(request.POST)
    if not form.is_valid():  # nothing typed: not an attempt
        return _entry(request, organisation, status=400)
    vote_code = _usable(organisation, form.cleaned_data["code"])
    if vote_code is None:
        services.code_failure_record(address=address)
        return _refused(request, organisation)
    return _ballot(request, organisation, vote_code)


@public
@never_cache
def ballot(request, org: str):
    """POST: cast the ballot of a ballot page, vouched for by its signed ticket. A GET (a
    bookmark, a reload) goes to the entry page."""
    if request.method != "POST":
        return redirect("polls_public:enter", org=_org(org).code)
    ticket = services.ballot_ticket_read(request.POST.get("ticket", ""), org_code=org)
    if ticket is None:
        # No ballot page behind this POST (forged, expired, or a code sent here directly): the
        # one refusal, counted as a failed attempt like any code that cannot vote.
        return _failed(request, _org(org))
    try:
        services.ballot_cast_with_ticket(
            ticket=ticket, choices=forms.choices_from_post(request.POST)
        )
    except ValidationError as error:
        # A refused ballot (too many names ticked...) is shown again with the reason; a code
        # that no longer can vote (used meanwhile, the poll closed) gets the one refusal.
        organisation = _org(org)
        used = isinstance(error, services.AlreadyVoted)
        vote_code = None if used else _usable(organisation, ticket.code)
        if vote_code is None:
            return _failed(request, organisation)
        return _ballot(request, organisation, vote_code, refusal=" ".join(error.messages))
    # The ticket carries the names the page shows: the school's and the poll's.
    context = {"public_org": {"name": ticket.org_name}, "poll": {"title": ticket.title}}
    return render(request, "polls/public_done.html", context)


def _failed(request, organisation):
    """The refusal for a code that cannot vote, counted against the client's address (or the
    wait, for an address with too many)."""
    address = throttled_address(request)
    if services.code_attempts_locked(address=address):
        return _wait(request, organisation)
    services.code_failure_record(address=address)
    return _refused(request, organisation)


def _usable(organisation, typed: str) -> VoteCode | None:
    """The code if it can vote now: known here, not voided, not used, its poll open."""
    code = services.normalised_code(typed)
    vote_code = (
        VoteCode.objects.filter(org=organisation, code=code, voided=False, voted__isnull=True)
        .select_related("poll", "org")
        .first()
    )
    if vote_code is None or vote_code.poll.state != State.OPEN:
        return None
    return vote_code


def _entry(request, organisation, *, status: int = 200, **context):
    context = {"public_org": organisation, "form": forms.CodeEntryForm(), **context}
    return render(request, "polls/public_code.html", context, status=status)


# One answer for every code that cannot vote: the same page, status and length whether the code
# was never issued, mistyped, used, voided or its poll is not open.
REFUSED_STATUS = 400


def _refused(request, organisation):
    refusal = _(
        "This code cannot vote: it may have been mistyped, or it has already been used. Check "
        "it and type it again, or ask your teacher for a new code."
    )
    return _entry(request, organisation, status=REFUSED_STATUS, refusal=refusal)


def _wait(request, organisation):
    refusal = _(
        "Too many codes that cannot vote were typed from your network. Please wait "
        "%(minutes)s minutes and try again."
    ) % {"minutes": _window_minutes()}
    return _entry(request, organisation, status=429, refusal=refusal, wait=True)


def _window_minutes() -> int:
    return settings.UNIONHALL_CODE_FAILURE_WINDOW_MINUTES


def _ballot(request, organisation, vote_code: VoteCode, refusal: str = ""):
    poll = vote_code.poll
    questions = [
        q
        for q in poll.questions.prefetch_related("options")
        if not q.group or q.group == vote_code.group
    ]
    context = {
        "public_org": organisation,
        "poll": poll,
        "questions": questions,
        "ticket": services.ballot_ticket(vote_code),
        "refusal": refusal,
    }
    return render(request, "polls/public_ballot.html", context, status=400 if refusal else 200)


@public
@never_cache
def old_slip(request, org: str, _code: str):
    """A slip printed before codes left the URL (/p/<org>/polls/v/<CODE>/): the code in the
    path is not read, looked up or counted; the visitor is sent to the entry page, whose URL
    holds no code, and types the code printed under the QR."""
    organisation = _org(org)
    return redirect("polls_public:enter", org=organisation.code)
