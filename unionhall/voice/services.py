"""Writes to the suggestion box. Each function is atomic and leaves an audit trail.

Anonymity: for an anonymous or public suggestion no row written here names or references its
author: the suggestion's `author` is NULL, the audit entry's `actor` is NULL and its summary says
only "anonymous", and nothing is logged. An anonymous suggestion from the paper box is typed in by
an officer: the audit names that officer (who is not its author), never the writer.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.backdate import not_before, stated_date, stated_time
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send
from unionhall.orgs.capabilities import allows, roles_with
from unionhall.orgs.models import RoleAssignment
from unionhall.voice.models import (
    DEFAULT_CATEGORIES,
    Category,
    PublicRateBucket,
    SpentChallenge,
    Suggestion,
    Theme,
    VoiceSettings,
)

State = Suggestion.State
# Suggestions are numbered at random within this range (see _submit).
SUGGESTION_NUMBERS = range(10_000_000, 100_000_000)

# Which state a suggestion may move to from which: the only place these rules live.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.NEW: frozenset({State.ROUTED, State.ANSWERED, State.MERGED}),
    State.ROUTED: frozenset({State.ROUTED, State.ANSWERED, State.MERGED}),
    State.ANSWERED: frozenset({State.ANSWERED}),
    State.MERGED: frozenset(),
}


def _notify(user, kind: str, suggestion: Suggestion) -> None:
    """Tell `user` about `suggestion`: "routed" to them, or "answered" for its author.

    Runs after commit. Never called for anonymous authors: there is nobody to tell."""
    org_code = suggestion.org.code
    if kind == "routed":
        notice_send(
            org=suggestion.org,
            user=user,
            kind=Notice.Kind.ASSIGNED,
            title=Msg(
                gettext_noop("Suggestion “%(title)s” is yours to answer."), title=suggestion.title
            ),
            url=reverse("voice:inbox", kwargs={"org": org_code}),
        )
    else:
        notice_send(
            org=suggestion.org,
            user=user,
            kind=Notice.Kind.ANSWERED,
            title=Msg(
                gettext_noop("Your suggestion “%(title)s” has an answer."), title=suggestion.title
            ),
            url=reverse("voice:mine", kwargs={"org": org_code}),
        )


def _guard(suggestion: Suggestion, target: str) -> None:
    if target not in TRANSITIONS[suggestion.state]:
        raise ValidationError(
            _("A suggestion that is “%(state)s” cannot become “%(target)s”.")
            % {"state": suggestion.get_state_display(), "target": State(target).label}
        )


def _locked(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk, org_id=suggestion.org_id)


def new_form_token() -> str:
    """A one-time token for a submission form; only its hash is ever stored."""
    return secrets.token_urlsafe(24)


def _key(token: str) -> str:
    if not token or len(token) > 100:
        raise ValidationError(_("The form has expired: reload the page and submit again."))
    return hashlib.sha256(token.encode()).hexdigest()


# Categories -------------------------------------------------------------------------------------


def categories_ensure(*, org) -> None:
    """Give an organisation the default categories the first time it uses the suggestion box."""
    if Category.objects.filter(org=org).exists():
        return
    Category.objects.bulk_create(
        [Category(org=org, name=name, sort_order=n) for n, name in enumerate(DEFAULT_CATEGORIES)],
        ignore_conflicts=True,
    )


@transaction.atomic
def category_save(*, org, actor, name: str, sort_order: int, active: bool, category=None):
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    clash = Category.objects.filter(org=org, name=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("This organisation already has a category of that name.")})
    created = category is None
    if created:
        category = Category(org=org)
    audit.audited_update(
        category,
        org=org,
        actor=actor,
        fields=["name", "sort_order", "active"],
        changes={"name": name, "sort_order": sort_order, "active": active},
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=name,
        created=created,
    )
    return category


# Submission -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    suggestion: Suggestion
    # False when the same form had already been submitted (nothing new was stored).
    created: bool


def _submit(*, org, token: str, fields: dict, submitted_on: dt.date | None) -> Submitted:
    key = _key(token)
    existing = Suggestion.objects.filter(org=org, submission_key=key).first()
    if existing is not None:
        return Submitted(existing, created=False)
    category = fields["category"]
    if category.org_id != org.id:
        raise ValidationError({"category": _("Choose one of this organisation's categories.")})
    suggestion = Suggestion(
        org=org,
        submission_key=key,
        submitted_on=stated_date(submitted_on, field="submitted_on"),
        **fields,
    )
    suggestion.full_clean(exclude=["submission_key"])
    for _attempt in range(5):
        # A random number, not the next in sequence: the order of suggestions must not tell
        # when an anonymous one came, between two named ones whose times are in the audit.
        suggestion.pk = SUGGESTION_NUMBERS.start + secrets.randbelow(len(SUGGESTION_NUMBERS))
        try:
            with transaction.atomic():
                suggestion.save(force_insert=True)
        except IntegrityError:
            again = Suggestion.objects.filter(org=org, submission_key=key).first()
            if again is not None:  # the same form posted twice at the same moment
                return Submitted(again, created=False)
            continue  # the random number was taken: draw another
        return Submitted(suggestion, created=True)
    raise RuntimeError("no free suggestion number after 5 draws")


@transaction.atomic
def suggestion_submit(
    *,
    org,
    user,
    token: str,
    category: Category,
    title: str,
    body: str,
    anonymous: bool,
    show_name: bool = False,
    submitted_on: dt.date | None = None,
    on_behalf_of: Member | None = None,
    from_paper: bool = False,
) -> Submitted:
    """A member's suggestion. If `anonymous`, `user` is used for nothing and stored nowhere.
    `submitted_on` is the day it was put in the box, when entered later (today if not given).

    A suggestion from the paper box (`from_paper`, implied by `on_behalf_of`) is typed in by
    `user`, an officer with `voice.enter_paper`: its author is the member who wrote it
    (`on_behalf_of`, who needs a login) or nobody when `anonymous`; the audit names the officer."""
    from_paper = from_paper or on_behalf_of is not None
    if from_paper:
        author = _paper_writer(org=org, clerk=user, writer=on_behalf_of, anonymous=anonymous)
    else:
        author = None if anonymous else user
    result = _submit(
        org=org,
        token=token,
        fields={
            "category": category,
            "title": title.strip(),
            "body": body.strip(),
            "channel": Suggestion.Channel.MEMBER,
            "author": author,
            "show_name": bool(show_name and author is not None),
        },
        submitted_on=submitted_on,
    )
    if result.created and (from_paper or not anonymous):
        # An anonymous suggestion from a member leaves no audit row: a row's place in the
        # sequence, next to the writer's own timed rows, would tell who wrote it.
        audit.record(
            org=org,
            actor=user if from_paper else author,
            subject=result.suggestion,
            action=AuditEntry.Action.CREATE,
            summary=Msg(
                gettext_noop("Suggestion received (anonymous)")
                if anonymous
                else gettext_noop("Suggestion received")
            ),
        )
        if from_paper:
            # The officer who typed it is no clue to an anonymous writer: their time is kept.
            audit.record_typed_on_behalf(
                org=org,
                clerk=user,
                subject=result.suggestion,
                person=Msg(gettext_noop("an anonymous writer")) if anonymous else on_behalf_of.name,
                happened=result.suggestion.submitted_on,
            )
    return result


def _paper_writer(*, org, clerk, writer: Member | None, anonymous: bool):
    """The author of a paper suggestion: the writer's login, or None when anonymous."""
    roles = RoleAssignment.objects.filter(org=org, user=clerk).values_list("role", flat=True)
    if clerk is None or not allows(set(roles), "voice.enter_paper"):
        raise ValidationError(
            {
                "on_behalf_of": _(
                    "You may not enter suggestions from the paper box: ask the union chair or a "
                    "committee member."
                )
            }
        )
    if anonymous:
        if writer is not None:
            raise ValidationError(
                {"on_behalf_of": _("An anonymous suggestion has no writer: leave it empty.")}
            )
        return None
    if writer is None:
        raise ValidationError(
            {"on_behalf_of": _("Choose the member who wrote it, or mark it anonymous.")}
        )
    if writer.org_id != org.pk:
        raise ValidationError({"on_behalf_of": _("That member belongs to another organisation.")})
    if writer.user_id is None:
        raise ValidationError(
            {
                "on_behalf_of": _(
                    "%(name)s has no login yet: give the member a login first, or enter the "
                    "suggestion as anonymous."
                )
                % {"name": writer.name}
            }
        )
    return writer.user


