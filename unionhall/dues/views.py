import datetime as dt

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.actions import run_action
from unionhall.core.excel import workbook_bytes, xlsx_response
from unionhall.core.params import export_year, id_list, parse_month, year_param
from unionhall.core.periods import Period
from unionhall.dues import selectors, services
from unionhall.dues.forms import AccountForm, CollectForm, SettingsForm
from unionhall.members.models import Member
from unionhall.members.selectors import member_of_user
from unionhall.orgs.access import requires


def _year(request) -> int:
    return year_param(request, default=timezone.localdate().year)


def _through(year: int) -> dt.date:
    """Dues are owed for months that have ended: up to last month, within `year`."""
    last_month_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return min(dt.date(year, 12, 31), last_month_end)


@requires("dues.self")
def my_dues(request):
    """A member's own dues: what they pay each month, what was received, and what is owed."""
    year = _year(request)
    member = member_of_user(org=request.org, user=request.user)
    shown = None
    if member is not None:
        shown = selectors.member_year(
            org=request.org, member=member, year=year, through=_through(year)
        )
    return render(request, "dues/mine.html", {"member": member, "year": year, "shown": shown})


@requires("dues.view")
def dues_list(request):
    year = _year(request)
    rows = selectors.dues_rows(org=request.org, year=year, through=_through(year))
    months = list(Period.year(year).months())
    return render(
        request,
        "dues/list.html",
        {
            "rows": rows,
            "year": year,
            "months": months,
            "settings": selectors.settings_for(org=request.org),
            "collections": list(selectors.collections(org=request.org, year=year)),
        },
    )


@requires("dues.record")
def account_edit(request, member: int):
    member = get_object_or_404(Member, org=request.org, pk=member)
    account = selectors.account_of(org=request.org, member=member)
    initial = (
        {"base_pay": account.base_pay, "rate": account.rate, "fixed_amount": account.fixed_amount}
        if account
        else {}
    )
    return run_action(
        request,
        form=AccountForm(request.POST or None, initial=initial),
        perform=lambda data: services.dues_account_set(
            org=request.org, actor=request.user, member=member, **data
        ),
        success=_("The dues of %(name)s were saved.") % {"name": member.name},
        redirect_to=reverse("dues:list", kwargs={"org": request.org.code}),
        template="dues/account_form.html",
        context={"member": member},
    )


@requires("dues.record")
def collect(request):
    today = timezone.localdate()
    month = parse_month((request.POST or request.GET).get("month", "")) or today.replace(day=1)
    form = CollectForm(request.POST or None, initial={"month": month, "date": today})
    rows = [
        row
        for row in selectors.dues_rows(org=request.org, year=month.year, through=month)
        if row.monthly and month not in row.paid
    ]
    chosen = set(id_list(request.POST, "member"))
    members = [row.member for row in rows if row.member.pk in chosen]
    return run_action(
        request,
        form=form,
        perform=lambda data: services.dues_collect(
            org=request.org,
            actor=request.user,
            period=month,
            date=data["date"],
            members=members,
            memo=data["memo"],
        ),
        success=lambda collection: (
            _("%(total)s received from %(n)d members for %(month)s.")
            % {"total": collection.total, "n": len(members), "month": f"{month:%Y-%m}"}
        ),
        redirect_to=f"{request.path}?month={month:%Y-%m}",
        template="dues/collect.html",
        context={"rows": rows, "month": month},
    )


@requires("dues.view")
def arrears(request):
    year = _year(request)
    rows = selectors.arrears(org=request.org, year=year, through=_through(year))
    return render(request, "dues/arrears.html", {"rows": rows, "year": year})


@requires("dues.view")
def arrears_export(request):
    year = export_year(request, default=timezone.localdate().year)
    rows = selectors.arrears(org=request.org, year=year, through=_through(year))
    header = [_("Name"), _("Department"), _("Monthly dues"), _("Months owed"), _("Amount owed")]
    content = workbook_bytes(
        [
            (
                _("Arrears %(year)d") % {"year": year},
                header,
                (
                    [
                        r.member.name,
                        r.member.department.name,
                        r.monthly,
                        "、".join(f"{m:%Y-%m}" for m in r.owed),
                        r.owed_amount,
                    ]
                    for r in rows
                ),
            ),
            (
                _("Payments %(year)d") % {"year": year},
                [_("Month"), _("Name"), _("Amount"), _("Date received")],
                (
                    [f"{p.period:%Y-%m}", p.member.name, p.amount, p.collection.date]
                    for p in selectors.payments_of_year(org=request.org, year=year)
                ),
            ),
        ],
        widths={"A": 12, "B": 16, "D": 40},
    )
    return xlsx_response(
        content, _("dues-%(org)s-%(year)d.xlsx") % {"org": request.org.code, "year": year}
    )


@requires("dues.settings")
def settings_edit(request):
    current = selectors.settings_for(org=request.org)
    form = SettingsForm(
        request.POST or None,
        initial={
            "default_rate": current.default_rate,
            "benefits_need_dues": current.benefits_need_dues,
        },
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.dues_settings_update(
            org=request.org, actor=request.user, **data
        ),
        success=_("The dues settings were saved."),
        redirect_to=reverse("dues:list", kwargs={"org": request.org.code}),
        template="dues/settings_form.html",
    )
