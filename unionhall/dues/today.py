"""What waits on a member's home page from dues: the months they owe."""

from django.urls import reverse
from django.utils.translation import ngettext

from unionhall.core.today import Waiting, waiting
from unionhall.dues import selectors
from unionhall.members.selectors import member_of_request


@waiting("dues.mine", capability="dues.self", order=90)
def my_dues(request, today):
    member = member_of_request(request)
    if member is None:
        return []
    owed = selectors.months_owed(org=request.org, member=member, on=today)
    if not owed:
        return []
    text = ngettext(
        "Your dues for %(n)s month are not received yet",
        "Your dues for %(n)s months are not received yet",
        len(owed),
    ) % {"n": len(owed)}
    return [Waiting(text, reverse("dues:mine", kwargs={"org": request.org.code}))]
