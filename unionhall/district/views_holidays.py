"""The official holidays of a year the calendar package does not have, entered from the State
Council's notice."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core import workdays
from unionhall.core.actions import run_action
from unionhall.district import forms, holidays
from unionhall.district.views import _district
from unionhall.orgs.access import requires


@requires("district.holidays")
def holidays_page(request):
    district = _district(request)
    this_year = timezone.localdate().year
    years = [
        (year, workdays.package_has_year(year), workdays.has_official_data(year))
        for year in range(this_year - 1, this_year + 3)
    ]
    return run_action(
        request,
        form=forms.HolidaysForm(request.POST or None, initial={"year": this_year + 1}),
        perform=lambda data: holidays.holidays_enter(org=district, actor=request.user, **data),
        success=lambda rows: _("%(count)s days entered.") % {"count": len(rows)},
        redirect_to=reverse("district:holidays", kwargs={"org": district.code}),
        template="district/holidays.html",
        context={"years": years, "entered": holidays.entered_years()},
    )
