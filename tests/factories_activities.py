"""Activities test data, made through the real services (organiser rules, sessions, audit)."""

import datetime as dt

from tests.factories import MemberFactory, grant
from tests.personas import user_with_role
from unionhall.activities import services
from unionhall.activities.models import ActivityKind
from unionhall.orgs.roles import Role


def culture_of(org, **fields):
    """The committee member for culture and sports (文体委员), who organises activities."""
    return user_with_role(org, Role.COMMITTEE_CULTURE, **fields)


def women_of(org, **fields):
    """The committee member for women staff (女工委员)."""
    return user_with_role(org, Role.COMMITTEE_WOMEN, **fields)


def kind(org, code="sports") -> ActivityKind:
    services.activity_kinds_seed(org=org)
    return ActivityKind.objects.get(org=org, code=code)


def activity(org, *, organiser=None, code="sports", starts_on=dt.date(2025, 10, 15), **fields):
    organiser = organiser or culture_of(org)
    fields.setdefault("title", "秋季教职工运动会")
    return services.activity_create(
        org=org,
        actor=organiser,
        kind=kind(org, code),
        starts_on=starts_on,
        organiser=organiser,
        **fields,
    )


def member_with_login(org, **fields):
    """A member of the register who can log in with the member role."""
    member = MemberFactory(org=org, **fields)
    user = user_with_role(org, Role.MEMBER, display_name=member.name)
    member.user = user
    member.save(update_fields=["user"])
    return member


__all__ = ["activity", "culture_of", "grant", "kind", "member_with_login", "women_of"]
