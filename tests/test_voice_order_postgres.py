"""On PostgreSQL, a row carries the transaction that wrote it (`xmin`) and its place on disk
(`ctid`): anonymous suggestions must not keep, in either, the order they came in, nor share a
transaction with anything else the same request wrote (the public link's question and
rate-limit bucket, the session, an audit row). A school's IT staff holding the database could
otherwise set them beside the sessions and the writers' own rows."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db.models.expressions import RawSQL

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_voice import CategoryFactory, enable_public
from unionhall.core.models import AuditEntry
from unionhall.voice.models import PublicRateBucket, SpentChallenge, Suggestion

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Every other table the suggestion requests write to.
NEIGHBOURS = [PublicRateBucket, SpentChallenge, Session, AuditEntry]


def _xmins(model) -> set[tuple[str, str]]:
    rows = model._base_manager.annotate(tx=RawSQL("xmin::text", [])).values_list("pk", "tx")
    return {(str(pk), tx) for pk, tx in rows}


def _written(before: dict) -> set[str]:
    """The transactions of the rows the request wrote or rewrote in the other tables."""
    return {tx for m in NEIGHBOURS for _pk, tx in _xmins(m) - before[m]}


def _snapshot() -> dict:
    return {m: _xmins(m) for m in NEIGHBOURS}


def _public(client, school, category, n: int) -> None:
    url = f"/p/{school.code}/suggest/"
    page = client.get(url)
    form = page.context["form"]
    a, b = re.search(r"(\d+) \+ (\d+)", page.content.decode()).groups()
    answer = client.post(
        url,
        {
            "token": form.initial["token"],
            "challenge": form.initial["challenge"],
            "challenge_answer": int(a) + int(b),
            "channel": "parent",
            "category": category.pk,
            "title": f"家长建议{n}",
            "body": "放学时校门口太拥堵，建议错峰放学。",
        },
        REMOTE_ADDR=f"203.0.113.{n + 1}",
    )
    assert answer.status_code == 200 and answer.context["done"]


def _member(client, school, category, user, n: int, *, anonymous: bool) -> None:
    client.force_login(user)
    form = client.get(f"/o/{school.code}/voice/").context["form"]
    answer = client.post(
        f"/o/{school.code}/voice/",
        {
            "token": form.initial["token"],
            "category": category.pk,
            "title": f"教师建议{n}",
            "body": "希望食堂少放盐，增加清淡的菜。",
            "anonymous": "on" if anonymous else "",
        },
    )
    assert answer.status_code == 302
    client.logout()


def _place(ctid: str) -> tuple[int, int]:
    block, offset = ctid.strip("()").split(",")
    return int(block), int(offset)


def test_anonymous_suggestions_keep_no_order_and_share_no_transaction_on_postgresql(client, school):
    enable_public(school, public_per_hour=50)
    category = CategoryFactory(org=school, name="后勤保障")
    staff = []
    for _n in range(6):
        user = UserFactory()
        grant(user, school, "member")
        MemberFactory(org=school, user=user)
        staff.append(user)
    came, request_transactions = [], set()
    for n in range(12):
        before = _snapshot()
        if n % 2:
            _public(client, school, category, n)
        else:
            _member(client, school, category, staff[n // 2], n, anonymous=True)
        request_transactions |= _written(before)
        came.append(Suggestion.objects.get(title__endswith=f"建议{n}", author__isnull=True).pk)
        if n % 4 == 3:  # a named suggestion now and then, with its audit row
            before = _snapshot()
            _member(client, school, category, staff[0], 100 + n, anonymous=False)
            request_transactions |= _written(before)
    assert request_transactions  # the requests did write buckets, questions, audit rows

    rows = list(
        Suggestion.objects.filter(author__isnull=True)
        .annotate(tx=RawSQL("xmin::text", []), place=RawSQL("ctid::text", []))
        .values_list("pk", "tx", "place")
    )
    assert len(rows) == 12
    transactions = {tx for _pk, tx, _place in rows}
    # One transaction for all of the day's anonymous suggestions (the latest one's): xmin
    # tells nothing of which came when ...
    assert len(transactions) == 1
    # ... and no row any request wrote elsewhere shares it.
    assert not transactions & request_transactions
    # On disk they lie in random order, not in the order they came (12! orders).
    on_disk = [pk for pk, _tx, place in sorted(rows, key=lambda r: _place(r[2]))]
    assert on_disk != came
    assert sorted(came) != came  # their numbers are drawn at random too
    # The same reading pairs a named suggestion with its audit row at once (the row is written
    # in a savepoint of the audit row's transaction: the next transaction id): what it would
    # find for an anonymous one if its transaction were left as it was.
    named = Suggestion.objects.filter(author__isnull=False).annotate(tx=RawSQL("xmin::text", []))
    audit = dict(
        AuditEntry.objects.filter(object_id__in=[s.pk for s in named])
        .annotate(tx=RawSQL("xmin::text", []))
        .values_list("object_id", "tx")
    )
    assert len(named) == 3
    assert all(int(s.tx) - int(audit[s.pk]) in (0, 1) for s in named)
