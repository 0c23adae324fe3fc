"""The district's assessment (考核) of its school unions: the rubric as data, the items the
records decide, the school's own scores and the district's after them, the tier and the ranking.

A school's score on an item is the records' (automatic items) or its own; the district's score,
once given, is final. Both are kept. The total adds the bonuses (by honour level); a mandatory
item scored nothing vetoes every tier.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import Session
from unionhall.core import audit, indicators
from unionhall.core.i18n import Msg
from unionhall.core.indicators import Period
from unionhall.core.models import AuditEntry
from unionhall.district.models import (
    AnnualReturn,
    Assessment,
    AssessmentBonus,
    AssessmentRound,
    Automatic,
    ItemScore,
    ReturnRound,
    Rubric,
    RubricBonus,
    RubricItem,
    RubricTier,
)
from unionhall.orgs.models import Organisation

ZERO = Decimal("0.0")


@dataclass(frozen=True)
class ItemSpec:
    section: str
    title: str
    points: int
    evidence: str
    automatic: str = ""
    mandatory: bool = False


# The rubric a district starts from, modelled on the published school-union tables (湖南学校工会
# 工作考核细则, 昆山市基层教育工会年度考核): 100 points in three parts, with the items the records
# decide marked. The district edits it to its own.
DEFAULT_RUBRIC_NAME = "学校工会工作年度考核评分标准"
DEFAULT_ITEMS = (
    ItemSpec("自身建设", "工会委员会、女职工委员会、经费审查委员会健全，分工明确", 4, "委员会名单及分工"),  # noqa: E501
    ItemSpec("自身建设", "按期换届，按民主程序选举工会主席", 4, "换届选举报告、选举结果"),
    ItemSpec("自身建设", "委员会每年至少召开一次会议，有计划、有总结并及时上报", 6, "会议记录、工作计划、工作总结"),  # noqa: E501
    ItemSpec("自身建设", "会员登记准确及时，新教师入会率100%", 6, "会员名册、年报入会率", Automatic.JOIN_RATE),  # noqa: E501
    ItemSpec("自身建设", "会员年报数据按时、准确上报", 4, "年报提交记录", Automatic.RETURN_ON_TIME),
    ItemSpec("自身建设", "台帐齐全，装订归档", 6, "台帐目录、档案"),
    ItemSpec("民主管理", "每年至少召开一次教代会", 8, "教代会会议记录", Automatic.CONGRESS_HELD, True),  # noqa: E501
    ItemSpec("民主管理", "提案经审查立案，按时答复、落实", 8, "提案及答复记录", Automatic.PROPOSALS_ANSWERED),  # noqa: E501
    ItemSpec("民主管理", "教代会闭会后按时向上级工会报告", 4, "会议情况报告"),
    ItemSpec("民主管理", "校务公开制度健全，有公开栏和公开记录", 10, "公开栏照片、公开记录"),
    ItemSpec("履行职能", "开展送温暖活动，困难教职工建档", 10, "慰问台帐、困难教职工档案", Automatic.CARE_FILES),  # noqa: E501
    ItemSpec("履行职能", "落实\u201c五必访\u201d", 5, "走访记录"),
    ItemSpec("履行职能", "开展教职工文体活动", 10, "活动方案、照片、记录"),
    ItemSpec("履行职能", "维护女教职工权益，开展女职工活动", 10, "女职工活动记录"),
    ItemSpec("履行职能", "完成上级工会布置的工作，参加片区和区级活动", 5, "活动签到、上报材料"),
)  # fmt: skip
DEFAULT_TIERS = (("模范", 90), ("合格", 75))
DEFAULT_BONUSES = (
    ("区级模范教工之家", Decimal("1")),
    ("市级模范教工之家", Decimal("3")),
    ("省级模范教工之家", Decimal("5")),
    ("区级活动一等奖", Decimal("2")),
    ("市级活动一等奖", Decimal("3")),
)


def half_points(value: Decimal) -> Decimal:
    """Scores are kept to half a point."""
    return (value * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2


@transaction.atomic
def rubric_default_create(*, district: Organisation, actor) -> Rubric:
    """The shipped rubric, as the district's own copy to edit."""
    rubric = audit.audited_create(
        Rubric(org=district, name=DEFAULT_RUBRIC_NAME),
        org=district,
        actor=actor,
        summary=Msg(gettext_noop("Created the rubric %(name)s"), name=DEFAULT_RUBRIC_NAME),
    )
    RubricItem.objects.bulk_create(
        RubricItem(
            org=district,
            rubric=rubric,
            order=index,
            section=spec.section,
            title=spec.title,
            points=Decimal(spec.points),
            evidence=spec.evidence,
            automatic=spec.automatic,
            mandatory=spec.mandatory,
        )
        for index, spec in enumerate(DEFAULT_ITEMS, start=1)
    )
    RubricTier.objects.bulk_create(
        RubricTier(org=district, rubric=rubric, name=name, min_score=Decimal(score))
        for name, score in DEFAULT_TIERS
    )
    RubricBonus.objects.bulk_create(
        RubricBonus(org=district, rubric=rubric, label=label, points=points)
        for label, points in DEFAULT_BONUSES
    )
    return rubric


