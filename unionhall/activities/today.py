"""What waits on the home page from activities: sign-ups closing, and today's activities."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.activities.models import Activity, Session, SignUp
from unionhall.core.today import Waiting, waiting
from unionhall.members.selectors import member_of_request
from unionhall.orgs.access import can


def _detail(request, pk) -> str:
    return reverse("activities:detail", kwargs={"org": request.org.code, "pk": pk})


@waiting("activities.signup", capability="activities.join", order=40)
def signups_closing(request, today):
    """Activities open for sign-up that the member has not joined, the first to close first."""
    member = member_of_request(request)
    if member is None:
        return []
    now = timezone.now()
    rows = (
        Activity.objects.filter(
            org=request.org,
            signup_required=True,
            cancelled_at__isnull=True,
            ends_on__gte=today,
        )
        .filter(Q(signup_opens_at__isnull=True) | Q(signup_opens_at__lte=now))
        .filter(Q(signup_closes_at__isnull=True) | Q(signup_closes_at__gte=now))
        .exclude(
            pk__in=SignUp.objects.filter(member=member)
            .exclude(status=SignUp.Status.WITHDRAWN)
            .values("activity_id")
        )
        .only("pk", "title", "signup_closes_at")
        .order_by("starts_on", "pk")
    )
    return [
        Waiting(
            _("Sign up for “%(title)s”") % {"title": a.title},
            _detail(request, a.pk),
            due=timezone.localdate(a.signup_closes_at) if a.signup_closes_at else None,
        )
        for a in rows
    ]


@waiting("activities.today", capability="activities.view", order=41)
def activities_today(request, today):
    """Today's sessions: the organiser opens the check-in; a member who signed up checks in."""
    manage = can(request, "activities.manage")
    rows = Session.objects.filter(
        org=request.org, date=today, activity__cancelled_at__isnull=True
    ).select_related("activity")
    if not manage:
        member = member_of_request(request)
        if member is None:
            return []
        rows = rows.filter(
            activity__signups__member=member, activity__signups__status=SignUp.Status.SIGNED_UP
        )
    shown = []
    for session in rows:
        activity = session.activity
        item = Waiting(
            _("Today: %(title)s") % {"title": activity.title}, _detail(request, activity.pk), today
        )
        if manage:
            item.action = _("Check-in code")
            item.action_href = reverse(
                "activities:qr", kwargs={"org": request.org.code, "pk": activity.pk}
            )
        shown.append(item)
    return shown
