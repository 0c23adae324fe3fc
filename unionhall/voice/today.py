"""What waits on the home page from the suggestion box: suggestions to route and to answer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.core.today import Waiting, waiting
from unionhall.voice import selectors
from unionhall.voice.models import Suggestion


@waiting("voice.route", capability="voice.manage", order=20)
def suggestions_to_route(request, today):
    new = selectors.state_counts(org=request.org).get(Suggestion.State.NEW, 0)
    if not new:
        return []
    url = reverse("voice:list", kwargs={"org": request.org.code}) + "?state=new"
    text = ngettext(
        "%(n)s new suggestion to classify and route",
        "%(n)s new suggestions to classify and route",
        new,
    ) % {"n": new}
    return [Waiting(text, url)]


@waiting("voice.answer", capability="voice.answer", order=21)
def suggestions_to_answer(request, today):
    rows = selectors.routed_to(org=request.org, user=request.user)
    return [
        Waiting(
            _("Answer the suggestion “%(title)s”") % {"title": s.title},
            reverse("voice:answer", kwargs={"org": request.org.code, "pk": s.pk}),
        )
        for s in rows
    ]
