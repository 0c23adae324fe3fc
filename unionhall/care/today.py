"""What waits on the home page from care: this week's birthdays, festivals and hospital stays."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.care import reminders
from unionhall.core.today import Waiting, waiting

WEEK = 7


@waiting("care.reminders", capability="care.reminders", order=30)
def care_this_week(request, today):
    digest = reminders.digest(org=request.org, today=today, days=WEEK, sensitive=False)
    url = reverse("care:reminders", kwargs={"org": request.org.code}) + f"?days={WEEK}"
    shown = []
    if digest.birthdays:
        n = len(digest.birthdays)
        text = ngettext(
            "%(n)s member's birthday this week", "%(n)s members' birthdays this week", n
        ) % {"n": n}
        shown.append(Waiting(text, url, due=min(b.day for b in digest.birthdays)))
    for festival in digest.festivals:
        if festival.visit_by <= today + dt.timedelta(days=WEEK) and festival.not_visited:
            text = _("%(festival)s: %(n)s members not visited yet") % {
                "festival": festival.label,
                "n": len(festival.not_visited),
            }
            shown.append(Waiting(text, url, due=festival.visit_by))
    if digest.in_hospital:
        n = len(digest.in_hospital)
        text = ngettext(
            "%(n)s member in hospital: visit and record the discharge",
            "%(n)s members in hospital: visit and record the discharge",
            n,
        ) % {"n": n}
        shown.append(Waiting(text, url))
    return shown
