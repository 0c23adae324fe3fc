"""Submitting a suggestion online, or typing in a batch from the paper box.

Anonymity: for an anonymous suggestion no row written here names or references its author: the
suggestion's `author` is NULL, the audit entry's `actor` is NULL and its summary says only
"anonymous", and nothing is logged. Nor does the database's own bookkeeping order them: an
online anonymous suggestion is written in a transaction of its own that rewrites the day's
anonymous suggestions in random order (`_stir`). An anonymous suggestion from the paper box is
typed in by an officer: the audit names that officer (who is not its author), never the
writer."""

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment
from unionhall.voice.models import Category, Suggestion

# Suggestions are numbered at random within this range (see _submit).
SUGGESTION_NUMBERS = range(10_000_000, 100_000_000)


def new_form_token() -> str:
    """A one-time token for a submission form; only its hash is ever stored."""
    return secrets.token_urlsafe(24)


def _key(token: str) -> str:
    if not token or len(token) > 100:
        raise ValidationError(_("The form has expired: reload the page and submit again."))
    return hashlib.sha256(token.encode()).hexdigest()


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
    if result.created and anonymous and not from_paper:
        _stir(org=org, day=result.suggestion.submitted_on)
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


def _stir(*, org, day: dt.date) -> int:
    """Write again, one by one in random order, every suggestion with no author (anonymous,
    or from the public link) received by `org` on `day`, in the transaction that has just
    written a new one; returns how many.

    On PostgreSQL a row's `xmin` is the transaction that wrote it, and its `ctid` its place on
    disk: left alone, both would run in the order the suggestions came, to be set beside the
    writers' sessions, audit rows and rate-limit buckets. Rewritten like this, the day's
    anonymous suggestions all carry the xmin of the latest one's transaction and sit in a
    random order, so neither tells which came when, or which of them that latest one was (the
    day itself is in `submitted_on`). Nothing else is written in that transaction: no audit row,
    no bucket, no session. Until VACUUM, PostgreSQL keeps the rows' previous versions in its
    files (not in what a query or `manage.py backup` reads); SQLite keeps no such order: a
    suggestion's rowid is its random number."""
    pks = list(
        Suggestion.objects.filter(org=org, submitted_on=day, author__isnull=True).values_list(
            "pk", flat=True
        )
    )
    secrets.SystemRandom().shuffle(pks)
    for pk in pks:
        Suggestion.objects.filter(pk=pk).update(submitted_on=F("submitted_on"))
    return len(pks)


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
    anonymous writer), and the day it was put in the box. `channel` says who wrote it: a staff
    member (the default), a parent, a student or a member of the public (校长信箱); for the
    last three, `name` is the name they signed with, if any (never a login)."""

    text: str
    category: Category | None
    writer: Member | None
    submitted_on: dt.date | None
    title: str = ""
    channel: str = Suggestion.Channel.MEMBER
    name: str = ""

    @property
    def source_label(self) -> str:
        return Suggestion.Channel(self.channel).label


# The column a batch refusal names (as the batch page labels it), by the service field.
BATCH_FIELDS = {
    "body": gettext_noop("Text"),
    "title": gettext_noop("Text"),
    "category": gettext_noop("Category"),
    "on_behalf_of": gettext_noop("Writer"),
    "submitted_on": gettext_noop("Date"),
    "channel": gettext_noop("From"),
    "public_name": gettext_noop("Name"),
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
            if row.category is None:
                raise ValidationError(
                    {"category": _("Choose the category, for this row or for the whole box.")}
                )
            if row.submitted_on is None:
                raise ValidationError(
                    {"submitted_on": _("Give the day the box was opened, or this row's date.")}
                )
            if row.channel == Suggestion.Channel.MEMBER:
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
            else:
                result = _paper_public(org=org, clerk=actor, token=f"{token}:{n}", row=row)
        except ValidationError as error:
            errors.extend(_row_errors(n, error))
        else:
            stored.append(result.suggestion)
    if errors:
        raise ValidationError(errors)
    if dry_run:
        transaction.set_rollback(True)
    return stored


def _paper_public(*, org, clerk, token: str, row: PaperSuggestion) -> Submitted:
    """A paper suggestion from a parent, a student or a member of the public: no author, the
    name they signed with (if any) kept as given; the audit names the officer who typed it."""
    _paper_writer(org=org, clerk=clerk, writer=None, anonymous=True)  # may this officer type?
    if row.channel not in Suggestion.Channel.values:
        raise ValidationError({"channel": _("Say who wrote it: staff, parent, student or public.")})
    if row.writer is not None:
        raise ValidationError(
            {"on_behalf_of": _("Only a staff member's suggestion names a member as its writer.")}
        )
    name = row.name.strip()
    if len(name) > 30:
        raise ValidationError({"public_name": _("A name given is at most 30 characters.")})
    result = _submit(
        org=org,
        token=token,
        fields={
            "category": row.category,
            "title": row.title.strip() or paper_title(row.text),
            "body": row.text.strip(),
            "channel": row.channel,
            "author": None,
            "public_name": name,
            "show_name": False,
        },
        submitted_on=row.submitted_on,
    )
    if result.created:
        label = Suggestion.Channel(row.channel).label
        audit.record(
            org=org,
            actor=clerk,
            subject=result.suggestion,
            action=AuditEntry.Action.CREATE,
            summary=Msg(gettext_noop("Suggestion received (%(source)s)"), source=label),
        )
        audit.record_typed_on_behalf(
            org=org,
            clerk=clerk,
            subject=result.suggestion,
            person=name or Msg(gettext_noop("a writer who gave no name")),
            happened=result.suggestion.submitted_on,
        )
    return result


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