@dataclass(frozen=True)
class PaperSuggestion:
    """One row of a paper batch: what was written, under which category, by whom (None for an
    anonymous writer), and the day it was put in the box."""

    text: str
    category: Category
    writer: Member | None
    submitted_on: dt.date
    title: str = ""


# The column a batch refusal names (as the batch page labels it), by the service field.
BATCH_FIELDS = {
    "body": gettext_noop("Text"),
    "title": gettext_noop("Text"),
    "category": gettext_noop("Category"),
    "on_behalf_of": gettext_noop("Writer"),
    "submitted_on": gettext_noop("Date"),
}


def paper_title(text: str) -> str:
    """A title for a paper suggestion: its first line, shortened to fit."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first if len(first) <= 30 else first[:29] + "…"


@transaction.atomic
def suggestion_batch_submit(
    *, org, actor, token: str, rows: Sequence[PaperSuggestion], dry_run: bool = False
) -> list[Suggestion]:
    """Type in a paper box's suggestions at once: every row is stored, or none. A refusal lists
    every wrong row, naming the row (from 1) and the field. `dry_run` checks every row the same
    way and stores nothing (the preview). The same `token` posted again stores nothing new."""
    if not rows:
        raise ValidationError(_("Enter at least one suggestion."))
    stored, errors = [], []
    for n, row in enumerate(rows, start=1):
        try:
            result = suggestion_submit(
                org=org,
                user=actor,
                token=f"{token}:{n}",
                category=row.category,
                title=row.title.strip() or paper_title(row.text),
                body=row.text,
                anonymous=row.writer is None,
                submitted_on=row.submitted_on,
                on_behalf_of=row.writer,
                from_paper=True,
            )
        except ValidationError as error:
            errors.extend(_row_errors(n, error))
        else:
            stored.append(result.suggestion)
    if errors:
        raise ValidationError(errors)
    if dry_run:
        transaction.set_rollback(True)
    return stored


def _row_errors(n: int, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [_("Row %(row)s: %(error)s") % {"row": n, "error": e} for e in error.messages]
    texts = []
    for name, errors in error.error_dict.items():
        field = _(BATCH_FIELDS[name]) if name in BATCH_FIELDS else name
        for e in ValidationError(errors).messages:
            texts.append(
                _("Row %(row)s, %(field)s: %(error)s") % {"row": n, "field": field, "error": e}
            )
    return texts


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
    # No audit row: like an anonymous member's, its place in the sequence could date it.
    return result


# Handling ---------------------------------------------------------------------------------------


def answerers(*, org):
    """Users who may be made responsible for a suggestion: those who hold `voice.answer` here."""
    from unionhall.orgs.models import User

    return (
        User.objects.filter(
            role_assignments__org=org, role_assignments__role__in=roles_with("voice.answer")
        )
        .distinct()
        .order_by("display_name", "username")
    )


@transaction.atomic
def suggestion_categorise(*, suggestion: Suggestion, actor, category: Category) -> Suggestion:
    locked = _locked(suggestion)
    if category.org_id != locked.org_id:
        raise ValidationError({"category": _("Choose one of this organisation's categories.")})
    audit.audited_update(
        locked, org=locked.org, actor=actor, fields=["category"], changes={"category": category}
    )
    return locked


@transaction.atomic
def suggestion_merge(*, suggestion: Suggestion, actor, original: Suggestion) -> Suggestion:
    """Mark `suggestion` as a duplicate of `original`; it then shares the original's answer."""
    locked = _locked(suggestion)
    if original.org_id != locked.org_id:
        raise ValidationError({"original": _("Choose a suggestion of this organisation.")})
    if original.state == State.MERGED:
        original = original.duplicate_of
    if original.pk == locked.pk:
        raise ValidationError({"original": _("A suggestion cannot be a duplicate of itself.")})
    _guard(locked, State.MERGED)
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["state"],
        changes={"state": State.MERGED, "duplicate_of": original},
        summary=Msg(gettext_noop("Merged into #%(pk)s"), pk=original.pk),
    )
    # Duplicates of this one follow it to the original.
    Suggestion.objects.filter(org_id=locked.org_id, duplicate_of=locked).update(
        duplicate_of=original
    )
    return locked


