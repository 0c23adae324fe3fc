from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.archive import selectors, services
from unionhall.archive.forms import BuildForm
from unionhall.archive.models import Archive
from unionhall.core import archive as registry
from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.security import open_stored
from unionhall.orgs.access import requires

# While the archive is being built its page reloads itself (an HTTP Refresh header: no
# JavaScript needed) every this many seconds.
REFRESH_SECONDS = 2


@requires("archive.build")
def archive_home(request):
    """Build a school year's archive in one click, and the archives built before."""
    archives = selectors.archives_recent(org=request.org)
    return run_action(
        request,
        form=BuildForm(request.POST or None),
        perform=lambda data: services.archive_request(
            org=request.org, actor=request.user, year=data["year"]
        ),
        success=_("The archive is being built; this page shows how far it has got."),
        redirect_to=lambda archive: reverse(
            "archive:detail", kwargs={"org": request.org.code, "pk": archive.pk}
        ),
        template="archive/home.html",
        context={
            "archives": archives,
            "categories": registry.CATEGORIES.values(),
            "retention": registry.RETENTION_CLASSES.values(),
        },
    )


@requires("archive.build")
def archive_detail(request, pk: int):
    archive = get_object_or_404(Archive, org=request.org, pk=pk)
    response = render(request, "archive/detail.html", {"archive": archive})
    if not archive.finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@requires("archive.build")
def archive_download(request, pk: int):
    archive = get_object_or_404(Archive, org=request.org, pk=pk, state=Archive.State.DONE)
    if not archive.file:
        raise Http404("no file")
    audit.record(
        org=request.org,
        actor=request.user,
        subject=archive,
        action=AuditEntry.Action.EXPORT,
        summary=Msg(gettext_noop("Archive downloaded")),
    )
    name = f"{request.org.code}-{archive.year}-{archive.year + 1}.zip"
    return FileResponse(open_stored(archive.file), as_attachment=True, filename=name)
