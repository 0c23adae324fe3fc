"""The yearly assessment: the district's rubric, ranking and scoring of each school, and the
school's own assessment with its evidence."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.params import parse_id
from unionhall.district import assessment, documents, forms, selectors
from unionhall.district.models import Assessment, AssessmentRound, ItemScore, Rubric
from unionhall.district.views import _district, _download, _school
from unionhall.orgs.access import requires

# Assessment: the district -----------------------------------------------------------------------


@requires("district.assess")
def assessment_index(request):
    district = _district(request)
    rubrics = selectors.rubrics(district=district)
    form = forms.AssessmentRoundForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "rubric":
        return run_action(
            request,
            form=None,
            perform=lambda data: assessment.rubric_default_create(
                district=district, actor=request.user
            ),
            success=_("The rubric was created from the shipped one; edit it to your own."),
            redirect_to=reverse("district:assessment_index", kwargs={"org": district.code}),
        )
    return run_action(
        request,
        form=form,
        perform=lambda data: assessment.assessment_round_open(
            district=district, actor=request.user, rubric=_latest_rubric(rubrics), **data
        ),
        success=_("The assessment was opened for every school."),
        redirect_to=lambda r: reverse(
            "district:assessment", kwargs={"org": district.code, "year": r.year}
        ),
        template="district/assessment_index.html",
        context={"rubrics": rubrics, "rounds": selectors.assessment_rounds(district=district)},
    )


def _latest_rubric(rubrics):
    rubric = rubrics.order_by("-id").first()
    if rubric is None:
        raise ValidationError(_("Create the rubric first."))
    return rubric


@requires("district.assess")
def assessment_ranking(request, year: int):
    district = _district(request)
    round = get_object_or_404(AssessmentRound, org=district, year=year)
    if request.method == "POST":
        return run_action(
            request,
            form=None,
            perform=lambda data: assessment.assessment_auto_score(round=round),
            success=_("The items the records decide were scored again."),
            redirect_to=reverse("district:assessment", kwargs={"org": district.code, "year": year}),
        )
    return render(
        request,
        "district/assessment.html",
        {"round": round, "ranked": selectors.ranking(round=round)},
    )


@requires("district.assess")
def ranking_xlsx(request, year: int):
    round = get_object_or_404(AssessmentRound, org=_district(request), year=year)
    return xlsx_response(
        documents.ranking_xlsx(selectors.ranking(round=round)),
        _("assessment-%(year)s.xlsx") % {"year": year},
    )


@requires("district.assess")
def assessment_school(request, year: int, school: str):
    district = _district(request)
    found = get_object_or_404(
        Assessment.objects.select_related("org", "round__rubric"),
        district=district,
        round__year=year,
        org__code=school,
    )
    url = reverse(
        "district:assessment_school", kwargs={"org": district.code, "year": year, "school": school}
    )
    if request.method == "POST" and request.POST.get("action") == "bonus":
        return run_action(
            request,
            form=forms.BonusForm(request.POST, rubric=found.round.rubric),
            perform=lambda data: assessment.bonus_add(assessment=found, actor=request.user, **data),
            success=_("The bonus was added."),
            redirect_to=url,
        )
    if request.method == "POST":
        score = get_object_or_404(
            ItemScore, assessment=found, pk=parse_id(request.POST.get("score"))
        )
        return run_action(
            request,
            form=forms.ScoreForm(request.POST),
            perform=lambda data: assessment.score_district(score=score, actor=request.user, **data),
            success=_("The district's score was saved."),
            redirect_to=url,
        )
    return render(
        request,
        "district/assessment_school.html",
        {
            "assessment": found,
            "scores": selectors.assessment_scores(assessment=found),
            "bonuses": found.bonuses.select_related("bonus"),
            "bonus_form": forms.BonusForm(rubric=found.round.rubric),
        },
    )


@requires("district.assess")
def evidence_file(request, pk: int):
    score = get_object_or_404(ItemScore, assessment__district=_district(request), pk=pk)
    return _download(score.evidence_file, score.evidence_file.name.rsplit("/", 1)[-1])


@requires("district.assess")
def rubric(request, pk: int):
    district = _district(request)
    found = get_object_or_404(Rubric, org=district, pk=pk)
    url = reverse("district:rubric", kwargs={"org": district.code, "pk": pk})
    if request.method == "POST" and request.POST.get("tier"):
        tier = get_object_or_404(found.tiers, pk=parse_id(request.POST["tier"]))
        return run_action(
            request,
            form=forms.TierForm(request.POST, instance=tier),
            perform=lambda data: assessment.rubric_tier_save(
                rubric=found, actor=request.user, tier=tier, **data
            ),
            success=_("The tier was saved."),
            redirect_to=url,
        )
    item = None
    if request.POST.get("item"):
        item = get_object_or_404(found.items, pk=parse_id(request.POST["item"]))
    return run_action(
        request,
        form=forms.RubricItemForm(request.POST or None, instance=item),
        perform=lambda data: assessment.rubric_item_save(
            rubric=found, actor=request.user, item=item, **data
        ),
        success=_("The rubric was saved."),
        redirect_to=url,
        template="district/rubric.html",
        context={
            "rubric": found,
            "items": found.items.all(),
            "tiers": found.tiers.all(),
            "bonuses": found.bonuses.all(),
            "total": sum((i.points for i in found.items.all()), Decimal("0")),
        },
    )


# Assessment: the school -------------------------------------------------------------------------


@requires("district.report")
def my_assessment(request, year: int):
    school = _school(request)
    found = get_object_or_404(
        Assessment.objects.select_related("round__rubric"), org=school, round__year=year
    )
    url = reverse("district:my_assessment", kwargs={"org": school.code, "year": year})
    if request.method == "POST" and request.POST.get("action") == "submit":
        return run_action(
            request,
            form=None,
            perform=lambda data: assessment.self_submit(assessment=found, actor=request.user),
            success=_("Your self-assessment was sent to the district."),
            redirect_to=url,
        )
    if request.method == "POST":
        score = get_object_or_404(
            ItemScore, assessment=found, item__automatic="", pk=parse_id(request.POST.get("score"))
        )
        return run_action(
            request,
            form=forms.SelfScoreForm(request.POST, request.FILES),
            perform=lambda data: assessment.score_self(score=score, actor=request.user, **data),
            success=_("Your score was saved."),
            redirect_to=url,
        )
    return render(
        request,
        "district/my_assessment.html",
        {
            "assessment": found,
            "scores": selectors.assessment_scores(assessment=found),
            "form": forms.SelfScoreForm(),
        },
    )


@requires("district.report")
def my_evidence_file(request, pk: int):
    score = get_object_or_404(ItemScore, org=_school(request), pk=pk)
    return _download(score.evidence_file, score.evidence_file.name.rsplit("/", 1)[-1])
