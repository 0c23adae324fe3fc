"""The public suggestion page: its settings, the rate limit by address, the challenge a visitor
answers, pruning what it keeps, and the submission itself. A public suggestion names no author:
its `author` and its audit entry's `actor` are NULL, and nothing is logged."""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core import audit
from unionhall.voice.models import (
    Category,
    PublicRateBucket,
    SpentChallenge,
    Suggestion,
    VoiceSettings,
)
from unionhall.voice.services.submission import Submitted, _stir, _submit


def address_hash(*, org, address: str) -> str:
    """A salted hash of a client address, only ever used for the public rate limit."""
    salt = f"voice.rate:{settings.SECRET_KEY}:{org.pk}".encode()
    return hmac.new(salt, address.encode(), hashlib.sha256).hexdigest()


def public_settings(*, org) -> VoiceSettings:
    return VoiceSettings.objects.get_or_create(org=org)[0]


@transaction.atomic
def public_rate_take(*, org, address: str, per_day: int) -> bool:
    """Count one public submission from `address`; False when today's allowance is used.
    The bucket keeps the day only (an hour could date an anonymous suggestion)."""
    bucket, _created = PublicRateBucket.objects.select_for_update().get_or_create(
        org=org, address_hash=address_hash(org=org, address=address), day=timezone.localdate()
    )
    if bucket.count >= per_day:
        return False
    PublicRateBucket.objects.filter(pk=bucket.pk).update(count=F("count") + 1)
    return True


CHALLENGE_MAX_AGE = dt.timedelta(hours=1)
_CHALLENGE_SALT = "unionhall.voice.public-challenge"


def _challenge_sum(*, org, challenge_id: str) -> tuple[int, int]:
    """The two numbers of a question, derived from its random id with the secret key: the page
    carries the id, never the answer, and nothing is stored to remember it."""
    key = f"voice.challenge:{settings.SECRET_KEY}".encode()
    digest = hmac.new(key, f"{org.pk}:{challenge_id}".encode(), hashlib.sha256).digest()
    return digest[0] % 8 + 2, digest[1] % 9 + 1


def public_challenge_new(*, org) -> tuple[str, str]:
    """A small sum to show a person is typing: (question, token). Writes nothing: the token is
    signed with the time it was issued (django.core.signing) and holds the organisation and the
    question's random id, from which the sum is derived again when the form comes back."""
    challenge_id = secrets.token_urlsafe(16)
    token = signing.dumps({"org": org.pk, "id": challenge_id}, salt=_CHALLENGE_SALT)
    a, b = _challenge_sum(org=org, challenge_id=challenge_id)
    return _("How much is %(a)s + %(b)s?") % {"a": a, "b": b}, token


@transaction.atomic
def public_challenge_take(*, org, token: str, answer: int | None) -> str:
    """Judge an answer and use the question up, right or wrong: "" when right, else why not.

    The token must be one this site signed for this organisation less than CHALLENGE_MAX_AGE
    ago; its id is then recorded as answered (a unique constraint), so a replay is refused."""
    try:
        issued = signing.loads(token, salt=_CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        return _("The question has expired: answer the new one below.")
    except signing.BadSignature:  # made up or changed by the visitor
        issued = None
    if not isinstance(issued, dict) or issued.get("org") != org.pk:
        issued = {}
    challenge_id = issued.get("id")
    if not isinstance(challenge_id, str) or not 0 < len(challenge_id) <= 32:
        return _("This question was not set by this page: answer the new one below.")
    try:
        with transaction.atomic():
            SpentChallenge.objects.create(
                org=org,
                challenge_id=challenge_id,
                expires_at=timezone.now() + CHALLENGE_MAX_AGE,
            )
    except IntegrityError:
        return _("The question was already answered: answer the new one below.")
    if answer != sum(_challenge_sum(org=org, challenge_id=challenge_id)):
        return _("That is not the answer to the sum: please try again.")
    return ""


def public_prune(*, today: dt.date | None = None) -> tuple[int, int]:
    """Delete rate-limit buckets older than yesterday and answered questions that have expired
    anyway (cron, daily): (buckets, questions) deleted."""
    today = today or timezone.localdate()
    buckets, _ = PublicRateBucket.objects.filter(day__lt=today - dt.timedelta(days=1)).delete()
    challenges, _ = SpentChallenge.objects.filter(expires_at__lt=timezone.now()).delete()
    return buckets, challenges


@transaction.atomic
def suggestion_submit_public(
    *,
    org,
    token: str,
    channel: str,
    category: Category,
    title: str,
    body: str,
    name: str = "",
    show_name: bool = False,
    submitted_on: dt.date | None = None,
) -> Submitted:
    """A parent's or student's suggestion through the public link (when the org enables it).
    `submitted_on` is for a paper suggestion entered later (today if not given); the public
    page never passes it."""
    if channel not in {Suggestion.Channel.PARENT, Suggestion.Channel.STUDENT}:
        raise ValidationError({"channel": _("Say whether you are a parent or a student.")})
    name = name.strip()
    result = _submit(
        org=org,
        token=token,
        fields={
            "category": category,
            "title": title.strip(),
            "body": body.strip(),
            "channel": channel,
            "public_name": name,
            "show_name": bool(show_name and name),
        },
        submitted_on=submitted_on,
    )
    # No audit row: like an anonymous member's, its place in the sequence could date it. Its
    # transaction writes nothing else (the question and the rate-limit bucket were written in
    # transactions of their own) and stirs the day's anonymous suggestions (submission._stir).
    if result.created:
        _stir(org=org, day=result.suggestion.submitted_on)
    return result


@transaction.atomic
def settings_save(*, org, actor, public_enabled: bool, public_per_hour: int, public_intro: str):
    current = public_settings(org=org)
    audit.audited_update(
        current,
        org=org,
        actor=actor,
        fields=["public_enabled", "public_per_hour", "public_intro"],
        changes={
            "public_enabled": public_enabled,
            "public_per_hour": public_per_hour,
            "public_intro": public_intro,
        },
        check=audit.full_clean,
    )
    return current
