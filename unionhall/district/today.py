"""What waits on a school's home page from the district: data calls and the annual return due."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from unionhall.core.today import Waiting, waiting
from unionhall.district.models import AnnualReturn, DataCall, DataCallReply, ReturnRound

# Calls and returns show on the home page this many days before they are due (and until done).
DUE_SOON_DAYS = 30


@waiting("district.calls", capability="district.report", order=70)
def calls_due(request, today):
    school = request.org
    rows = (
        DataCall.objects.filter(
            org=school.parent_id, due_on__lte=today + dt.timedelta(DUE_SOON_DAYS)
        )
        .exclude(pk__in=DataCallReply.objects.filter(org=school).values("call_id"))
        .only("pk", "title", "due_on")
    )
    return [
        Waiting(
            _("Reply to the district's call: %(title)s") % {"title": call.title},
            reverse("district:call_reply", kwargs={"org": school.code, "pk": call.pk}),
            due=call.due_on,
            overdue=call.due_on < today,
        )
        for call in rows
    ]


@waiting("district.return", capability="district.report", order=71)
def return_due(request, today):
    school = request.org
    rows = (
        ReturnRound.objects.filter(
            org=school.parent_id, due_on__lte=today + dt.timedelta(DUE_SOON_DAYS)
        )
        .exclude(
            pk__in=AnnualReturn.objects.filter(
                org=school, state=AnnualReturn.State.SUBMITTED
            ).values("round_id")
        )
        .only("pk", "year", "due_on")
    )
    return [
        Waiting(
            _("Submit the annual return for %(year)s") % {"year": r.year},
            reverse("district:my_return", kwargs={"org": school.code, "year": r.year}),
            due=r.due_on,
            overdue=r.due_on < today,
        )
        for r in rows
    ]