@transaction.atomic
def suggestion_route(
    *, suggestion: Suggestion, actor, assignee, routed_at: dt.datetime | None = None
) -> Suggestion:
    """Make `assignee` responsible. `routed_at` is the day it was passed on, when entered later
    (now if not given; never in the future, nor before the suggestion was put in the box)."""
    locked = _locked(suggestion)
    if not answerers(org=locked.org).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("The responsible person must be a leader or committee member here.")}
        )
    _guard(locked, State.ROUTED)
    routed_at = stated_time(routed_at, field="routed_at")
    not_before(
        routed_at,
        locked.submitted_on,
        field="routed_at",
        message=_("%(date)s is before the suggestion was submitted (%(earlier)s)."),
    )
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["state", "assignee"],
        changes={"state": State.ROUTED, "assignee": assignee, "routed_at": routed_at},
    )
    transaction.on_commit(lambda: _notify(assignee, "routed", locked))
    return locked


@transaction.atomic
def suggestion_answer(
    *,
    suggestion: Suggestion,
    actor,
    answer: str,
    adopted: bool,
    manager: bool,
    answered_at: dt.datetime | None = None,
) -> Suggestion:
    """Answer a suggestion. Its responsible person may, and so may the committee (`manager`).
    `answered_at` is the day it was answered, when entered later (now if not given; never in
    the future, nor before it was passed on or submitted)."""
    locked = _locked(suggestion)
    if not manager and locked.assignee_id != actor.pk:
        raise ValidationError(_("Only the responsible person or the committee may answer this."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer before saving it.")})
    _guard(locked, State.ANSWERED)
    answered_at = stated_time(answered_at, field="answered_at")
    not_before(
        answered_at,
        locked.routed_at or locked.submitted_on,
        field="answered_at",
        message=_("%(date)s is before the suggestion reached its answerer (%(earlier)s)."),
    )
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["state", "answer", "adopted"],
        changes={
            "state": State.ANSWERED,
            "answer": answer,
            "adopted": adopted,
            "answered_by": actor,
            "answered_at": answered_at,
        },
    )
    if locked.author_id is not None:
        author = locked.author
        transaction.on_commit(lambda: _notify(author, "answered", locked))
    return locked


@transaction.atomic
def suggestion_publish(*, suggestion: Suggestion, actor, board: str) -> Suggestion:
    locked = _locked(suggestion)
    if board not in Suggestion.Board.values:
        raise ValidationError({"board": _("Choose where to publish the answer.")})
    if board and locked.state != State.ANSWERED:
        raise ValidationError(_("Only an answered suggestion can be published."))
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["board"],
        changes={"board": board, "published_at": timezone.now() if board else None},
    )
    return locked


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


