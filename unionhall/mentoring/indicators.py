"""Indicators of mentoring (师徒结对), counted in pairs (对): one mentor with one mentee.

- mentoring.pairs: the pairs whose contract's term shares a day with the period;
- mentoring.pairs_met: of the pairs whose term ended within the period, those that met every
  target (their logs within the term against the contract's targets);
- mentoring.assessments: the assessments of the pairs whose term ended within the period, by grade.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import BREAKDOWN, COUNT, IndicatorValue, Period, count_of, indicator
from unionhall.core.records import RecordRow
from unionhall.mentoring import selectors
from unionhall.mentoring.models import Assessment, Grade, Pair


def _pairs(org, period: Period):
    return (
        Pair.objects.filter(
            org=org, contract__starts_on__lte=period.end, contract__ends_on__gte=period.start
        )
        .select_related("contract", "contract__mentor", "mentee", "org")
        .order_by("contract__starts_on", "contract_id", "id")
    )


def _ended(org, period: Period):
    return _pairs(org, period).filter(contract__ends_on__range=period.as_range())


def describe_pair(pair: Pair) -> RecordRow:
    contract = pair.contract
    text = _("%(mentor)s with %(mentee)s, %(start)s to %(end)s") % {
        "mentor": contract.mentor.name,
        "mentee": pair.mentee.name,
        "start": contract.starts_on,
        "end": contract.ends_on,
    }
    url = reverse("mentoring:detail", kwargs={"org": pair.org.code, "pk": contract.pk})
    return RecordRow(text, url)


def describe_assessment(assessment: Assessment) -> RecordRow:
    row = describe_pair(assessment.pair)
    return RecordRow(
        _("%(pair)s: %(grade)s") % {"pair": row.text, "grade": assessment.get_grade_display()},
        row.href,
    )


@indicator(
    "mentoring.pairs",
    _("Mentoring pairs"),
    unit=_("pairs"),
    describe=describe_pair,
    capability="mentoring.view",
    kind=COUNT,
)
def mentoring_pairs(org, period: Period) -> IndicatorValue:
    return count_of(_pairs(org, period))


@indicator(
    "mentoring.pairs_met",
    _("Mentoring pairs that met their targets"),
    unit=_("pairs"),
    describe=describe_pair,
    capability="mentoring.view",
    kind=COUNT,
)
def mentoring_pairs_met(org, period: Period) -> IndicatorValue:
    ended = list(_ended(org, period))
    progress = selectors.progress_of(ended)
    met = [pk for pk, shown in progress.items() if shown.met]
    return count_of(_pairs(org, period).filter(pk__in=met), ended=len(ended))


@indicator(
    "mentoring.assessments",
    _("Mentoring assessments by grade"),
    unit=_("pairs"),
    describe=describe_assessment,
    capability="mentoring.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def mentoring_assessments(org, period: Period) -> IndicatorValue:
    rows = (
        Assessment.objects.filter(org=org, pair__contract__ends_on__range=period.as_range())
        .select_related("pair__contract__mentor", "pair__mentee", "pair__org")
        .order_by("pair__contract__starts_on", "pair_id")
    )
    counts = dict(rows.order_by().values_list("grade").annotate(n=Count("id")))
    value, parts = {}, {}
    for grade in Grade:
        if grade.value in counts:
            label = str(grade.label)
            value[label] = counts[grade.value]
            parts[label] = IndicatorValue(
                value=counts[grade.value], records=rows.filter(grade=grade)
            )
    return IndicatorValue(value=value or None, records=rows, parts=parts)
