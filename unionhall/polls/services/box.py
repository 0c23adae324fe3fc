"""The sealed ballot box of a poll voted online or with codes: the key holders' passphrases, the
box sealed at opening, and the box opened at the count.

The key ceremony (docs/ballot-box.md): before the poll opens, each key holder (the poll's
scrutineers, 监票人) sets an opening passphrase; at opening the poll's private key is split so
that any `key_threshold` (2) of them rebuild it, each share sealed to one holder's passphrase;
at the count two holders type their passphrases, the box is opened, shuffled and written out as
ordinary ballots in random order, and the sealed rows are deleted. The server never stores the
poll's private key nor a passphrase.
"""

import json
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, versions
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.orgs.capabilities import allows
from unionhall.polls import sealing
from unionhall.polls.models import Answer, Ballot, Poll, Scrutineer, SealedBallot
from unionhall.polls.services.guards import _locked, _roles
from unionhall.polls.workflow import State

PASSPHRASE_MIN_LENGTH = 10
DEFAULT_THRESHOLD = 2


def threshold_of(poll: Poll) -> int:
    """How many key holders open the box together (the poll rule `key_threshold`, at least 2)."""
    return max(DEFAULT_THRESHOLD, int(poll.rules.get("key_threshold") or DEFAULT_THRESHOLD))


def _sealed_mode(poll: Poll) -> None:
    if not poll.is_sealed:
        raise ValidationError(
            _("This poll is counted on paper: its ballot box is not sealed and has no key holders.")
        )


def _passphrase_refusal(passphrase: str, username: str) -> str:
    if len(passphrase.strip()) < PASSPHRASE_MIN_LENGTH:
        return _(
            "The opening passphrase must have at least %(count)s characters: a short sentence "
            "only you know is easy to remember and hard to guess."
        ) % {"count": PASSPHRASE_MIN_LENGTH}
    if passphrase.strip().casefold() == (username or "").casefold():
        return _("The opening passphrase cannot be your login name.")
    return ""


@transaction.atomic
def key_holder_set(*, org, actor, poll: Poll, passphrase: str) -> Scrutineer:
    """A key holder (one of the poll's scrutineers) sets or changes their opening passphrase,
    before the poll opens. Only a salt and the public key it gives are stored."""
    poll = _locked(org, poll)
    _sealed_mode(poll)
    holder = Scrutineer.objects.filter(org=org, poll=poll, user=actor).first()
    if holder is None:
        raise ValidationError(
            _("Only this poll's key holders (its scrutineers) set an opening passphrase.")
        )
    if poll.state != State.DRAFT:
        raise ValidationError(
            _("Opening passphrases are set before the poll opens: the box is already sealed.")
        )
    refusal = _passphrase_refusal(passphrase, actor.get_username())
    if refusal:
        raise ValidationError({"passphrase": refusal})
    salt = sealing.new_salt()
    key = sealing.holder_key(passphrase, salt)
    holder.key_salt = salt
    holder.key_public = bytes(key.public_key)
    holder.key_set_at = timezone.now()
    holder.key_share = None
    holder.save(update_fields=["key_salt", "key_public", "key_set_at", "key_share"])
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Opening passphrase set by %(name)s"), name=holder.name),
    )
    return holder


def key_holders(poll: Poll):
    """The scrutineers who have set an opening passphrase, in the order they were named."""
    return poll.scrutineers.filter(key_public__isnull=False).order_by("id")


def seal_at_opening(poll: Poll) -> None:
    """At opening (the poll row locked by the caller): a fresh key pair, its public key on the
    poll, its private key split among the key holders and forgotten. Refused, with the rule,
    when fewer than the threshold of key holders have set a passphrase."""
    holders = list(key_holders(poll))
    threshold = threshold_of(poll)
    if len(holders) < threshold:
        raise ValidationError(
            _(
                "A poll voted online or with codes is sealed: at least %(threshold)s key holders "
                "(scrutineers) must set their opening passphrase on the poll's page before it "
                "opens. %(count)s have so far."
            )
            % {"threshold": threshold, "count": len(holders)}
        )
    key = sealing.new_poll_key()
    points = sealing.split(bytes(key), shares=len(holders), threshold=threshold)
    for holder, point in zip(holders, points, strict=True):
        holder.key_share = sealing.seal(holder.key_public, sealing.share_to_bytes(point))
    Scrutineer.objects.bulk_update(holders, ["key_share"])
    poll.public_key = bytes(key.public_key)
    poll.box_opened_at = None
    del key


