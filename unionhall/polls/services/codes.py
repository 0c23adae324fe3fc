"""One-time voting codes: issuing them per class and voiding them."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.polls.models import Mode, Poll, VoteCode
from unionhall.polls.services.guards import _same_org
from unionhall.polls.workflow import State

# Codes: 8 characters from 30 that cannot be misread (no 0/O, 1/I/L, 2/Z, 5/S): 30⁸ ≈ 6.6×10¹¹.
CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8
MAX_CODES_PER_CLASS = 200


# One-time codes ---------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def code_entry_url(base_url: str, org_code: str, code: str) -> str:
    """The address a slip's QR code opens: the public entry page with the code in the URL's
    fragment (`https://host/p/<org>/polls/#CODE`). A browser never sends the fragment, so no
    server or proxy log ever writes the code; the page reads it from there. `base_url` is the
    scheme and host ("https://school.example")."""
    path = reverse("polls_public:enter", kwargs={"org": org_code})
    return f"{base_url.rstrip('/')}{path}#{code}"


@transaction.atomic
def codes_issue(*, org, actor, poll: Poll, group: str, count: int) -> list[VoteCode]:
    """N random codes for a class. Nothing about who receives them is stored."""
    _same_org(org, poll)
    if poll.mode != Mode.CODES:
        raise ValidationError(_("This poll is not voted with codes."))
    if poll.state not in (State.DRAFT, State.OPEN):
        raise ValidationError(_("Codes are issued before the poll closes."))
    group = group.strip()
    if not group:
        raise ValidationError({"group": _("Name the class the codes are for.")})
    if not 1 <= count <= MAX_CODES_PER_CLASS:
        raise ValidationError(
            {
                "count": _("Issue between 1 and %(max)s codes a class.")
                % {"max": MAX_CODES_PER_CLASS}
            }
        )
    taken = set(VoteCode.objects.filter(org=org).values_list("code", flat=True))
    fresh: set[str] = set()
    while len(fresh) < count:
        code = new_code()
        if code not in taken:
            fresh.add(code)
    codes = VoteCode.objects.bulk_create(
        VoteCode(org=org, poll=poll, group=group, code=code) for code in sorted(fresh)
    )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(count)s codes issued for %(group)s"), count=count, group=group),
    )
    return codes


@transaction.atomic
def codes_void(*, org, actor, poll: Poll, group: str | None = None) -> int:
    """Void the unused codes (of one class, or of every class); returns how many."""
    _same_org(org, poll)
    unused = poll.codes.filter(voided=False, voted__isnull=True)
    if group:
        unused = unused.filter(group=group)
    count = unused.update(voided=True)
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(count)s unused codes voided"), count=count),
    )
    return count
