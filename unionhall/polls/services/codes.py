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


def code_entry_url(base_url_or_request, org_code: str, code: str) -> str:
    """The URL a code slip's QR encodes: the code entry page with the code in the URL's
    fragment, `https://<host>/p/<org>/polls/#<CODE>`. A browser never sends the fragment to the
    server, so the code is in no access log; the page's script (polls/code.js) moves it into the
    form, clears it from the address bar and posts it. `base_url_or_request` is the site's base
    URL ("https://host") or a request to take it from."""
    path = reverse("polls_public:enter", kwargs={"org": org_code})
    if isinstance(base_url_or_request, str):
        url = base_url_or_request.rstrip("/") + path
    else:
        url = base_url_or_request.build_absolute_uri(path)
    return f"{url}#{code}"


def normalised_code(typed: str) -> str:
    """A code as typed or scanned: upper case, without spaces or dashes between its letters."""
    return "".join(ch for ch in typed if ch not in " -\t\u3000").upper()


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
def codes_issue_for_classes(
    *, org, actor, poll: Poll, groups: list[str], count: int
) -> list[VoteCode]:
    """`count` codes for each of `groups` (the classes ticked, or every class on the list), all
    or none: a class that cannot get them refuses the lot."""
    issued = []
    for group in groups:
        issued += codes_issue(org=org, actor=actor, poll=poll, group=group, count=count)
    return issued


def unused_codes_by_class(poll: Poll) -> list[tuple[str, int]]:
    """The unused, unvoided codes per class: what voiding would void (the confirmation)."""
    from django.db.models import Count

    rows = (
        poll.codes.filter(voided=False, voted__isnull=True)
        .values("group")
        .annotate(n=Count("id"))
        .order_by("group")
    )
    return [(row["group"], row["n"]) for row in rows]


@transaction.atomic
def codes_void(*, org, actor, poll: Poll, group: str | None = None) -> int:
    """Void the unused codes (of one class, or of every class); returns how many. Refused while
    voting is open: a voter holding one of those slips would be turned away mid-vote."""
    _same_org(org, poll)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state == State.OPEN:
        raise ValidationError(
            _(
                "Codes cannot be voided while voting is open: a voter may still be using them. "
                "Close the poll first."
            )
        )
    unused = poll.codes.filter(voided=False, voted__isnull=True)
    if group:
        unused = unused.filter(group=group)
    count = unused.update(voided=True)
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(count)s unused codes voided"), count=count)
        if not group
        else Msg(
            gettext_noop("%(count)s unused codes of %(group)s voided"), count=count, group=group
        ),
    )
    return count
