"""The first-run checklist of a new school (core.checklist), each item ticked by its records.

plans is the lowest app that may read every one of these records (departments and officers in
orgs, members, care rules, the opening balance, the dues rate, this year's plan), so the list is
kept here in one place, in the order a new school sets itself up.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.care.models import CareRule
from unionhall.core.checklist import setup_step
from unionhall.dues.models import DuesSettings
from unionhall.funds.models import OpeningBalance
from unionhall.members.models import Member
from unionhall.orgs.models import Department, RoleAssignment
from unionhall.orgs.roles import COMMITTEE_ROLES, Role
from unionhall.orgs.selectors import school_year_start_of
from unionhall.plans.models import Plan


@setup_step(
    "departments", _("Departments"), order=10, url_name="departments", capability="orgs.setup"
)
def departments(org) -> bool:
    return Department.objects.filter(org=org).exists()


@setup_step(
    "members",
    _("Members (import the register)"),
    order=20,
    url_name="members:import",
    capability="members.import",
)
def members(org) -> bool:
    return Member.objects.filter(org=org).exists()


@setup_step(
    "officers",
    _("Officers: the committee and the treasurer"),
    order=30,
    url_name="roles",
    capability="orgs.roles",
)
def officers(org) -> bool:
    return RoleAssignment.objects.filter(
        org=org, role__in=[*COMMITTEE_ROLES, Role.TREASURER]
    ).exists()


@setup_step("care_rules", _("Care rules"), order=40, url_name="care:rules", capability="care.rules")
def care_rules(org) -> bool:
    return CareRule.objects.filter(org=org).exists()


@setup_step(
    "opening_balance",
    _("Opening balance of the funds"),
    order=50,
    url_name="funds:opening",
    capability="funds.post",
)
def opening_balance(org) -> bool:
    return OpeningBalance.objects.filter(org=org).exists()


@setup_step(
    "dues_rate", _("Dues rate"), order=60, url_name="dues:settings", capability="dues.settings"
)
def dues_rate(org) -> bool:
    return DuesSettings.objects.filter(org=org).exists()


@setup_step("plan", _("This year's plan"), order=70, url_name="plans:home", capability="plans.view")
def plan(org) -> bool:
    start_year = school_year_start_of(org, timezone.localdate())
    return Plan.objects.filter(org=org, start_year=start_year).exists()
