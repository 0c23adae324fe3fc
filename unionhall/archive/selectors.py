"""Reads for the year's archive."""

from django.db.models import QuerySet

from unionhall.archive.models import Archive
from unionhall.orgs.models import Organisation

# The archive's home lists this many of the latest builds.
RECENT_ARCHIVES = 20


def archives_recent(*, org: Organisation) -> QuerySet[Archive]:
    """The school's latest archives, newest first (the model's order), with who asked for each."""
    return Archive.objects.filter(org=org).select_related("requested_by")[:RECENT_ARCHIVES]
