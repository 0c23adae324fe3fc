from django import forms
from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from unionhall.core.actions import run_action
from unionhall.core.forms import StyledForm
from unionhall.members.models import Member, Status
from unionhall.orgs import services
from unionhall.orgs.access import authenticated, public, requires
from unionhall.orgs.models import Organisation, RoleAssignment, User
from unionhall.orgs.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role

login = public(
    auth_views.LoginView.as_view(template_name="orgs/login.html", redirect_authenticated_user=True)
)
logout = public(auth_views.LogoutView.as_view())
set_language = public(django_set_language)


@authenticated
def home(request):
    """Send a user with one organisation straight there; otherwise let them choose."""
    assignments = list(
        RoleAssignment.objects.filter(user=request.user).select_related("org").order_by("org__code")
    )
    orgs: dict[int, tuple[Organisation, list[str]]] = {}
    for a in assignments:
        orgs.setdefault(a.org_id, (a.org, []))[1].append(a.get_role_display())
    if len(orgs) == 1:
        ((org, _roles),) = orgs.values()
        return redirect("org_home", org=org.code)
    return render(request, "orgs/choose.html", {"choices": list(orgs.values())})


@requires("org.home")
def org_home(request):
    org = request.org
    if not org.is_school:
        return redirect("district_overview", org=org.code)
    counts = Member.objects.filter(org=org).aggregate(
        active=Count("id", filter=Q(status=Status.ACTIVE)),
        retired=Count("id", filter=Q(status=Status.RETIRED)),
        women=Count("id", filter=Q(status=Status.ACTIVE, gender="F")),
    )
    return render(
        request,
        "orgs/home.html",
        {"counts": counts, "roles_shown": [Role(r).label for r in sorted(request.roles)]},
    )


@requires("district.overview")
def district_overview(request):
    schools = (
        Organisation.objects.filter(parent=request.org)
        .annotate(
            active=Count("members", filter=Q(members__status=Status.ACTIVE)),
            retired=Count("members", filter=Q(members__status=Status.RETIRED)),
        )
        .order_by("code")
    )
    return render(request, "orgs/district.html", {"schools": schools})


class RoleGrantForm(StyledForm, forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role_assignments__org=org).distinct()
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
            "assignments": RoleAssignment.objects.filter(org=request.org)
            .select_related("user")
            .order_by("user__username", "role")
        },
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
