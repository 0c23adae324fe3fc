"""The throttle on one-time code attempts: failed attempts (an unknown, used or voided code, or
a poll that is not open) are counted per client address, and an address with
UNIONHALL_CODE_FAILURE_LIMIT failures within UNIONHALL_CODE_FAILURE_WINDOW_MINUTES is asked to
wait. The limit is far above what a classroom behind one school address mistypes; a guesser
gets a few dozen tries per window out of 30⁸ codes.

The address is read as every throttle reads it (IPv6 as its /64, unionhall.orgs.throttle) and
kept only as a salted hash, in one row per minute. Nothing is written for a code that works:
these rows say nothing about who voted, or when."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from unionhall.polls.models import CodeFailures


def _address_hash(address: str) -> str:
    salt = f"polls.code-attempts:{settings.SECRET_KEY}".encode()
    return hmac.new(salt, address.encode(), hashlib.sha256).hexdigest()


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.UNIONHALL_CODE_FAILURE_WINDOW_MINUTES)


def code_attempts_locked(*, address: str, now: dt.datetime | None = None) -> bool:
    """Whether code attempts from `address` are refused now: too many failed recently."""
    since = (now or timezone.now()) - _window()
    failed = CodeFailures.objects.filter(
        address_hash=_address_hash(address), minute__gt=since
    ).aggregate(n=Sum("failures"))["n"]
    return (failed or 0) >= settings.UNIONHALL_CODE_FAILURE_LIMIT


def code_failure_record(*, address: str, now: dt.datetime | None = None) -> None:
    """Count one failed code attempt from `address`, and forget the counts that no longer
    matter (older than the window)."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    key = _address_hash(address)
    with transaction.atomic():
        counted = CodeFailures.objects.filter(address_hash=key, minute=minute).update(
            failures=F("failures") + 1
        )
        if not counted:
            try:
                with transaction.atomic():
                    CodeFailures.objects.create(address_hash=key, minute=minute, failures=1)
            except IntegrityError:  # another failure from the same address in the same minute
                CodeFailures.objects.filter(address_hash=key, minute=minute).update(
                    failures=F("failures") + 1
                )
    CodeFailures.objects.filter(minute__lte=now - _window()).delete()
