import datetime as dt

from tests.factories_congress import accept, answer, make_congress, rate, submit
from unionhall.core import indicators
from unionhall.core.indicators import Period


def test_the_congress_indicators_count_and_list_their_proposals(school):
    c = make_congress(school)
    a = accept(c, submit(c, title="甲"))
    b = accept(c, submit(c, title="乙"))
    submit(c, title="丙")
    submit(c, title="征集中", cosigners=())
    answer(c, a)
    answer(c, b)
    rate(c, a, "satisfied")
    rate(c, b, "unsatisfied")
    year = Period.year(dt.date.today().year)
    values = {
        name: indicators.get(name)(school, year)
        for name in [
            "congress.proposals_received",
            "congress.proposals_accepted",
            "congress.proposals_answered",
            "congress.proposals_answered_on_time",
            "congress.satisfaction",
        ]
    }
    assert [v.value for v in values.values()] == [3, 2, 2, 2, 50.0]
    assert {p.title for p in values["congress.proposals_accepted"].records} == {"甲", "乙"}
    assert values["congress.satisfaction"].records.count() == 2
    other = indicators.get("congress.proposals_received")(school, Period.year(2000))
    assert other.value is None  # no records: "not recorded", not 0 (DESIGN: indicators)
