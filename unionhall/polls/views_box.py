"""The sealed ballot box on a poll's page: naming its key holders, each holder's opening
passphrase, opening the box at the count, and declaring it unopenable. The panel is the partial
polls/_key_ceremony.html, included from the poll's page with `ceremony_context`."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import run_action
from unionhall.orgs.access import requires
from unionhall.polls import forms, selectors, services
from unionhall.polls.models import Poll
from unionhall.polls.workflow import State


def _poll(request, pk: int) -> Poll:
    poll = get_object_or_404(Poll.objects.select_related("org"), org=request.org, pk=pk)
    if not poll.is_sealed:
        raise Http404("a paper poll has no sealed box")
    return poll


def _detail(request, poll: Poll) -> str:
    return reverse("polls:detail", kwargs={"org": request.org.code, "pk": poll.pk})


def is_key_holder(request, poll: Poll) -> bool:
    return selectors.holds_key(org=request.org, poll=poll, user=request.user)


def _open_form(poll: Poll, data=None) -> forms.BoxOpenForm:
    return forms.BoxOpenForm(
        data,
        holders=list(services.key_holders(poll)),
        threshold=services.threshold_of(poll),
    )


def ceremony_context(request, poll: Poll, *, manager: bool) -> dict:
    """What the key-holder panel shows: the holders and, for whoever may act, their form."""
    if not poll.is_sealed:
        return {}
    holders = list(poll.scrutineers.order_by("id"))
    mine = next((h for h in holders if h.user_id == request.user.pk), None)
    if not (manager or mine):
        return {}
    context = {
        "holders": holders,
        "me": mine,
        "threshold": services.threshold_of(poll),
        "ready": sum(1 for h in holders if h.key_public),
    }
    if poll.state == State.DRAFT:
        if manager:
            context["name_form"] = forms.ScrutineerForm()
        if mine:
            context["passphrase_form"] = forms.PassphraseForm()
    elif poll.box_sealed:
        context["sealed_count"] = selectors.sealed_ballots(poll)
        if poll.state == State.CLOSED:
            context["open_form"] = _open_form(poll)
    return {"ceremony": context}


@requires("polls.manage")
@require_POST
def key_holder_name(request, pk: int):
    poll = _poll(request, pk)
    return run_action(
        request,
        form=forms.ScrutineerForm(request.POST),
        perform=lambda data: services.scrutineer_name(
            org=request.org, actor=request.user, poll=poll, username=data["username"]
        ),
        redirect_to=_detail(request, poll),
        success=_("The key holder was named: they log in and set their opening passphrase here."),
    )


@requires("polls.scrutinise")
def passphrase(request, pk: int):
    poll = _poll(request, pk)
    if not is_key_holder(request, poll):
        raise Http404("not a key holder")
    return run_action(
        request,
        form=forms.PassphraseForm(request.POST or None),
        perform=lambda data: services.key_holder_set(
            org=request.org, actor=request.user, poll=poll, passphrase=data["passphrase"]
        ),
        redirect_to=_detail(request, poll),
        success=_("Your opening passphrase was set. Bring it to the count."),
        template="polls/form.html",
        context={"heading": _("Set your opening passphrase"), "poll": poll},
    )


@requires("polls.scrutinise")
def box_open(request, pk: int):
    poll = _poll(request, pk)
    form = _open_form(poll, request.POST or None)
    return run_action(
        request,
        form=form,
        perform=lambda _data: services.box_open(
            org=request.org, actor=request.user, poll=poll, passphrases=form.passphrases()
        ),
        redirect_to=_detail(request, poll),
        success=lambda count: (
            _("The ballot box was opened: %(count)s ballots counted.") % {"count": count}
        ),
        template="polls/form.html",
        context={"heading": _("Open the ballot box"), "poll": poll},
    )


@requires("polls.manage")
@require_POST
def box_unopenable(request, pk: int):
    poll = _poll(request, pk)
    return run_action(
        request,
        form=None,
        perform=lambda _data: services.box_declare_unopenable(
            org=request.org, actor=request.user, poll=poll
        ),
        redirect_to=_detail(request, poll),
        success=_("The poll was declared void: its ballot box cannot be opened."),
    )