ITEM_FIELDS = ("section", "title", "points", "evidence", "mandatory", "automatic", "order")


def rubric_item_save(*, rubric: Rubric, actor, item: RubricItem | None = None, **fields):
    """Add an item to the rubric, or change one. Points must be above zero."""
    if fields.get("points") is not None and fields["points"] <= 0:
        raise ValidationError({"points": _("An item is worth more than zero points.")})
    if item is None:
        item = RubricItem(org=rubric.org, rubric=rubric, **fields)
        with transaction.atomic():
            return audit.audited_create(
                item,
                org=rubric.org,
                actor=actor,
                summary=Msg(gettext_noop("Added the rubric item %(title)s"), title=item.title),
            )
    with transaction.atomic():
        audit.audited_update(item, org=rubric.org, actor=actor, fields=ITEM_FIELDS, changes=fields)
    return item


@transaction.atomic
def rubric_tier_save(*, rubric: Rubric, actor, tier: RubricTier, name: str, min_score: Decimal):
    if not ZERO < min_score <= 200:
        raise ValidationError({"min_score": _("A tier starts between 0 and 200 points.")})
    audit.audited_update(
        tier,
        org=rubric.org,
        actor=actor,
        fields=("name", "min_score"),
        changes={"name": name, "min_score": min_score},
    )
    return tier


# Rounds and scores ------------------------------------------------------------------------------


@transaction.atomic
def assessment_round_open(
    *, district: Organisation, actor, rubric: Rubric, year: int, self_due_on: dt.date
) -> AssessmentRound:
    """Open the year's assessment for every school of the district, with the items the
    records decide already scored."""
    if rubric.org_id != district.pk:
        raise ValidationError(_("That rubric belongs to another district."))
    if AssessmentRound.objects.filter(org=district, year=year).exists():
        raise ValidationError(
            {"year": _("The assessment for %(year)s is already open.") % {"year": year}}
        )
    round = audit.audited_create(
        AssessmentRound(
            org=district, rubric=rubric, year=year, self_due_on=self_due_on, opened_by=actor
        ),
        org=district,
        actor=actor,
        summary=Msg(gettext_noop("Opened the assessment for %(year)s"), year=year),
    )
    schools = list(Organisation.objects.filter(parent=district))
    Assessment.objects.bulk_create(
        Assessment(org=school, district=district, round=round) for school in schools
    )
    items = list(rubric.items.all())
    assessments = list(Assessment.objects.filter(round=round))
    ItemScore.objects.bulk_create(
        ItemScore(org_id=a.org_id, assessment=a, item=item) for a in assessments for item in items
    )
    assessment_auto_score(round=round)
    return round


