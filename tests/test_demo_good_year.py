"""The demo district shows a good year, as a visitor first sees it: its schools pass last year's
assessment (one fails, for a reason that shows), the returns say what the ledgers hold, congress
reports arrived on time on their real dates, polls, activities and mentoring run across last
school year and this one, and the demo school's summary of last school year is a 工作总结 with
its three parts. The first page of that summary is left in test-artifacts/."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from tests.rendering import page_images, to_pdf
from tests.seeded import demo_seeded
from unionhall.activities.models import Activity, Session
from unionhall.congress.models import Representative
from unionhall.core.periods import SCHOOL_YEAR, Period
from unionhall.demo import register
from unionhall.demo.terms import in_term, term_day_on_or_before
from unionhall.district.models import AnnualReturn, Assessment, CongressReport, ItemScore
from unionhall.mentoring.models import Contract
from unionhall.orgs.models import Organisation
from unionhall.polls.models import Poll, Selection
from unionhall.reports import documents
from unionhall.reports.build import summary_build

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TODAY = timezone.localdate()
THIS_YEAR = Period.containing(SCHOOL_YEAR, TODAY)
LAST_YEAR = Period.school_year(THIS_YEAR.start.year - 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo district, seeded once for the module and rolled back afterwards."""
    with demo_seeded(django_db_blocker):
        yield Organisation.objects.get(code=register.SCHOOL_CODE)


def test_the_schools_pass_last_years_assessment_but_one_which_shows_why(demo):
    assessments = list(Assessment.objects.filter(round__year=TODAY.year - 1).select_related("org"))
    assert len(assessments) == 4
    failed = [a for a in assessments if a.vetoed]
    assert len(failed) == 1
    passed = [a for a in assessments if not a.vetoed]
    assert all(a.tier for a in passed), [(a.org.name, a.total) for a in passed]
    scores = ItemScore.objects.filter(assessment=failed[0]).select_related("item")
    [why] = [s for s in scores if s.item.mandatory and not s.final]
    assert "教代会" in why.item.title and "0" in why.auto_evidence


def test_the_returns_say_what_the_ledgers_hold(demo):
    own = AnnualReturn.objects.get(org=demo, round__year=TODAY.year - 1)
    assert own.has_congress
    assert own.representatives == Representative.objects.filter(org=demo, is_active=True).count()
    assert own.representatives > 0


def test_congress_reports_arrived_on_time_on_their_days(demo):
    reports = list(CongressReport.objects.all())
    assert len(reports) >= 4
    for report in reports:
        assert report.received_on <= report.due_on, report
        assert report.received_on < TODAY


def test_polls_activities_and_mentoring_run_across_last_year_and_this_one(demo):
    polls = list(Poll.objects.filter(org=demo))
    assert any(p.held_on in LAST_YEAR for p in polls) and any(p.held_on in THIS_YEAR for p in polls)
    for poll in polls:
        if poll.closed_at:
            assert timezone.localdate(poll.closed_at) == poll.held_on, poll
    this_year = Activity.objects.filter(org=demo, starts_on__range=THIS_YEAR.as_range())
    assert this_year.count() >= 3
    held = Session.objects.filter(activity__in=this_year, date__lte=TODAY)
    assert held.exists()
    assert not Session.objects.filter(
        activity__in=this_year, date__gt=TODAY, attendances__isnull=False
    ).exists()
    assert Contract.objects.filter(org=demo, starts_on=THIS_YEAR.start).exists()
    assert Contract.objects.filter(org=demo, starts_on=LAST_YEAR.start).exists()


def test_polls_are_held_on_school_days_in_term(demo):
    """No poll in the summer or winter holiday (an evaluation "120 days ago" in December fell
    on 9 August), nor on a weekend or an official holiday."""
    days = [(poll.title, poll.held_on) for poll in Poll.objects.filter(org=demo)]
    days += [(s.title, s.held_on) for s in Selection.objects.filter(org=demo)]
    days += [(s.title, s.notice_starts_on) for s in Selection.objects.filter(org=demo)]
    assert len(days) >= 5
    assert [(title, day) for title, day in days if not in_term(day)] == []


def test_a_day_in_the_holidays_goes_back_to_the_last_school_day():
    assert term_day_on_or_before(dt.date(2026, 8, 9)) == dt.date(2026, 6, 30)
    assert term_day_on_or_before(dt.date(2026, 10, 4)) == dt.date(2026, 9, 30)
    assert term_day_on_or_before(dt.date(2026, 2, 10)) == dt.date(2026, 1, 20)
    assert term_day_on_or_before(dt.date(2026, 12, 6)) == dt.date(2026, 12, 4)  # a Sunday
    day = dt.date(2025, 9, 1)
    while day < dt.date(2026, 9, 1):
        found = term_day_on_or_before(day)
        assert found <= day and in_term(found)
        assert (found == day) == in_term(day)
        day += dt.timedelta(days=1)


def test_the_demo_schools_summary_of_last_year_is_a_work_summary(demo, tmp_path):
    summary = summary_build(org=demo, period=LAST_YEAR)
    assert summary.sections and summary.next_sections
    assert len(summary.problems_said) >= 3
    assert summary.opening_text.startswith(f"{LAST_YEAR.start.year}—{LAST_YEAR.end.year}学年")
    for problem in summary.problems:
        assert any(segment.figure for segment in problem.computed.segments), problem.key
    texts = [p.text for s in summary.sections for p in s.paragraphs]
    for text in texts:
        assert not re.search(r"未记录[，、；：]", text), text
        assert "《《" not in text
    content = documents.render(summary)
    pdf = to_pdf(content, tmp_path, "demo-summary")
    ARTIFACTS.mkdir(exist_ok=True)
    first = page_images(pdf, dpi=100)[0]
    shutil.copy(first, ARTIFACTS / f"demo-summary-{LAST_YEAR.label}-page-1.png")
