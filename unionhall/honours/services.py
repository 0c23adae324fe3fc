"""Writes of the honours register: record, correct, withdraw. Each is atomic and audited.

Other apps record their winners through `honour_record`:

    honour_record(
        org=org, actor=actor, member=winner,              # or department=, team_name=, union=True
        title="青年教师教学比武", level=Level.SCHOOL, rank=Rank.FIRST,
        body="某某学校工会", awarded_on=day,
        source=Source.COMPETITION, source_record=result,  # the row that wrote it
    )

Exactly one holder: `member` (an individual), `department`, `team_name` (a team or other
collective, with its `team_members` if they are known) or `union=True` (the union itself).
"""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, importing
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.images import check_image_or_pdf
from unionhall.honours.models import HolderKind, Honour, Level, Rank, Source
from unionhall.members.models import Member
from unionhall.orgs.models import Department

EVIDENCE_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _holder(
    *,
    org,
    member: Member | None,
    department: Department | None,
    team_name: str,
    team_members: Iterable[Member],
    union: bool,
) -> tuple[str, list[Member]]:
    """The holder's kind once exactly one holder is given and it belongs to this organisation,
    with the team's members (none for other holders)."""
    team_name = team_name.strip()
    given = [member is not None, department is not None, bool(team_name), union]
    if sum(given) != 1:
        raise ValidationError(
            {
                "holder_kind": _(
                    "Name exactly one holder: a member, a department, a team or the union."
                )
            }
        )
    if member is not None and member.org_id != org.pk:
        raise ValidationError({"member": _("This member is not on this organisation's register.")})
    if department is not None and department.org_id != org.pk:
        raise ValidationError({"department": _("This department is not in this organisation.")})
    team = list(team_members) if team_name else []
    if any(m.org_id != org.pk for m in team):
        raise ValidationError(
            {"team_members": _("A team member is not on this organisation's register.")}
        )
    if member is not None:
        return HolderKind.MEMBER, []
    if department is not None:
        return HolderKind.DEPARTMENT, []
    if team_name:
        return HolderKind.TEAM, team
    return HolderKind.UNION, []


def check_evidence(evidence) -> None:
    """An evidence file is a certificate's image or a PDF, at most 10 MB (judged by its name and
    its first bytes; the form stores an image re-encoded)."""
    if not evidence:
        return
    if Path(evidence.name).suffix.lower() not in EVIDENCE_SUFFIXES:
        raise ValidationError(
            {"evidence": _("The evidence must be an image (JPG or PNG) or a PDF file.")}
        )
    if evidence.size and evidence.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The evidence file is larger than 10 MB.")})
    try:
        check_image_or_pdf(evidence)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from None


def _checked(
    *, title: str, level, rank: str, body: str, awarded_on: dt.date
) -> tuple[str, int, str, str]:
    title, body = title.strip(), body.strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the title of the honour.")
    if not body:
        errors["awarding_body"] = _("Name the body that awarded it.")
    try:
        level = Level(int(level))
    except (TypeError, ValueError):
        errors["level"] = _("Choose the level of the honour.")
    if (rank or "") not in Rank.values:
        errors["rank"] = _("Choose a rank, or none.")
    if errors:
        raise ValidationError(errors)
    if awarded_on is None:
        raise ValidationError({"awarded_on": _("Give the date it was awarded.")})
    stated_date(awarded_on, field="awarded_on")
    return title[:200], int(level), rank or "", body[:200]


def _source_link(source_record: models.Model | None) -> dict:
    if source_record is None:
        return {"source_type": None, "source_id": None}
    return {
        "source_type": ContentType.objects.get_for_model(source_record),
        "source_id": source_record.pk,
    }