def _automatic_scores(round: AssessmentRound, schools: list[Organisation]) -> dict:
    """For each automatic rule: {school id: (score share 0..1 or None, evidence)}; a few
    grouped queries for all the schools together."""
    year = round.year
    period = Period.year(year)
    held = dict(
        Session.objects.filter(org__in=schools, held_on__year=year)
        .order_by()
        .values_list("org_id")
        .annotate(n=Count("id"))
    )
    answer_rates = indicators.compute_many(indicators.get("congress.answer_rate"), schools, period)
    care = indicators.compute_many(indicators.get("care.person_visits"), schools, period)
    return_round = ReturnRound.objects.filter(org=round.org, year=year).first()
    returns = {}
    if return_round is not None:
        returns = {
            r.org_id: r
            for r in AnnualReturn.objects.filter(
                round=return_round, state=AnnualReturn.State.SUBMITTED
            ).select_related("round")
        }
    found: dict[str, dict[int, tuple[Decimal | None, str]]] = {a: {} for a in Automatic.values}
    for school in schools:
        pk = school.pk
        n = held.get(pk, 0)
        found[Automatic.CONGRESS_HELD][pk] = (
            Decimal(1) if n else ZERO,
            _("%(n)s congress sessions held in %(year)s") % {"n": n, "year": year},
        )
        rate = answer_rates.get(pk)
        found[Automatic.PROPOSALS_ANSWERED][pk] = (
            (None, _("No proposals to answer in %(year)s") % {"year": year})
            if rate is None
            else (
                Decimal(str(rate)) / 100,
                _("Answer rate %(rate)s%% in %(year)s") % {"rate": rate, "year": year},
            )
        )
        visits = care.get(pk) or 0
        found[Automatic.CARE_FILES][pk] = (
            Decimal(1) if visits else ZERO,
            _("%(n)s care person-visits recorded in %(year)s") % {"n": visits, "year": year},
        )
        submitted = returns.get(pk)
        if return_round is None:
            on_time = (None, _("No annual return was asked for"))
            join = (None, _("No annual return was asked for"))
        elif submitted is None:
            on_time = (ZERO, _("Annual return not submitted"))
            join = (None, _("Annual return not submitted"))
        else:
            on_time = (
                (Decimal(1), _("Annual return submitted on %(day)s, on time"))
                if submitted.on_time
                else (ZERO, _("Annual return submitted on %(day)s, after the deadline"))
            )
            on_time = (
                on_time[0],
                on_time[1] % {"day": timezone.localdate(submitted.submitted_at).isoformat()},
            )
            rate = submitted.join_rate
            join = (
                (None, _("The annual return gives no staff"))
                if rate is None
                else (
                    min(Decimal(str(rate)), Decimal(100)) / 100,
                    _("Join rate %(rate)s%% in the annual return") % {"rate": rate},
                )
            )
        found[Automatic.RETURN_ON_TIME][pk] = on_time
        found[Automatic.JOIN_RATE][pk] = join
    return found


@transaction.atomic
def assessment_auto_score(*, round: AssessmentRound) -> None:
    """Score the items the records decide, for every school of the round, with the records as
    evidence; then the totals and tiers. Run again when the records change."""
    assessments = list(Assessment.objects.filter(round=round).select_related("org"))
    schools = [a.org for a in assessments]
    found = _automatic_scores(round, schools)
    scores = list(
        ItemScore.objects.filter(assessment__round=round)
        .exclude(item__automatic="")
        .select_related("item", "assessment")
    )
    for score in scores:
        share, evidence = found[score.item.automatic][score.assessment.org_id]
        score.auto_score = None if share is None else half_points(score.item.points * share)
        score.auto_evidence = str(evidence)[:300]
    ItemScore.objects.bulk_update(scores, ["auto_score", "auto_evidence"])
    _recompute(assessments)


def _recompute(assessments: list[Assessment]) -> None:
    """Totals, veto and tier of the assessments, from their scores and bonuses: three queries
    however many."""
    if not assessments:
        return
    ids = [a.pk for a in assessments]
    scores: dict[int, list[ItemScore]] = {pk: [] for pk in ids}
    for score in ItemScore.objects.filter(assessment_id__in=ids).select_related("item"):
        scores[score.assessment_id].append(score)
    bonuses: dict[int, Decimal] = {pk: ZERO for pk in ids}
    for bonus in AssessmentBonus.objects.filter(assessment_id__in=ids).select_related("bonus"):
        bonuses[bonus.assessment_id] += bonus.bonus.points
    tiers_of: dict[int, list[RubricTier]] = {}
    for a in assessments:
        rubric_id = a.round.rubric_id
        if rubric_id not in tiers_of:
            tiers_of[rubric_id] = list(RubricTier.objects.filter(rubric_id=rubric_id))
        own = sum((s.own or ZERO for s in scores[a.pk]), ZERO)
        final = sum((s.final or ZERO for s in scores[a.pk]), ZERO)
        a.self_total = own
        a.bonus = bonuses[a.pk]
        a.total = final + a.bonus
        a.vetoed = any(s.item.mandatory and not s.final for s in scores[a.pk])
        a.tier = "" if a.vetoed else tier_for(a.total, tiers_of[rubric_id])
    Assessment.objects.bulk_update(assessments, ["self_total", "bonus", "total", "vetoed", "tier"])