# Themes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeDraft:
    name: str
    keywords: list[str]
    suggestion_ids: list[int]


@transaction.atomic
def themes_accept(*, org, actor, drafts: list[ThemeDraft]) -> list[Theme]:
    """Store the themes the committee accepted and link their suggestions to them."""
    wanted = {pk for draft in drafts for pk in draft.suggestion_ids}
    found = set(Suggestion.objects.filter(org=org, pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError(_("Some suggestions are not this organisation's."))
    themes = []
    for draft in drafts:
        name = draft.name.strip()
        if not name:
            raise ValidationError(_("Every theme needs a name."))
        if not draft.suggestion_ids:
            continue
        theme = Theme.objects.create(
            org=org,
            name=name[:60],
            keywords=",".join(k.strip() for k in draft.keywords if k.strip())[:200],
            accepted_by=actor,
        )
        Suggestion.objects.filter(org=org, pk__in=draft.suggestion_ids).update(theme=theme)
        audit.record(
            org=org,
            actor=actor,
            subject=theme,
            action=AuditEntry.Action.CREATE,
            summary=Msg(
                gettext_noop("Theme “%(name)s” accepted (suggestions: %(count)s)"),
                name=theme.name,
                count=len(draft.suggestion_ids),
            ),
        )
        themes.append(theme)
    return themes


@transaction.atomic
def theme_update(*, theme: Theme, actor, name: str, keywords: list[str]) -> Theme:
    locked = Theme.objects.select_for_update().get(pk=theme.pk, org_id=theme.org_id)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Every theme needs a name.")})
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["name", "keywords"],
        changes={
            "name": name[:60],
            "keywords": ",".join(k.strip() for k in keywords if k.strip())[:200],
        },
    )
    return locked
