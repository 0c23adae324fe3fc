"""Indicators of the member register, for summaries, home pages and the district overview."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import COUNT, IndicatorValue, Period, count_of, indicator
from unionhall.members.models import Gender, Member, Status


def describe_member(member: Member) -> str:
    # Names only: the district reads these lists too, and nothing sensitive belongs in them.
    return member.name


def _on_register_at(org, day):
    """Members who were on the register (in service or retired) on `day`."""
    return _on_register_of_orgs(Member.objects.filter(org=org), day)


def _on_register_of_orgs(rows, day):
    return rows.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day)).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


def _count_by_org(status: str, **filters):
    """The grouped form of a count of members of one status on the register at the period's
    end: one GROUP BY org query for every organisation asked about."""

    def by_org(orgs, period: Period) -> dict[int, int]:
        rows = _on_register_of_orgs(
            Member.objects.filter(org__in=orgs, status=status, **filters), period.end
        )
        return dict(rows.order_by().values_list("org_id").annotate(n=Count("id")))

    return by_org


@indicator(
    "members.count",
    _("Members at the end of the period"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view",
    kind=COUNT,
)
def member_count(org, period: Period) -> IndicatorValue:
    return count_of(_on_register_at(org, period.end).order_by("name_pinyin"))


@indicator(
    "members.active",
    _("Members in service at the end of the period"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view",
    kind=COUNT,
    by_org=_count_by_org(Status.ACTIVE),
)
def members_active(org, period: Period) -> IndicatorValue:
    rows = _on_register_at(org, period.end).filter(status=Status.ACTIVE)
    return count_of(rows.order_by("name_pinyin", "id"))


@indicator(
    "members.retirees",
    _("Retired members at the end of the period"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view",
    kind=COUNT,
    by_org=_count_by_org(Status.RETIRED),
)
def members_retirees(org, period: Period) -> IndicatorValue:
    rows = _on_register_at(org, period.end).filter(status=Status.RETIRED)
    return count_of(rows.order_by("name_pinyin", "id"))


def _joined_by_org(orgs, period: Period) -> dict[int, int]:
    rows = Member.objects.filter(org__in=orgs, joined_on__range=period.as_range())
    return dict(rows.order_by().values_list("org_id").annotate(n=Count("id")))


@indicator(
    "members.joined",
    _("Members who joined"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view",
    kind=COUNT,
    by_org=_joined_by_org,
)
def members_joined(org, period: Period) -> IndicatorValue:
    return count_of(
        Member.objects.filter(org=org, joined_on__range=period.as_range()).order_by("joined_on")
    )


@indicator(
    "members.retired",
    _("Members who retired"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view",
    kind=COUNT,
)
def members_retired(org, period: Period) -> IndicatorValue:
    return count_of(
        Member.objects.filter(org=org, retired_on__range=period.as_range()).order_by("retired_on")
    )


@indicator(
    "members.women",
    _("Women members in service"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view",
    kind=COUNT,
    by_org=_count_by_org(Status.ACTIVE, gender=Gender.FEMALE),
)
def women_in_service(org, period: Period) -> IndicatorValue:
    rows = _on_register_at(org, period.end).filter(gender=Gender.FEMALE, status=Status.ACTIVE)
    return count_of(rows.order_by("name_pinyin", "id"))
