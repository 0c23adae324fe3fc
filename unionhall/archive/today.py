"""What waits on the home page from the archive: a build one asked for that is ready."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.archive.models import Archive
from unionhall.core.today import Waiting, waiting

# A ready archive shows on its requester's home page for this many days.
READY_DAYS = 7


@waiting("archive.ready", capability="archive.build", order=80)
def archive_ready(request, today):
    since = timezone.now() - dt.timedelta(days=READY_DAYS)
    rows = Archive.objects.filter(
        org=request.org,
        requested_by=request.user,
        state=Archive.State.DONE,
        requested_at__gte=since,
    ).only("pk", "year")
    return [
        Waiting(
            _("The archive of %(year)s is ready to download") % {"year": a.year},
            reverse("archive:detail", kwargs={"org": request.org.code, "pk": a.pk}),
        )
        for a in rows
    ]
