"""Writes of clubs: creating and editing a club, its members joining and leaving, and paying its
subsidy."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.activities.models import Club, ClubMembership
from unionhall.core import audit
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.money import validate_amount
from unionhall.funds.models import Category, LedgerEntry
from unionhall.funds.services import ledger_post
from unionhall.members.models import Member

# Clubs ----------------------------------------------------------------------------------------

CLUB_FIELDS = ("name", "statute", "founded_on", "annual_subsidy", "closed_on")


def _check_club(club: Club) -> None:
    club.name = (club.name or "").strip()
    if not club.name:
        raise ValidationError({"name": _("Give the club a name.")})
    if Club.objects.filter(org=club.org, name=club.name).exclude(pk=club.pk).exists():
        raise ValidationError(
            {"name": _("There is a club named “%(name)s” already.") % {"name": club.name}}
        )
    if club.annual_subsidy is not None:
        club.annual_subsidy = validate_amount(club.annual_subsidy)


@transaction.atomic
def club_create(
    *,
    org,
    actor,
    name: str,
    statute: str = "",
    founded_on: dt.date | None = None,
    annual_subsidy: Decimal | None = None,
) -> Club:
    club = Club(
        org=org, name=name, statute=statute, founded_on=founded_on, annual_subsidy=annual_subsidy
    )
    _check_club(club)  # before the summary: it trims the name
    return audit.audited_create(club, org=org, actor=actor, summary=club.name)


@transaction.atomic
def club_update(*, club: Club, actor, **changes) -> Club:
    unknown = set(changes) - set(CLUB_FIELDS)
    if unknown:
        raise TypeError(f"club_update: unknown fields {sorted(unknown)}")
    locked = Club.objects.select_for_update().get(pk=club.pk, org=club.org)
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=CLUB_FIELDS,
        changes=changes,
        check=_check_club,
    )
    return locked


@transaction.atomic
def club_member_add(
    *,
    club: Club,
    member: Member,
    actor,
    joined_on: dt.date | None = None,
    role: str = ClubMembership.Role.MEMBER,
) -> ClubMembership:
    """Add a member of the register to a club from `joined_on` (today unless given)."""
    if member.org_id != club.org_id:
        raise ValidationError({"member": _("This member is not on this organisation's register.")})
    joined_on = stated_date(joined_on, field="joined_on")
    if ClubMembership.objects.filter(club=club, member=member, left_on__isnull=True).exists():
        raise ValidationError(
            {"member": _("%(name)s is in %(club)s already.") % {"name": member.name, "club": club}}
        )
    if role not in ClubMembership.Role.values:
        raise ValidationError({"role": _("Choose the member's role in the club.")})
    return audit.audited_create(
        ClubMembership(
            org_id=club.org_id, club=club, member=member, role=role, joined_on=joined_on
        ),
        org=club.org,
        actor=actor,
        subject=club,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("%(name)s joined the club"), name=member.name),
    )


@transaction.atomic
def club_member_leave(
    *, membership: ClubMembership, actor, left_on: dt.date | None = None
) -> ClubMembership:
    """A member leaves a club (the membership is kept, with the day they left)."""
    membership = ClubMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on:
        raise ValidationError(_("%(name)s has left already.") % {"name": membership.member.name})
    left_on = stated_date(left_on, field="left_on")
    if left_on < membership.joined_on:
        raise ValidationError(
            {
                "left_on": _("%(date)s is before the day they joined (%(joined)s).")
                % {
                    "date": left_on.isoformat(),
                    "joined": membership.joined_on.isoformat(),
                }
            }
        )
    audit.audited_update(
        membership,
        org=membership.club.org,
        actor=actor,
        fields=(),
        changes={"left_on": left_on},
        subject=membership.club,
        summary=Msg(gettext_noop("%(name)s left the club"), name=membership.member.name),
    )
    return membership


@transaction.atomic
def club_subsidy_pay(
    *, club: Club, actor, amount: Decimal, date: dt.date, memo: str = ""
) -> LedgerEntry:
    """Pay the club its subsidy from union funds: an expense under staff activities, through
    `ledger_post` (the budget policy applies)."""
    amount = validate_amount(amount)
    text = _("Club subsidy: %(club)s") % {"club": club.name}
    if memo.strip():
        text = f"{text} · {memo.strip()}"
    return ledger_post(
        org=club.org,
        actor=actor,
        category=Category.ACTIVITIES,
        amount=amount,
        date=date,
        memo=text,
        source=club,
    )
