"""Pages of clubs: the list, a club with its statute, officers, members, activities and
subsidies; creating and changing one; adding and removing members; paying the subsidy."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.activities import selectors, services
from unionhall.activities.forms import ClubForm, ClubMemberForm, SubsidyForm
from unionhall.activities.models import ClubMembership
from unionhall.core.actions import run_action
from unionhall.orgs.access import can, requires


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


@requires("activities.view")
def club_list(request):
    page = Paginator(selectors.club_list(org=request.org), 50).get_page(request.GET.get("page"))
    return render(request, "activities/clubs.html", {"page": page})


@requires("activities.view")
def club_detail(request, pk: int):
    club = selectors.club_get(org=request.org, pk=pk)
    context = {
        "club": club,
        "memberships": list(selectors.club_memberships(club)),
        "activities": list(club.activities.select_related("kind").order_by("-starts_on")[:20]),
        "manage": can(request, "activities.manage"),
    }
    if context["manage"] or can(request, "funds.view"):
        context["subsidies"] = selectors.club_subsidies(org=request.org, club=club)
    if context["manage"]:
        context["member_form"] = ClubMemberForm(
            org=request.org, initial={"joined_on": timezone.localdate()}
        )
    return render(request, "activities/club.html", context)


@requires("activities.manage")
def club_create(request):
    return run_action(
        request,
        form=ClubForm(request.POST or None),
        perform=lambda data: services.club_create(org=request.org, actor=request.user, **data),
        redirect_to=lambda club: _url(request, "activities:club", pk=club.pk),
        success=_("The club is saved."),
        template="activities/club_form.html",
        context={"heading": _("New club")},
    )


@requires("activities.manage")
def club_edit(request, pk: int):
    club = selectors.club_get(org=request.org, pk=pk)
    initial = {
        "name": club.name,
        "founded_on": club.founded_on,
        "annual_subsidy": club.annual_subsidy,
        "statute": club.statute,
    }
    return run_action(
        request,
        form=ClubForm(request.POST or None, initial=initial),
        perform=lambda data: services.club_update(club=club, actor=request.user, **data),
        redirect_to=_url(request, "activities:club", pk=club.pk),
        success=_("The club is saved."),
        template="activities/club_form.html",
        context={"heading": _("Change the club"), "club": club},
    )


@requires("activities.manage")
def club_member_add(request, pk: int):
    club = selectors.club_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=ClubMemberForm(
            request.POST or None, org=request.org, initial={"joined_on": timezone.localdate()}
        ),
        perform=lambda data: services.club_member_add(club=club, actor=request.user, **data),
        redirect_to=_url(request, "activities:club", pk=club.pk),
        success=lambda m: _("%(name)s joined the club.") % {"name": m.member.name},
        template="activities/club_form.html",
        context={"heading": _("Add a member to %(club)s") % {"club": club.name}, "club": club},
    )


@require_POST
@requires("activities.manage")
def club_member_leave(request, pk: int, membership: int):
    club = selectors.club_get(org=request.org, pk=pk)
    found = get_object_or_404(ClubMembership, org=request.org, club=club, pk=membership)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.club_member_leave(membership=found, actor=request.user),
        redirect_to=_url(request, "activities:club", pk=club.pk),
        success=_("%(name)s has left the club.") % {"name": found.member.name},
    )


@requires("activities.manage")
def club_subsidy(request, pk: int):
    club = selectors.club_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=SubsidyForm(
            request.POST or None,
            initial={"date": timezone.localdate(), "amount": club.annual_subsidy},
        ),
        perform=lambda data: services.club_subsidy_pay(club=club, actor=request.user, **data),
        redirect_to=_url(request, "activities:club", pk=club.pk),
        success=_("The subsidy is posted to the funds ledger."),
        template="activities/club_form.html",
        context={"heading": _("Pay the yearly subsidy"), "club": club},
    )
