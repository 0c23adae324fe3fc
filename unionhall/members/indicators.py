"""Indicators of the member register, for summaries and the district roll-up."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import IndicatorValue, Period, indicator
from unionhall.members.models import Member, Status


def _on_register_at(org, day):
    """Members who were on the register (in service or retired) on `day`."""
    return (
        Member.objects.filter(org=org)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    )


@indicator(
    "members.count",
    _("Members at the end of the period"),
    unit=_("people"),
    capability="members.view",
)
def member_count(org, period: Period) -> IndicatorValue:
    rows = _on_register_at(org, period.end).order_by("name_pinyin")
    return IndicatorValue(value=rows.count(), records=rows)


@indicator("members.joined", _("Members who joined"), unit=_("people"), capability="members.view")
def members_joined(org, period: Period) -> IndicatorValue:
    rows = Member.objects.filter(org=org, joined_on__range=period.as_range()).order_by("joined_on")
    return IndicatorValue(value=rows.count(), records=rows)


@indicator("members.retired", _("Members who retired"), unit=_("people"), capability="members.view")
def members_retired(org, period: Period) -> IndicatorValue:
    rows = Member.objects.filter(org=org, retired_on__range=period.as_range()).order_by(
        "retired_on"
    )
    return IndicatorValue(value=rows.count(), records=rows)


@indicator(
    "members.women", _("Women members in service"), unit=_("people"), capability="members.view"
)
def women_in_service(org, period: Period) -> IndicatorValue:
    rows = _on_register_at(org, period.end).filter(gender="F", status=Status.ACTIVE)
    return IndicatorValue(value=rows.count(), records=rows)
