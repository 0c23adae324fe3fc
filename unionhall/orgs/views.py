from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from unionhall.core import audit, indicators
from unionhall.core import today as today_items
from unionhall.core.actions import run_action
from unionhall.core.forms import StyledForm
from unionhall.core.indicators import Period, compute_many
from unionhall.core.records import ShownFigure, records_page
from unionhall.orgs import selectors, services, throttle
from unionhall.orgs.access import authenticated, can, public, requires
from unionhall.orgs.models import Organisation, RoleAssignment, User
from unionhall.orgs.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role

login = public(
    auth_views.LoginView.as_view(template_name="orgs/login.html", redirect_authenticated_user=True)
)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login refused by a lock (unionhall.orgs.throttle): the login
    page again, saying which lock, for how long and who can lift it, in the user's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if throttle.address_locked(getattr(request, "axes_ip_address", None)):
        message = _(
            "Logins for too many different accounts have failed from this network address: "
            "logging in from it is refused for %(minutes)d minutes. Wait and try again, or ask "
            "the district education union to lift the lock on this address."
        )
    else:
        message = _(
            "Too many wrong passwords for this login from here: it may not log in from here for "
            "%(minutes)d minutes. Wait and try again, or ask your union chair to unlock your "
            "login (a chair asks the district education union)."
        )
    return render(
        request,
        "orgs/login.html",
        {"locked_out": message % {"minutes": minutes}, "next": request.POST.get("next", "")},
        status=429,
    )


class _PasswordChangeForm(StyledForm, PasswordChangeForm):
    pass


class _PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "orgs/password_change.html"
    form_class = _PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps the session (update_session_auth_hash)
        services.password_changed(user=self.request.user)
        messages.success(self.request, _("Your new password is saved."))
        return response

    def get_success_url(self):
        return reverse("home")


password_change = authenticated(_PasswordChangeView.as_view())
logout = public(auth_views.LogoutView.as_view())
set_language = public(django_set_language)


@public
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; the icon is a static file."""
    response = redirect(static("core/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@authenticated
def home(request):
    """Send a user with one organisation straight there; otherwise let them choose."""
    assignments = selectors.roles_of_user(user=request.user)
    orgs: dict[int, tuple[Organisation, list[str]]] = {}
    for a in assignments:
        orgs.setdefault(a.org_id, (a.org, []))[1].append(a.get_role_display())
    if len(orgs) == 1:
        ((org, _roles),) = orgs.values()
        return redirect("org_home", org=org.code)
    return render(request, "orgs/choose.html", {"choices": list(orgs.values())})


# The figures of a school's home page: (key, indicator), shown for the current month.
HOME_FIGURES = (
    ("active", "members.active"),
    ("women", "members.women"),
    ("retired", "members.retirees"),
)
# The figures the district overview shows for each of its schools.
DISTRICT_FIGURES = ("members.active", "members.retirees")


def _current_period() -> Period:
    today = timezone.localdate()
    return Period.month(today.year, today.month)


@requires("org.home")
def org_home(request):
    org = request.org
    if not org.is_school:
        return redirect("district_overview", org=org.code)
    period = _current_period()
    values = {name: indicators.get(name)(org, period).value for _key, name in HOME_FIGURES}
    figures = {}
    for key, name in HOME_FIGURES:
        found = indicators.get(name)
        figure = ShownFigure(values[name], found=found)
        if can(request, found.capability):
            url = reverse("reports:records", kwargs={"org": org.code, "name": name})
            figure.href = f"{url}?{urlencode({'period': period.label})}"
        figures[key] = figure
    return render(
        request,
        "orgs/home.html",
        {
            "figures": figures,
            "roles_shown": [Role(r).label for r in sorted(request.roles)],
            # What waits on this person today, from every app's providers (core/today.py).
            "waiting": today_items.waiting_for(
                request, today=timezone.localdate(), allows=lambda cap: can(request, cap)
            ),
        },
    )


@dataclass
class SchoolRow:
    school: Organisation
    figures: list[ShownFigure]


@requires("district.overview")
def district_overview(request):
    """Each school's figures, from indicators in one grouped query each, whatever the number of
    schools; every number leads to that school's records."""
    schools = list(selectors.active_schools(request.org))
    period = _current_period()
    columns = [indicators.get(name) for name in DISTRICT_FIGURES]
    values = [compute_many(found, schools, period) for found in columns]
    rows = []
    for school in schools:
        shown = []
        for found, by_school in zip(columns, values, strict=True):
            kwargs = {"org": request.org.code, "school": school.code, "name": found.name}
            href = reverse("district_school_records", kwargs=kwargs)
            shown.append(ShownFigure(by_school[school.pk], href, found=found))
        rows.append(SchoolRow(school, shown))
    return render(
        request,
        "orgs/district.html",
        {"rows": rows, "columns": columns, "period": period},
    )


