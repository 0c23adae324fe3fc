"""The staff congress section of the year-end summary: each rate with its numerator and
denominator, the titles of the proposals answered, the resolutions with their tallies; every
figure and list linked to the same records."""

import datetime as dt

import pytest

from tests.clock import morning_of
from tests.factories_congress import accept, answer, make_congress, rate, submit
from unionhall.congress import services
from unionhall.core.indicators import Period
from unionhall.reports.build import summary_build

pytestmark = pytest.mark.usefixtures("english")

TODAY = dt.date.today()


@pytest.fixture
def year(school, time_machine):
    """A school year of the congress: four proposals (three accepted, one answered late, one
    unanswered), two rated answers, two resolutions, one of them not passed."""
    time_machine.move_to(morning_of(TODAY), tick=False)
    c = make_congress(school, reps=6)
    on_time = accept(c, submit(c, title="关于增设教师休息室的建议"))
    late = accept(c, submit(c, title="关于减少表格填报的建议"), due=TODAY + dt.timedelta(days=1))
    accept(c, submit(c, title="关于改善停车的建议"))
    submit(c, title="关于食堂的建议")
    answer(c, on_time)
    rate(c, on_time, "satisfied")
    session = services.session_create(
        org=school, actor=c.chair, term=c.term, number=2, held_on=TODAY
    )
    for title, votes in (("学校年度工作报告", (5, 0, 1)), ("绩效工资分配方案", (3, 2, 1))):
        resolution = services.resolution_create(
            org=school, actor=c.chair, session=session, title=title
        )
        services.resolution_tally(
            org=school,
            actor=c.chair,
            resolution=resolution,
            votes_for=votes[0],
            votes_against=votes[1],
            votes_abstain=votes[2],
        )
    time_machine.move_to(morning_of(TODAY + dt.timedelta(days=5)), tick=False)
    answer(c, late)
    rate(c, late, "unsatisfied")
    return c


def _section(school, period):
    [found] = [s for s in summary_build(org=school, period=period).sections if s.key == "congress"]
    return found


def _texts(section) -> list[str]:
    return [paragraph.text for paragraph in section.paragraphs]


def test_it_states_each_rate_with_its_numerator_and_denominator(school, year):
    texts = _texts(_section(school, Period.containing("school_year", TODAY)))
    assert (
        "Proposals put to the staff congress by representatives in the period: 4, of which the "
        "proposal committee accepted 3." in texts
    )
    assert (
        "Answered: 2 of the 3 proposals that called for an answer (those accepted and those taken "
        "up as opinions), an answer rate of 66.7%." in texts
    )
    assert (
        "Answered by the date set: 1 of the 2 proposals answered, an on-time rate of 50.0%."
        in texts
    )
    assert (
        "Rated satisfied or fairly satisfied by their submitters: 1 of the 2 answers rated, a "
        "satisfaction rate of 50.0%." in texts
    )


def test_each_part_of_a_rate_is_a_figure_of_that_rate(school, year):
    section = _section(school, Period.containing("school_year", TODAY))
    answer_rate = next(p for p in section.paragraphs if "answer rate" in p.text)
    figures = [(s.figure.indicator.name, s.text) for s in answer_rate.segments if s.figure]
    assert figures == [
        ("congress.answer_rate", "2"),
        ("congress.answer_rate", "3"),
        ("congress.answer_rate", "66.7%"),
    ]


def test_it_lists_the_titles_of_the_proposals_answered_and_the_count_agrees(school, year):
    section = _section(school, Period.containing("school_year", TODAY))
    assert (
        "Proposals answered (2): “关于增设教师休息室的建议”, “关于减少表格填报的建议”."
        in _texts(section)
    )
    listed = next(p for p in section.paragraphs if p.text.startswith("Proposals answered"))
    assert {s.figure.indicator.name for s in listed.segments if s.figure} == {
        "congress.proposals_answered"
    }


def test_it_lists_the_resolutions_with_their_tallies_and_outcomes(school, year):
    texts = _texts(_section(school, Period.containing("school_year", TODAY)))
    assert (
        "Resolutions voted on by the congress (2): “学校年度工作报告” (5 for, 0 against, 1 "
        "abstaining: passed); “绩效工资分配方案” (3 for, 2 against, 1 abstaining: not passed)."
        in texts
    )


def test_the_rates_are_in_its_table(school, year):
    [table] = _section(school, Period.containing("school_year", TODAY)).tables
    rows = {row.label: row.cell.text for row in table.rows}
    assert rows["Answer rate"] == "66.7%"
    assert rows["On-time rate"] == "50.0%"
    assert rows["Satisfaction rate"] == "50.0%"


def test_on_the_page_every_figure_and_list_links_to_its_records(client, school, year):
    client.force_login(year.chair)
    period = Period.containing("school_year", TODAY)
    page = client.get(
        f"/o/{school.code}/reports/summary/", {"period": period.label}
    ).content.decode()
    records = f"/o/{school.code}/reports/indicator/{{}}/?period={period.label}"
    assert page.count(f'href="{records.format("congress.answer_rate")}"') >= 3
    assert page.count(f'href="{records.format("congress.on_time_rate")}"') >= 3
    assert page.count(f'href="{records.format("congress.satisfaction_rate")}"') >= 3
    assert f'href="{records.format("congress.resolutions")}"' in page
    assert "“关于减少表格填报的建议”</a>" in page


def test_the_records_behind_the_resolutions_are_the_resolutions_listed(client, school, year):
    client.force_login(year.chair)
    period = Period.containing("school_year", TODAY)
    page = client.get(
        f"/o/{school.code}/reports/indicator/congress.resolutions/", {"period": period.label}
    ).content.decode()
    assert "学校年度工作报告" in page and "3 for, 2 against, 1 abstaining: not passed" in page


def test_a_year_with_no_proposals_is_one_sentence_with_no_rate_and_no_list(school, year):
    """Before any proposal nothing is recorded: no "0 of 0", no "0%", no empty list of titles."""
    built = summary_build(org=school, period=Period.year(2000))
    [congress] = [s for s in built.sections if s.key == "congress"]
    assert len(congress.paragraphs) == 1 and not congress.tables and not congress.charts
    text = congress.paragraphs[0].text
    assert "Nothing was recorded" in text
    assert "%" not in text and "0 of 0" not in text and "Proposals answered" not in text
