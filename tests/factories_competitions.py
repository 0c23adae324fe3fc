"""Competitions test data, made through the real services."""

import datetime as dt
from decimal import Decimal

from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of
from unionhall.competitions import services
from unionhall.honours.models import Level

PRIZES = [
    {"rank": "first", "places": 1, "amount": Decimal("500.00")},
    {"rank": "second", "places": 2, "amount": Decimal("300.00")},
    {"rank": "third", "places": 3, "amount": Decimal("200.00"), "gift": "教学参考书"},
]


def competition(org, *, organiser=None, prizes=PRIZES, scoring="trimmed", **fields):
    organiser = organiser or culture_of(org)
    act = activity(
        org,
        organiser=organiser,
        code="training",
        title=fields.pop("title", "青年教师教学比武"),
        starts_on=fields.pop("starts_on", dt.date(2025, 10, 15)),
    )
    return services.competition_create(
        org=org,
        actor=organiser,
        activity=act,
        scoring=scoring,
        level=fields.pop("level", Level.SCHOOL),
        prizes=prizes,
        **fields,
    )


def entries(competition, actor, n: int, *, scores=None):
    """`n` individual entries; with `scores`, each judged by three judges around its score."""
    made = []
    for i in range(n):
        entry = services.entry_add(
            competition=competition, actor=actor, member=MemberFactory(org=competition.org)
        )
        if scores is not None:
            base = Decimal(scores[i])
            for judge, delta in (("评委甲", 1), ("评委乙", 0), ("评委丙", -1)):
                services.score_record(entry=entry, actor=actor, judge=judge, score=base + delta)
        made.append(entry)
    return made
