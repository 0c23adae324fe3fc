"""After any sequence of posts and reversals, the balance is the sum of the entries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.personas import treasurer_of
from unionhall.funds import selectors
from unionhall.funds.models import Category, LedgerEntry
from unionhall.funds.services import ledger_post, ledger_reverse

pytestmark = pytest.mark.django_db

amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False
)
posts = st.tuples(st.just("post"), st.sampled_from(list(Category)), amounts, st.integers(0, 364))
reversals = st.tuples(st.just("reverse"), st.integers(0, 50), st.integers(0, 30))


class Rollback(Exception):
    pass


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.one_of(posts, reversals), max_size=25))
def test_the_balance_is_the_sum_of_the_entries(school, steps):
    actor = treasurer_of(school)
    start = dt.date(2025, 1, 1)
    try:
        with transaction.atomic():
            expected = Decimal("0")
            posted = []
            for step in steps:
                if step[0] == "post":
                    _, category, amount, day = step
                    entry = ledger_post(
                        org=school,
                        actor=actor,
                        category=category,
                        amount=amount,
                        date=start + dt.timedelta(days=day),
                        memo="x",
                    )
                    expected += amount if category in Category.income() else -amount
                    posted.append(entry)
                elif posted:
                    _, index, later = step
                    entry = posted[index % len(posted)]
                    reversed_before = LedgerEntry.objects.filter(reverses=entry).exists()
                    already = entry.is_reversal or reversed_before
                    try:
                        reversal = ledger_reverse(
                            entry=entry,
                            actor=actor,
                            date=entry.date + dt.timedelta(days=later),
                            reason="test",
                        )
                    except ValidationError:
                        assert already
                    else:
                        assert not already
                        expected -= entry.amount
                        posted.append(reversal)
            total = sum((e.amount for e in LedgerEntry.objects.filter(org=school)), Decimal("0"))
            assert selectors.balance(org=school) == total == expected
            reversed_ids = list(
                LedgerEntry.objects.filter(org=school, reverses__isnull=False).values_list(
                    "reverses_id", flat=True
                )
            )
            assert len(reversed_ids) == len(set(reversed_ids))
            raise Rollback
    except Rollback:
        pass
