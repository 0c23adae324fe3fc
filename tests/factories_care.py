"""Helpers for care and dues tests."""

from decimal import Decimal

from django.utils import timezone

from tests.factories import MemberFactory
from unionhall.care import services
from unionhall.dues.services import dues_account_set


def load_rules(org):
    return services.care_rules_load_example(org=org)


def record(org, actor, members=None, **kwargs):
    """Record a visit with sensible defaults (a 200-yuan gift basket for one member)."""
    members = members if members is not None else [MemberFactory(org=org)]
    defaults = {
        "kind": "other",
        "date": timezone.localdate(),
        "amount": Decimal("200.00"),
        "goods": "水果篮",
    }
    defaults.update(kwargs)
    return services.care_visit_record(org=org, actor=actor, members=members, **defaults)


def with_dues(org, actor, member, base_pay=Decimal("6000.00")):
    return dues_account_set(org=org, actor=actor, member=member, base_pay=base_pay)
