from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from unionhall.notices import selectors, services
from unionhall.notices.models import Notice
from unionhall.orgs.access import requires


@requires("notices.own")
def notice_list(request):
    notices = selectors.notice_list(org=request.org, user=request.user)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@require_POST
@requires("notices.own")
def notice_open(request, pk: int):
    try:
        notice = services.notice_mark_read(org=request.org, user=request.user, pk=pk)
    except Notice.DoesNotExist:
        raise Http404("no such notice") from None
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("notices:list", org=request.org.code)


@require_POST
@requires("notices.own")
def notice_read_all(request):
    services.notices_mark_all_read(org=request.org, user=request.user)
    return redirect("notices:list", org=request.org.code)
