"""The activities' Excel exports: the list as filtered (term and kind), with participation, and
one activity's sign-ups for its organisers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.activities import exports, selectors
from unionhall.activities.views import _terms
from unionhall.core.excel import xlsx_response
from unionhall.core.params import id_param
from unionhall.orgs.access import requires


@requires("activities.view")
def activity_list_xlsx(request):
    """What the list shows for the term and kind asked (every term when none is), every row."""
    terms = _terms(timezone.localdate())
    term = request.GET.get("term", terms[0][0])
    chosen = next((t for t in terms if t[0] == term), None)
    rows = selectors.activity_list(
        org=request.org,
        kind=id_param(request, "kind"),
        start=chosen[2].start if chosen else None,
        end=chosen[2].end if chosen else None,
    )
    name = _("Activities %(period)s.xlsx") % {"period": chosen[1] if chosen else _("all terms")}
    return xlsx_response(exports.activities_workbook(list(rows)), name)


@requires("activities.manage")
def signups_xlsx(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    name = _("Sign-ups for %(activity)s.xlsx") % {"activity": activity.title.replace("/", "-")}
    return xlsx_response(exports.signups_workbook(activity), name)