@requires("district.overview")
def district_school_records(request, school: str, name: str):
    """The records behind one of a school's figures on the district overview. Only the
    overview's figures, and only for the district's own schools."""
    if name not in DISTRICT_FIGURES:
        raise Http404("not a figure of the district overview")
    child = get_object_or_404(Organisation, parent=request.org, code=school)
    found = indicators.get(name)
    period = _current_period()
    return records_page(
        request,
        found=found,
        result=found(child, period),
        scope=_("%(school)s, %(period)s") % {"school": child.name, "period": period.label},
        query={},
        back_url=reverse("district_overview", kwargs={"org": request.org.code}),
        back_label=_("Back to the schools"),
    )


class RoleGrantForm(StyledForm, forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.logins_of(org=org)
        allowed = SCHOOL_ROLES if org.is_school else DISTRICT_ROLES
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in allowed]


@requires("orgs.roles")
def roles(request):
    return run_action(
        request,
        form=RoleGrantForm(request.POST or None, org=request.org),
        perform=lambda data: services.role_grant(org=request.org, actor=request.user, **data),
        success=_("The role was granted."),
        redirect_to=reverse("roles", kwargs={"org": request.org.code}),
        template="orgs/roles.html",
        context={
            "assignments": selectors.role_assignments(org=request.org),
            "committee": selectors.committee(request.org) if request.org.is_school else [],
            "locked": services.locked_logins(org=request.org),
        },
    )


@requires("orgs.unlock")
def locked_logins(request):
    """The logins refused now after too many wrong passwords, each with an unlock button: a
    school's own logins; for a district, also its schools' chairs, and the addresses refused
    after failing for many different accounts, each with a button to lift the lock."""
    addresses = []
    if can(request, "orgs.unlock_address"):
        addresses = throttle.locked_addresses(district=request.org)
    return render(
        request,
        "orgs/locked_page.html",
        {
            "locked": services.locked_logins(org=request.org),
            "addresses": addresses,
            "address_limit": settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT,
        },
    )


@require_POST
@requires("orgs.unlock")
def login_unlock(request, pk: int):
    """Let a login refused after too many wrong passwords in again, from every address
    (audited)."""
    user = get_object_or_404(selectors.unlockable_logins(org=request.org), pk=pk)
    back = "roles" if request.org.is_school else "locked_logins"
    return run_action(
        request,
        form=None,
        perform=lambda data: services.login_unlock(org=request.org, actor=request.user, user=user),
        success=_("%(user)s may log in again.") % {"user": user},
        redirect_to=reverse(back, kwargs={"org": request.org.code}),
    )


class AddressUnlockForm(forms.Form):
    address = forms.GenericIPAddressField(label=gettext_lazy("Network address"))


@require_POST
@requires("orgs.unlock_address")
def address_unlock(request):
    """Lift the lock on an address refused after failing for many different accounts
    (audited)."""
    form = AddressUnlockForm(request.POST)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.address_unlock(
            district=request.org, actor=request.user, address=data["address"]
        ),
        success=lambda result: (
            _("Logins from %(address)s are allowed again.")
            % {"address": form.cleaned_data["address"]}
        ),
        redirect_to=reverse("locked_logins", kwargs={"org": request.org.code}),
    )


@require_POST
@requires("orgs.roles")
def role_revoke(request, pk: int):
    assignment = get_object_or_404(RoleAssignment, org=request.org, pk=pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.role_revoke(
            org=request.org, actor=request.user, assignment=assignment
        ),
        success=_("The role was removed."),
        redirect_to=reverse("roles", kwargs={"org": request.org.code}),
    )


@requires("orgs.sensitive_log")
def sensitive_log(request):
    """Who read members' ID numbers, hardship and health details, newest first (PIPL)."""
    from django.core.paginator import Paginator

    rows = selectors.sensitive_reads(org=request.org)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/sensitive_log.html",
        {"page": page, "reads": audit.sensitive_reads(page.object_list)},
    )
