"""Indicators of the honours register: honours awarded in the period, by level and by rank.

Each honour counts once, whoever holds it (a team's prize is one honour). Withdrawn honours are
left out. The period is judged on the date awarded.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.indicators import BREAKDOWN, COUNT, IndicatorValue, Period, count_of, indicator
from unionhall.core.records import RecordRow
from unionhall.honours.models import RANK_ORDER, Honour, Level, Rank


def honours_in(org, period: Period):
    return (
        Honour.objects.filter(
            org=org, awarded_on__range=period.as_range(), withdrawn_at__isnull=True
        )
        .select_related("org", "member", "department")
        .order_by("-level", "awarded_on", "id")
    )


def describe_honour(honour: Honour) -> RecordRow:
    if honour.rank:
        text = _("%(date)s %(holder)s: %(title)s, %(rank)s (%(level)s, %(body)s)") % {
            "date": honour.awarded_on,
            "holder": honour.holder_shown,
            "title": honour.title,
            "rank": honour.get_rank_display(),
            "level": honour.get_level_display(),
            "body": honour.awarding_body,
        }
    else:
        text = _("%(date)s %(holder)s: %(title)s (%(level)s, %(body)s)") % {
            "date": honour.awarded_on,
            "holder": honour.holder_shown,
            "title": honour.title,
            "level": honour.get_level_display(),
            "body": honour.awarding_body,
        }
    return RecordRow(
        text, reverse("honours:detail", kwargs={"org": honour.org.code, "pk": honour.pk})
    )


def _breakdown(rows, field: str, choices) -> IndicatorValue:
    """The honours by `field`, one grouped query: each part (the choice's label, in the order
    of `choices`) with its own rows; empty parts left out."""
    found = dict(rows.order_by().values_list(field).annotate(n=Count("id")))
    value, parts = {}, {}
    for choice in choices:
        if found.get(choice.value):
            label = str(choice.label)
            value[label] = found[choice.value]
            parts[label] = IndicatorValue(
                value=found[choice.value], records=rows.filter(**{field: choice.value})
            )
    return IndicatorValue(value=value or None, records=rows, parts=parts)


def _count_by_org(orgs, period: Period) -> dict[int, int]:
    """Honours per organisation in one GROUP BY query (the district overview)."""
    rows = Honour.objects.filter(
        org__in=orgs, awarded_on__range=period.as_range(), withdrawn_at__isnull=True
    )
    return dict(rows.order_by().values_list("org_id").annotate(n=Count("id")))


@indicator(
    "honours.count",
    gettext_lazy("Honours and prizes"),
    unit=gettext_lazy("honours"),
    describe=describe_honour,
    kind=COUNT,
    by_org=_count_by_org,
)
def honours_count(org, period: Period) -> IndicatorValue:
    return count_of(honours_in(org, period))


@indicator(
    "honours.by_level",
    gettext_lazy("Honours and prizes by level"),
    unit=gettext_lazy("honours"),
    describe=describe_honour,
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def honours_by_level(org, period: Period) -> IndicatorValue:
    return _breakdown(honours_in(org, period), "level", sorted(Level, reverse=True))


@indicator(
    "honours.by_rank",
    gettext_lazy("Honours and prizes by rank"),
    unit=gettext_lazy("honours"),
    describe=describe_honour,
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def honours_by_rank(org, period: Period) -> IndicatorValue:
    return _breakdown(honours_in(org, period), "rank", [Rank(rank) for rank in RANK_ORDER])
