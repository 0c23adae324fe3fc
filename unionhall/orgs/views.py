from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.i18n import set_language as django_set_language

from unionhall.members.models import Member, Status
from unionhall.orgs.access import authenticated, public, requires
from unionhall.orgs.models import Organisation, RoleAssignment
from unionhall.orgs.roles import Role

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
