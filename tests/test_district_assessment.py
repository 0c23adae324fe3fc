"""The assessment (考核): the shipped rubric, the items the records decide (with the records as
evidence), the school's and the district's scores kept apart, veto, bonus, tier and ranking."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from tests.clock import morning_of
from tests.factories_district import make_district
from unionhall.congress import services as congress
from unionhall.district import assessment, selectors, services
from unionhall.district.models import Assessment, Automatic, ItemScore

TODAY = dt.date(2026, 12, 10)
pytestmark = pytest.mark.time_machine(morning_of(TODAY), tick=False)


@pytest.fixture
def d(db):
    made = make_district()
    school, chair = made.schools[0], made.chairs[0]
    term = congress.term_create(
        org=school, actor=chair, number=1, starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2028, 8, 31),
    )  # fmt: skip
    congress.session_create(org=school, actor=chair, term=term, number=1, held_on=TODAY)
    made.returns = services.return_round_open(
        district=made.district, actor=made.admin, year=2026, due_on=dt.date(2026, 12, 20)
    )
    services.return_submit(
        annual_return=services.return_prepare(school=school, year=2026), actor=chair
    )
    made.rubric = assessment.rubric_default_create(district=made.district, actor=made.admin)
    made.round = assessment.assessment_round_open(
        district=made.district,
        actor=made.admin,
        rubric=made.rubric,
        year=2026,
        self_due_on=dt.date(2026, 12, 31),
    )
    return made


def _score(d, school, automatic):
    return ItemScore.objects.get(assessment__org=school, item__automatic=automatic)


def test_the_shipped_rubric_adds_up_to_100_with_tiers(d):
    assert sum(i.points for i in d.rubric.items.all()) == 100
    assert {(t.name, t.min_score) for t in d.rubric.tiers.all()} == {
        ("模范", Decimal("90")),
        ("合格", Decimal("75")),
    }
    assert d.rubric.items.filter(mandatory=True).exists()


def test_items_the_records_decide_are_scored_with_the_records_as_evidence(d):
    first, second = d.schools[0], d.schools[1]
    held = _score(d, first, Automatic.CONGRESS_HELD)
    assert held.auto_score == held.item.points
    assert "1" in held.auto_evidence
    assert _score(d, second, Automatic.CONGRESS_HELD).auto_score == 0
    care = _score(d, first, Automatic.CARE_FILES)
    assert care.auto_score == care.item.points and "2" in care.auto_evidence
    assert _score(d, d.schools[1], Automatic.CARE_FILES).auto_score == 0  # no visits
    on_time = _score(d, first, Automatic.RETURN_ON_TIME)
    assert on_time.auto_score == on_time.item.points
    assert _score(d, second, Automatic.RETURN_ON_TIME).auto_score == 0
    join = _score(d, first, Automatic.JOIN_RATE)
    assert join.auto_score == join.item.points and "100" in join.auto_evidence
    assert _score(d, second, Automatic.JOIN_RATE).auto_score is None  # no return: by hand
    answered = _score(d, first, Automatic.PROPOSALS_ANSWERED)
    assert answered.auto_score is None  # no proposals to answer


def test_the_mandatory_item_vetoes_the_tier(d):
    second = Assessment.objects.get(org=d.schools[1])
    assert second.vetoed and second.tier == ""


def test_self_and_district_scores_are_both_kept_and_the_tier_computed(d):
    first = Assessment.objects.get(org=d.schools[0])
    chair = d.chairs[0]
    for score in ItemScore.objects.filter(assessment=first, item__automatic=""):
        assessment.score_self(score=score, actor=chair, value=score.item.points, note="台帐齐全")
    first.refresh_from_db()
    assert first.tier == "模范" and not first.vetoed
    with pytest.raises(ValidationError):  # the district scores after the school
        assessment.score_district(
            score=ItemScore.objects.filter(assessment=first, item__automatic="").first(),
            actor=d.admin,
            value=Decimal("0"),
        )
    assessment.self_submit(assessment=first, actor=chair)
    hand = list(
        ItemScore.objects.filter(assessment=first, item__automatic="").select_related("item")
    )
    for score in hand[:3]:
        assessment.score_district(score=score, actor=d.admin, value=Decimal("0"), note="无记录")
    first.refresh_from_db()
    taken = sum(s.item.points for s in hand[:3])
    assert first.total == first.self_total - taken
    kept = ItemScore.objects.get(pk=hand[0].pk)
    assert kept.self_score == hand[0].item.points and kept.district_score == 0
    assert first.tier == ("模范" if first.total >= 90 else "合格" if first.total >= 75 else "")
    bonus = d.rubric.bonuses.get(label="省级模范教工之家")
    assessment.bonus_add(assessment=first, actor=d.admin, bonus=bonus)
    first.refresh_from_db()
    assert first.bonus == Decimal("5")


def test_a_score_above_the_items_points_is_refused(d):
    score = ItemScore.objects.filter(assessment__org=d.schools[0], item__automatic="").first()
    with pytest.raises(ValidationError):
        assessment.score_self(score=score, actor=d.chairs[0], value=score.item.points + 1)


def test_the_ranking_exports(d, client):
    ranked = selectors.ranking(round=d.round)
    assert ranked[0].org == d.schools[0]
    client.force_login(d.admin)
    url = reverse("district:ranking_xlsx", kwargs={"org": d.district.code, "year": 2026})
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == d.schools[0].name
    assert len(rows) == 4


def test_the_pages_work(d, client):
    client.force_login(d.chairs[0])
    mine = reverse("district:my_assessment", kwargs={"org": d.schools[0].code, "year": 2026})
    assert client.get(mine).status_code == 200
    client.force_login(d.admin)
    ranking = reverse("district:assessment", kwargs={"org": d.district.code, "year": 2026})
    assert d.schools[0].name in client.get(ranking).content.decode()
    school = reverse(
        "district:assessment_school",
        kwargs={"org": d.district.code, "year": 2026, "school": d.schools[0].code},
    )
    assert client.get(school).status_code == 200
    rubric = reverse("district:rubric", kwargs={"org": d.district.code, "pk": d.rubric.pk})
    assert "每年至少召开一次教代会" in client.get(rubric).content.decode()


def test_the_school_attaches_evidence_and_the_district_reads_it(d, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    school = d.schools[0]
    score = ItemScore.objects.filter(assessment__org=school, item__automatic="").first()
    client.force_login(d.chairs[0])
    mine = reverse("district:my_assessment", kwargs={"org": school.code, "year": 2026})
    evidence = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 minutes")
    response = client.post(
        mine, {"score": score.pk, "value": "3.5", "note": "见会议记录", "evidence": evidence}
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.self_score == Decimal("3.5") and score.evidence_file
    client.force_login(d.admin)
    url = reverse("district:evidence_file", kwargs={"org": d.district.code, "pk": score.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    # Another school's chair cannot read it.
    client.force_login(d.chairs[1])
    other = reverse("district:my_evidence_file", kwargs={"org": d.schools[1].code, "pk": score.pk})
    assert client.get(other).status_code == 404
