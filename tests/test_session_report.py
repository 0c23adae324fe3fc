import datetime as dt

import pytest

from tests.factories_congress import TODAY, accept, answer, make_congress, rate, submit
from unionhall.congress import selectors, services
from unionhall.congress.models import Proposal


@pytest.fixture
def c(school):
    return make_congress(school)


def test_it_computes_the_rates_from_the_records(c):
    a = accept(c, submit(c, title="甲"))
    b = accept(c, submit(c, title="乙"))
    late = accept(c, submit(c, title="丙"), due=TODAY - dt.timedelta(days=3))
    services.proposal_reject(
        org=c.school,
        actor=c.chair,
        proposal=submit(c, title="丁"),
        reason="不属于学校职权。",
        responsible=c.leader,
        answer_due=TODAY,
    )
    services.proposal_merge(org=c.school, actor=c.chair, proposal=submit(c, title="戊"), into=a)
    submit(c, title="征集中", cosigners=())  # still collecting co-signers: not received yet
    for p in (a, b, late):
        answer(c, p)
    assert Proposal.objects.get(pk=late.pk).answered_on_time is False
    rate(c, a, "satisfied")
    rate(c, b, "unsatisfied")

    report = selectors.session_report(org=c.school, session=c.session)
    counts = report.counts
    assert (counts["received"], counts["accepted"], counts["opinions"], counts["merged"]) == (
        5,
        3,
        1,
        1,
    )
    assert counts["answered"] == 3 and counts["on_time"] == 2
    assert report.rates == {
        "acceptance": 60.0,  # 3 of 5
        "answer": 75.0,  # 3 of 4 to answer (3 accepted + 1 opinion)
        "on_time": 66.7,  # 2 of 3
        "satisfaction": 50.0,  # 1 of 2 rated
    }
    assert report.open_count == 4  # merged one is closed
    assert {p.title for p in report.open_items} == {"甲", "乙", "丙", "丁"}


def test_open_items_roll_into_the_next_session(c):
    open_one = accept(c, submit(c, title="未办结"))
    next_session = services.session_create(
        org=c.school, actor=c.chair, term=c.term, number=2, held_on=TODAY + dt.timedelta(days=100)
    )
    report = selectors.session_report(org=c.school, session=next_session)
    assert [p.pk for p in report.carried] == [open_one.pk]
    answer(c, open_one)
    rate(c, open_one)
    services.proposal_done(org=c.school, actor=c.leader, proposal=open_one)
    assert selectors.session_report(org=c.school, session=next_session).carried == []


def test_the_report_page_shows_the_rates(client, c):
    p = accept(c, submit(c))
    answer(c, p)
    rate(c, p)
    client.force_login(c.reps[0].user)
    html = client.get(f"/o/{c.school.code}/congress/sessions/{c.session.pk}/report/").content
    html = html.decode()
    assert 'data-figure="answer_rate">100.0%' in html
    assert 'data-figure="satisfaction_rate">100.0%' in html


def test_every_number_of_the_report_leads_to_its_proposals(client, c, english):
    import re

    a = accept(c, submit(c, title="甲"))
    b = accept(c, submit(c, title="乙"))
    accept(c, submit(c, title="丙"))
    for p in (a, b):
        answer(c, p)
    rate(c, a, "satisfied")
    rate(c, b, "unsatisfied")
    client.force_login(c.reps[0].user)
    html = client.get(f"/o/{c.school.code}/congress/sessions/{c.session.pk}/report/").content
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)<', html.decode())
    figures = [(href.replace("&amp;", "&"), text) for href, text in links if "/report/" in href]
    shown = {text for _href, text in figures}
    assert {"3", "2", "66.7%", "50.0%", "1"} <= shown
    for href, text in figures:
        page = client.get(href).content.decode()
        rows = page.count('<li class="list-group-item">')
        if text.endswith("%"):
            # a rate lists its denominator's proposals and says "n of m"
            numerator, denominator = re.search(r"(\d+) of (\d+)", page).groups()
            assert rows == int(denominator), href
            assert float(text[:-1]) == pytest.approx(100 * int(numerator) / rows, abs=0.05)
        elif not text[0].isdigit():  # "not recorded", or a rate's "nothing to measure"
            assert rows == 0, href
        else:  # a number, or a sentence starting with one ("3 open items, …")
            assert rows == int(re.match(r"\d+", text)[0]), href
