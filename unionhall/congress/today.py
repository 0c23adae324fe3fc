"""What waits on the home page from the staff congress: proposals to answer, review or rate."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.congress.models import Proposal
from unionhall.congress.workflow import State
from unionhall.core.today import Waiting, waiting


def _proposal(request, proposal) -> str:
    return reverse("congress:proposal", kwargs={"org": request.org.code, "pk": proposal.pk})


@waiting("congress.answer", capability="congress.answer", order=10)
def proposals_to_answer(request, today):
    """The proposals routed to this leader and not yet answered, overdue or not."""
    rows = Proposal.objects.filter(
        org=request.org, responsible=request.user, state__in=State.awaiting_answer()
    ).only("pk", "title", "answer_due")
    return [
        Waiting(
            _("Answer the proposal “%(title)s”") % {"title": p.title},
            _proposal(request, p),
            due=p.answer_due,
            overdue=bool(p.answer_due and p.answer_due < today),
        )
        for p in rows
    ]


@waiting("congress.overdue", capability="congress.review", order=11)
def overdue_answers(request, today):
    """For the proposal committee: the answers the leaders owe past their date, as one line."""
    dues = list(
        Proposal.objects.filter(
            org=request.org, state__in=State.awaiting_answer(), answer_due__lt=today
        ).values_list("answer_due", flat=True)
    )
    if not dues:
        return []
    url = reverse("congress:overdue", kwargs={"org": request.org.code})
    text = ngettext(
        "%(n)s proposal answer is overdue", "%(n)s proposal answers are overdue", len(dues)
    ) % {"n": len(dues)}
    return [Waiting(text, url, due=min(dues), overdue=True)]


@waiting("congress.review", capability="congress.review", order=12)
def proposals_to_review(request, today):
    rows = Proposal.objects.filter(org=request.org, state=State.SUBMITTED).only("pk", "title")
    return [
        Waiting(_("Review the proposal “%(title)s”") % {"title": p.title}, _proposal(request, p))
        for p in rows
    ]


@waiting("congress.rate", capability="congress.submit", order=13)
def answers_to_rate(request, today):
    """A representative's own proposals whose answer came and waits for their rating."""
    rows = Proposal.objects.filter(
        Q(org=request.org, state=State.ANSWERED, submitted_by__user=request.user)
    ).only("pk", "title")
    return [
        Waiting(
            _("Your proposal “%(title)s” was answered: read it and rate it") % {"title": p.title},
            _proposal(request, p),
        )
        for p in rows
    ]