def unseal_at_draft(poll: Poll) -> None:
    """Back to draft (no one has voted): the shares and the public key are dropped."""
    poll.scrutineers.update(key_share=None)
    poll.public_key = None


def _holders_key(poll: Poll, holders: list[Scrutineer], passphrases: Mapping[int, str]):
    points = []
    for holder in holders:
        key = sealing.holder_key(passphrases[holder.pk], holder.key_salt)
        if bytes(key.public_key) != bytes(holder.key_public) or not holder.key_share:
            raise ValidationError(
                _("The passphrase of %(name)s is wrong: the box was not opened.")
                % {"name": holder.name}
            )
        points.append(sealing.share_from_bytes(sealing.unseal(key, holder.key_share)))
    try:
        secret = sealing.combine(points)
    except sealing.SealingError:
        secret = b""
    if not secret or bytes(sealing.PrivateKey(secret).public_key) != bytes(poll.public_key):
        raise ValidationError(
            _("These shares do not rebuild the poll's key: the box was not opened.")
        )
    return sealing.PrivateKey(secret)


@transaction.atomic
def box_open(*, org, actor, poll: Poll, passphrases: Mapping[int, str]) -> int:
    """Open the sealed box at the count with the passphrases of `key_threshold` key holders
    ({scrutineer id: passphrase}): rebuild the poll's key in memory, open every ballot, shuffle
    them, write them as ballots in that random order, and delete the sealed rows, in one
    transaction. Returns how many ballots were opened. A wrong passphrase changes nothing."""
    poll = _locked(org, poll)
    _sealed_mode(poll)
    if actor is not None and not (
        allows(_roles(org, actor), "polls.manage")
        or Scrutineer.objects.filter(org=org, poll=poll, user=actor).exists()
    ):
        raise ValidationError(_("Only the poll's officers and key holders open its ballot box."))
    if poll.box_opened_at is not None:
        raise ValidationError(_("The ballot box of this poll has already been opened."))
    if poll.state != State.CLOSED or not poll.public_key:
        raise ValidationError(_("The ballot box is opened at the count, once the poll is closed."))
    threshold = threshold_of(poll)
    given = {int(pk): p for pk, p in passphrases.items() if p}
    holders = list(key_holders(poll).filter(pk__in=given))
    if len(holders) < threshold:
        raise ValidationError(
            _(
                "The ballot box opens with the passphrases of %(threshold)s different key "
                "holders: choose each holder and type their passphrase."
            )
            % {"threshold": threshold}
        )
    private = _holders_key(poll, holders, given)
    sealed = list(SealedBallot.objects.filter(poll=poll).values_list("box", flat=True))
    opened = [json.loads(sealing.unseal(private, box)) for box in sealed]
    del private
    secrets.SystemRandom().shuffle(opened)
    ballots, answers = [], []
    for content in opened:
        ballot = Ballot(org=org, poll=poll, group=content["g"], valid=content["v"])
        ballots.append(ballot)
        answers += [
            Answer(org=org, ballot=ballot, question_id=q, option_id=o, value=v, text=t)
            for q, o, v, t in content["a"]
        ]
    Ballot.objects.bulk_create(ballots, batch_size=500)
    Answer.objects.bulk_create(answers, batch_size=500)
    SealedBallot.objects.filter(poll=poll).delete()
    versions.bump(poll.org_id, "polls")  # bulk writes send no signal
    poll.box_opened_at = timezone.now()
    poll.save(update_fields=["box_opened_at"])
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Ballot box opened by %(holders)s: %(count)s ballots"),
            holders="、".join(h.name for h in holders),
            count=len(ballots),
        ),
    )
    return len(ballots)


@transaction.atomic
def box_declare_unopenable(*, org, actor, poll: Poll) -> Poll:
    """Fewer key holders than the threshold can give their passphrase: the box cannot be opened,
    and the poll is declared void so that it is held again."""
    poll = _locked(org, poll)
    _sealed_mode(poll)
    if poll.state != State.CLOSED or not poll.box_sealed:
        raise ValidationError(
            _("Only a closed poll whose ballot box is still sealed can be declared unopenable.")
        )
    reason = _(
        "The ballot box cannot be opened: fewer than %(threshold)s key holders have their "
        "passphrase. The poll is void and must be held again."
    ) % {"threshold": threshold_of(poll)}
    audit.audited_update(
        poll,
        org=org,
        actor=actor,
        fields=["void_reason"],
        changes={"void_reason": reason},
        summary=Msg(gettext_noop("Ballot box declared unopenable")),
    )
    return poll
