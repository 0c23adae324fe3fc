"""Writes to the funds ledger. Entries are never changed or deleted: corrections reverse."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unionhall.core import audit
from unionhall.core.models import AuditEntry
from unionhall.funds.models import Category, LedgerEntry

CENT = Decimal("0.01")


def _check_amount(amount: Decimal) -> Decimal:
    if not isinstance(amount, Decimal):
        raise ValidationError(_("The amount must be a decimal number."))
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    if amount != amount.quantize(CENT):
        raise ValidationError(_("The amount has more than two decimal places."))
    return amount


@transaction.atomic
def ledger_post(
    *,
    org,
    actor,
    category: str,
    amount: Decimal,
    date: dt.date,
    memo: str,
    source=None,
) -> LedgerEntry:
    """Post income or an expense. `amount` is given positive; expenses are stored negative."""
    amount = _check_amount(amount)
    if date > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError(_("The date is more than a day in the future."))
    category = Category(category)
    signed = amount if category in Category.income() else -amount
    entry = LedgerEntry.objects.create(
        org=org,
        date=date,
        category=category,
        amount=signed,
        memo=memo[:200],
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        posted_by=actor,
    )
    audit.record(
        org=org,
        actor=actor,
        subject=entry,
        action=AuditEntry.Action.CREATE,
        summary=f"{entry.get_category_display()} {signed}",
    )
    return entry


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, actor, date: dt.date, reason: str) -> LedgerEntry:
    """Cancel an entry with an equal and opposite one. An entry is reversed at most once."""
    locked = LedgerEntry.objects.select_for_update().get(pk=entry.pk, org=entry.org)
    if locked.reverses_id is not None:
        raise ValidationError(_("A reversing entry cannot itself be reversed."))
    if LedgerEntry.objects.filter(reverses=locked).exists():
        raise ValidationError(_("This entry has already been reversed."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the reversal."))
    reversal = LedgerEntry.objects.create(
        org=locked.org,
        date=date,
        category=locked.category,
        amount=-locked.amount,
        memo=(_("Reversal: %(reason)s") % {"reason": reason})[:200],
        reverses=locked,
        source_type=locked.source_type,
        source_id=locked.source_id,
        posted_by=actor,
    )
    audit.record(
        org=locked.org,
        actor=actor,
        subject=reversal,
        action=AuditEntry.Action.CREATE,
        summary=f"{reversal.get_category_display()} {reversal.amount}",
    )
    return reversal
