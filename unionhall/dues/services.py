"""Writes of dues: each atomic, audited; collections post their income to the funds ledger."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, versions
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.money import validate_amount
from unionhall.dues.models import DuesAccount, DuesCollection, DuesPayment, DuesSettings
from unionhall.dues.selectors import settings_for
from unionhall.funds.services import ledger_post
from unionhall.members.models import Member, Status


def _rate(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not (Decimal("0") <= value <= Decimal("0.1")):
        raise ValidationError(
            _("The rate must be between 0 and 0.1; 0.005 means half a per cent of the base pay.")
        )
    return value


@transaction.atomic
def dues_settings_update(
    *, org, actor, default_rate: Decimal, benefits_need_dues: str
) -> DuesSettings:
    current = settings_for(org=org)
    audit.audited_update(
        current,
        org=org,
        actor=actor,
        fields=("default_rate", "benefits_need_dues"),
        changes={"default_rate": _rate(default_rate), "benefits_need_dues": benefits_need_dues},
        summary=Msg(gettext_noop("Dues settings")),
        check=audit.full_clean,
    )
    return current


@transaction.atomic
def dues_account_set(
    *,
    org,
    actor,
    member: Member,
    base_pay: Decimal | None,
    rate: Decimal | None = None,
    fixed_amount: Decimal | None = None,
) -> DuesAccount:
    if member.org_id != org.pk:
        raise ValidationError(_("This member is not on this organisation's register."))
    if base_pay is not None:
        base_pay = validate_amount(base_pay, field=_("The base pay"), allow_zero=True)
    if fixed_amount is not None:
        fixed_amount = validate_amount(fixed_amount, field=_("The fixed monthly dues"))
    rate = _rate(rate)
    if base_pay is None and fixed_amount is None:
        raise ValidationError(_("Enter the base pay or a fixed monthly amount."))
    account, created = DuesAccount.objects.select_for_update().get_or_create(org=org, member=member)
    audit.audited_update(
        account,
        org=org,
        actor=actor,
        fields=("base_pay", "rate", "fixed_amount"),
        changes={"base_pay": base_pay, "rate": rate, "fixed_amount": fixed_amount},
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("Dues of %(name)s"), name=member.name),
        created=created,
    )
    return account


@transaction.atomic
def dues_collect(
    *,
    org,
    actor,
    period: dt.date,
    date: dt.date,
    members: list[Member],
    memo: str = "",
) -> DuesCollection:
    """Record that `members` paid their dues for the month of `period`; post the total as income.

    Every member must be in service, have dues set and not have paid that month already;
    otherwise nothing is recorded.
    """
    period = period.replace(day=1)
    if date > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(_("The date is more than a day in the future."))
    if not members:
        raise ValidationError(_("Choose at least one member who paid."))
    default_rate = settings_for(org=org).default_rate
    accounts = {
        a.member_id: a
        for a in DuesAccount.objects.filter(org=org, member__in=[m.pk for m in members])
    }
    already = set(
        DuesPayment.objects.filter(org=org, period=period, member__in=members).values_list(
            "member__name", flat=True
        )
    )
    if already:
        raise ValidationError(
            _("Already paid for %(month)s: %(names)s.")
            % {"month": f"{period:%Y-%m}", "names": "、".join(sorted(already))}
        )
    rows = []
    for member in members:
        if member.org_id != org.pk:
            raise ValidationError(_("This member is not on this organisation's register."))
        if member.status != Status.ACTIVE:
            raise ValidationError(
                _("%(name)s is not in service and pays no dues.") % {"name": member.name}
            )
        account = accounts.get(member.pk)
        monthly = account.monthly_dues(default_rate) if account else None
        if not monthly:
            raise ValidationError(
                _("%(name)s has no dues set: enter the base pay or a fixed amount first.")
                % {"name": member.name}
            )
        rows.append((member, monthly))
    total = sum((amount for _m, amount in rows), Decimal("0"))
    collection = audit.audited_create(
        DuesCollection(
            org=org,
            period=period,
            date=date,
            total=total,
            memo=memo[:200],
            recorded_by=actor,
        ),
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("Dues for %(month)s: %(total)s from %(n)d members"),
            month=f"{period:%Y-%m}",
            total=total,
            n=len(rows),
        ),
    )
    try:
        with transaction.atomic():
            DuesPayment.objects.bulk_create(
                DuesPayment(org=org, collection=collection, member=m, period=period, amount=a)
                for m, a in rows
            )
            versions.bump(org.pk, "dues")  # a bulk insert sends no signal
    except IntegrityError:
        raise ValidationError(
            _("Someone recorded some of these payments at the same time. Reload and try again.")
        ) from None
    collection.ledger_entry = ledger_post(
        org=org,
        actor=actor,
        category="income_dues",
        amount=total,
        date=date,
        memo=_("Dues for %(month)s, %(n)d members") % {"month": f"{period:%Y-%m}", "n": len(rows)},
        source=collection,
    )
    collection.save(update_fields=["ledger_entry"])
    return collection