def tier_for(total: Decimal, tiers: list[RubricTier]) -> str:
    """The highest tier whose threshold the total reaches, or "" for none."""
    for tier in sorted(tiers, key=lambda t: t.min_score, reverse=True):
        if total >= tier.min_score:
            return tier.name
    return ""


def _check_score(item: RubricItem, value: Decimal | None) -> None:
    if value is not None and not ZERO <= value <= item.points:
        raise ValidationError(
            {"score": _("The score must be between 0 and %(points)s.") % {"points": item.points}}
        )


def score_self(
    *, score: ItemScore, actor, value: Decimal | None, note: str = "", evidence=None
) -> ItemScore:
    """The school scores itself on an item and may attach evidence, until it submits."""
    assessment = score.assessment
    if assessment.self_submitted_at is not None:
        raise ValidationError(_("The self-assessment was submitted; it can no longer change."))
    _check_score(score.item, value)
    changes = {"self_score": value, "self_note": note}
    if evidence:
        changes["evidence_file"] = evidence
    with transaction.atomic():
        audit.audited_update(
            score,
            org=score.org,
            actor=actor,
            fields=("self_score", "self_note", "evidence_file"),
            changes=changes,
        )
        _recompute([assessment])
    return score


def self_submit(*, assessment: Assessment, actor) -> Assessment:
    if assessment.self_submitted_at is not None:
        raise ValidationError(_("The self-assessment was already submitted."))
    missing = ItemScore.objects.filter(
        assessment=assessment, item__automatic="", self_score__isnull=True
    ).count()
    if missing:
        raise ValidationError(
            _("Score every item first: %(n)s items have no score of your own.") % {"n": missing}
        )
    with transaction.atomic():
        assessment.self_submitted_at = timezone.now()
        assessment.save(update_fields=["self_submitted_at"])
        audit.record(
            org=assessment.org,
            actor=actor,
            subject=assessment,
            action=AuditEntry.Action.EVENT,
            summary=Msg(
                gettext_noop("Submitted the self-assessment for %(year)s"),
                year=assessment.round.year,
            ),
        )
    return assessment


def score_district(*, score: ItemScore, actor, value: Decimal | None, note: str = "") -> ItemScore:
    """The district scores an item after the school: once the school submitted, or after the
    self-assessment's deadline."""
    assessment = score.assessment
    round = assessment.round
    if assessment.self_submitted_at is None and timezone.localdate() <= round.self_due_on:
        raise ValidationError(
            _("The school has until %(due)s to assess itself; score after it.")
            % {"due": round.self_due_on.isoformat()}
        )
    _check_score(score.item, value)
    with transaction.atomic():
        audit.audited_update(
            score,
            org=round.org,
            actor=actor,
            fields=("district_score", "district_note"),
            changes={"district_score": value, "district_note": note},
        )
        assessment.reviewed_at = timezone.now()
        assessment.save(update_fields=["reviewed_at"])
        _recompute([assessment])
    return score


def bonus_add(*, assessment: Assessment, actor, bonus: RubricBonus, note: str = ""):
    if bonus.rubric_id != assessment.round.rubric_id:
        raise ValidationError(_("That bonus is not in this assessment's rubric."))
    with transaction.atomic():
        added = AssessmentBonus.objects.create(
            org=assessment.org, assessment=assessment, bonus=bonus, note=note
        )
        audit.record(
            org=assessment.round.org,
            actor=actor,
            subject=assessment,
            action=AuditEntry.Action.EVENT,
            summary=Msg(
                gettext_noop("Bonus %(label)s (+%(points)s)"),
                label=bonus.label,
                points=bonus.points,
            ),
        )
        _recompute([assessment])
    return added