@transaction.atomic
def honour_record(
    *,
    org,
    actor,
    member: Member | None = None,
    department: Department | None = None,
    team_name: str = "",
    team_members: Iterable[Member] = (),
    union: bool = False,
    title: str,
    level: int,
    rank: str = "",
    body: str,
    awarded_on: dt.date,
    evidence=None,
    note: str = "",
    source: str = Source.HAND,
    source_record: models.Model | None = None,
) -> Honour:
    """Record one honour in the register and return it.

    Refuses with a message naming the field, recording nothing, when the holder is missing or
    not of this organisation, the title or awarding body is empty, the level or rank unknown,
    the date in the future, or the evidence not an image or PDF."""
    holder_kind, team = _holder(
        org=org,
        member=member,
        department=department,
        team_name=team_name,
        team_members=team_members,
        union=union,
    )
    title, level, rank, body = _checked(
        title=title, level=level, rank=rank, body=body, awarded_on=awarded_on
    )
    check_evidence(evidence)
    honour = Honour(
        org=org,
        holder_kind=holder_kind,
        member=member,
        department=department,
        team_name=team_name.strip()[:100] if holder_kind == HolderKind.TEAM else "",
        title=title,
        level=level,
        rank=rank,
        awarding_body=body,
        awarded_on=awarded_on,
        note=note.strip()[:200],
        source=Source(source),
        recorded_by=actor,
        **_source_link(source_record),
    )
    if evidence:
        honour.evidence = evidence
    audit.audited_create(
        honour,
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("Honour recorded: %(holder)s, %(title)s (%(level)s)"),
            holder=honour.holder_shown,
            title=title,
            level=Level(level).label,
        ),
    )
    if team:
        honour.team_members.set(team)
    return honour


@transaction.atomic
def honour_correct(
    *,
    honour: Honour,
    actor,
    member: Member | None = None,
    department: Department | None = None,
    team_name: str = "",
    team_members: Iterable[Member] = (),
    union: bool = False,
    title: str,
    level: int,
    rank: str = "",
    body: str,
    awarded_on: dt.date,
    evidence=None,
    note: str = "",
) -> Honour:
    """Correct an honour's details (all of them given, as the form shows them); the history
    keeps old → new. A new evidence file replaces the old one; None keeps it."""
    honour = Honour.objects.select_for_update().get(pk=honour.pk, org=honour.org)
    if honour.is_withdrawn:
        raise ValidationError(_("This honour has been withdrawn; it can no longer be changed."))
    org = honour.org
    holder_kind, team = _holder(
        org=org,
        member=member,
        department=department,
        team_name=team_name,
        team_members=team_members,
        union=union,
    )
    title, level, rank, body = _checked(
        title=title, level=level, rank=rank, body=body, awarded_on=awarded_on
    )
    check_evidence(evidence)
    changes = {
        "holder_kind": holder_kind,
        "member": member,
        "department": department,
        "team_name": team_name.strip()[:100] if holder_kind == HolderKind.TEAM else "",
        "title": title,
        "level": level,
        "rank": rank,
        "awarding_body": body,
        "awarded_on": awarded_on,
        "note": note.strip()[:200],
    }
    if evidence:
        changes["evidence"] = evidence
    audit.audited_update(
        honour,
        org=org,
        actor=actor,
        fields=Honour.TRACKED_FIELDS,
        changes=changes,
        summary=Msg(gettext_noop("Honour corrected")),
    )
    honour.team_members.set(team)
    return honour


@transaction.atomic
def honour_withdraw(*, honour: Honour, actor, reason: str) -> Honour:
    """Withdraw an honour recorded in error or revoked: kept for the record, no longer counted."""
    honour = Honour.objects.select_for_update().get(pk=honour.pk, org=honour.org)
    if honour.is_withdrawn:
        raise ValidationError(_("This honour has already been withdrawn."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    audit.audited_update(
        honour,
        org=honour.org,
        actor=actor,
        fields=("withdraw_reason",),
        changes={
            "withdrawn_at": timezone.now(),
            "withdraw_reason": reason[:200],
            "withdrawn_by": actor,
        },
        summary=Msg(gettext_noop("Honour withdrawn: %(reason)s"), reason=reason),
    )
    return honour


def honours_withdraw_written_by(*, source_record: models.Model, actor, reason: str) -> int:
    """Withdraw every honour a record wrote (a competition's results taken back); returns how
    many."""
    found = Honour.objects.filter(
        source_type=ContentType.objects.get_for_model(source_record),
        source_id=source_record.pk,
        withdrawn_at__isnull=True,
    )
    count = 0
    for honour in found:
        honour_withdraw(honour=honour, actor=actor, reason=reason)
        count += 1
    return count


@transaction.atomic
def honours_import(*, org, actor, batch, rows: list[dict]) -> list[Honour]:
    """Record every parsed row of an import, or none: the caller parsed them with no errors
    (`importer.HonoursParser`). Each honour links to the import it came from."""
    batch = importing.batch_lock(batch)
    recorded = [
        honour_record(org=org, actor=actor, source=Source.IMPORT, source_record=batch, **row)
        for row in rows
    ]
    importing.batch_imported(batch, count=len(recorded))
    return recorded
