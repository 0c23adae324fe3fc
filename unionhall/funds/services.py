"""Writes to the funds ledger. Entries are never changed or deleted: corrections reverse.

Every posting locks the organisation's `FundsAccount` row first (select_for_update), so two
treasurers posting at the same moment are checked against the budget one after the other and
neither sees a stale "already spent" figure.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.images import check_image_or_pdf
from unionhall.core.models import AuditEntry
from unionhall.core.money import format_money, quantize, validate_amount
from unionhall.funds.models import (
    BudgetFlag,
    BudgetLine,
    BudgetPolicy,
    Category,
    FundsAccount,
    LedgerEntry,
    OpeningBalance,
    Receipt,
)

RECEIPT_MAX_BYTES = 10 * 1024 * 1024
RECEIPT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".webp", ".heic", ".gif", ".bmp", ".tif")


def _check_date(date: dt.date) -> dt.date:
    if not isinstance(date, dt.date):
        raise ValidationError(_("The date is missing."), code="date")
    if isinstance(date, dt.datetime):
        date = date.date()
    latest = timezone.localdate() + dt.timedelta(days=1)
    if date > latest:
        raise ValidationError(
            _("The date %(date)s is more than a day in the future.") % {"date": date.isoformat()},
            code="date",
        )
    return date


def _check_category(category: str) -> Category:
    try:
        return Category(category)
    except ValueError:
        raise ValidationError(
            _("“%(category)s” is not a ledger category.") % {"category": category},
            code="category",
        ) from None


def _lock_account(org) -> FundsAccount:
    """The organisation's funds account, locked until the end of the current transaction."""
    FundsAccount.objects.get_or_create(org=org)
    return FundsAccount.objects.select_for_update().get(org=org)


def spent_in_year(*, org, category: str, year: int) -> Decimal:
    """What has been spent on one expense category in a calendar year (reversals deducted)."""
    total = LedgerEntry.objects.filter(
        org=org,
        category=category,
        date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ).aggregate(total=Sum("amount"))["total"]
    return -quantize(total)


def _budget_check(
    *, org, account: FundsAccount, category: Category, amount: Decimal, date: dt.date
) -> tuple[str, str]:
    """("", "") when the expense fits the budget; otherwise the flag and a message naming the
    category, the budget and the overrun. Raises ValidationError when the org refuses."""
    year = date.year
    line = BudgetLine.objects.filter(org=org, year=year, category=category).first()
    if line is None:
        flag = BudgetFlag.NO_BUDGET
        message = _(
            "“%(category)s” has no budget line for %(year)s, so spending %(amount)s on it is "
            "outside the budget."
        ) % {"category": category.label, "year": year, "amount": format_money(amount)}
    else:
        spent = spent_in_year(org=org, category=category, year=year)
        if spent + amount <= line.amount:
            return "", ""
        flag = BudgetFlag.OVER_BUDGET
        message = _(
            "This expense takes “%(category)s” over its %(year)s budget: budget %(budget)s, "
            "already spent %(spent)s, this expense %(amount)s, over by %(overrun)s."
        ) % {
            "category": category.label,
            "year": year,
            "budget": format_money(line.amount),
            "spent": format_money(spent),
            "amount": format_money(amount),
            "overrun": format_money(spent + amount - line.amount),
        }
    if account.budget_policy == BudgetPolicy.REFUSE:
        raise ValidationError(message, code=flag)
    return flag, message


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
    """Post income or an expense. `amount` is given positive; expenses are stored negative.

    An expense outside the year's budget is refused (ValidationError naming the category, the
    budget and the overrun) or posted with a visible flag, as the organisation has chosen.
    """
    category = _check_category(category)
    amount = validate_amount(amount)
    date = _check_date(date)
    memo = (memo or "").strip() or str(category.label)
    account = _lock_account(org)
    flag, note = "", ""
    if category in Category.expense():
        flag, note = _budget_check(
            org=org, account=account, category=category, amount=amount, date=date
        )
    signed = amount if category in Category.income() else -amount
    entry = LedgerEntry(
        org=org,
        date=date,
        category=category,
        amount=signed,
        memo=memo[:200],
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        posted_by=actor,
        budget_flag=flag,
        budget_note=note[:200],
    )
    return audit.audited_create(
        entry,
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("%(category)s %(amount)s %(memo)s"),
            category=Category(category).label,
            amount=signed,
            memo=memo,
        ),
    )


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, actor, date: dt.date, reason: str) -> LedgerEntry:
    """Cancel an entry with an equal and opposite one. An entry is reversed at most once."""
    _lock_account(entry.org)
    locked = LedgerEntry.objects.select_for_update().get(pk=entry.pk, org=entry.org)
    if locked.reverses_id is not None:
        raise ValidationError(_("A reversing entry cannot itself be reversed."), code="reversal")
    if LedgerEntry.objects.filter(reverses=locked).exists():
        raise ValidationError(_("This entry has already been reversed."), code="reversed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the reversal."), code="reason")
    date = _check_date(date)
    if date < locked.date:
        raise ValidationError(
            _("The reversal cannot be dated %(date)s, before the entry it reverses (%(entry)s).")
            % {"date": date.isoformat(), "entry": locked.date.isoformat()},
            code="date",
        )
    try:
        with transaction.atomic():
            reversal = audit.audited_create(
                LedgerEntry(
                    org=locked.org,
                    date=date,
                    category=locked.category,
                    amount=-locked.amount,
                    memo=(_("Reversal: %(reason)s") % {"reason": reason})[:200],
                    reverses=locked,
                    source_type=locked.source_type,
                    source_id=locked.source_id,
                    posted_by=actor,
                ),
                org=locked.org,
                actor=actor,
                summary=Msg(
                    gettext_noop("%(category)s %(amount)s %(memo)s"),
                    category=Category(locked.category).label,
                    amount=-locked.amount,
                    memo=reason,
                ),
            )
    except IntegrityError:
        raise ValidationError(_("This entry has already been reversed."), code="reversed") from None
    audit.record(
        org=locked.org,
        actor=actor,
        subject=locked,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Reversed: %(reason)s"), reason=reason),
    )
    return reversal


def _opening_in_force(org) -> OpeningBalance | None:
    return OpeningBalance.objects.filter(org=org, replaced_by__isnull=True).first()


def _opening_values(amount: Decimal, date: dt.date | None) -> tuple[Decimal, dt.date]:
    amount = validate_amount(amount, field=_("The opening balance"), allow_zero=True)
    if date is None:
        raise ValidationError(_("Give the date of the opening balance."), code="date")
    return amount, stated_date(date, field="date")


@transaction.atomic
def opening_balance_enter(
    *, org, actor, amount: Decimal, date: dt.date, note: str = ""
) -> OpeningBalance:
    """Record the balance of the union funds on the day the ledger starts (期初余额). Entered
    once: a second entry is refused, naming the one in force; use `opening_balance_correct`."""
    _lock_account(org)
    amount, date = _opening_values(amount, date)
    current = _opening_in_force(org)
    if current is not None:
        raise ValidationError(
            _(
                "The opening balance was already entered: %(amount)s yuan on %(date)s. "
                "Correct it, giving the reason, instead of entering it again."
            )
            % {"amount": format_money(current.amount), "date": current.date.isoformat()},
            code="entered",
        )
    return audit.audited_create(
        OpeningBalance(
            org=org, date=date, amount=amount, note=(note or "").strip()[:200], entered_by=actor
        ),
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("Opening balance %(amount)s yuan on %(date)s"),
            amount=format_money(amount),
            date=date.isoformat(),
        ),
    )


@transaction.atomic
def opening_balance_correct(
    *, org, actor, amount: Decimal, date: dt.date, reason: str
) -> OpeningBalance:
    """Replace the opening balance in force with a corrected one. The old one stays in the
    record, marked as replaced; the audit trail has the old and new figures and the reason."""
    _lock_account(org)
    amount, date = _opening_values(amount, date)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."), code="reason")
    current = _opening_in_force(org)
    if current is None:
        raise ValidationError(
            _("No opening balance has been entered yet: enter it first."), code="missing"
        )
    if (current.amount, current.date) == (amount, date):
        raise ValidationError(
            _("The correction gives the same amount and date as the opening balance in force."),
            code="unchanged",
        )
    return audit.audited_create(
        OpeningBalance(
            org=org,
            date=date,
            amount=amount,
            note=reason[:200],
            replaces=current,
            entered_by=actor,
        ),
        org=org,
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("Opening balance corrected: %(reason)s"), reason=reason),
        changes={
            "amount": [format_money(current.amount), format_money(amount)],
            "date": [current.date.isoformat(), date.isoformat()],
        },
    )


def _check_receipt_file(upload) -> None:
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(RECEIPT_EXTENSIONS):
        raise ValidationError(
            _("“%(name)s” is not a PDF or an image; attach receipts as PDF, JPG or PNG files.")
            % {"name": name},
            code="receipt",
        )
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="receipt")
    if size > RECEIPT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; the largest receipt accepted is %(max).0f MB.")
            % {"name": name, "size": size / 1024 / 1024, "max": RECEIPT_MAX_BYTES / 1024 / 1024},
            code="receipt",
        )
    check_image_or_pdf(upload)


@transaction.atomic
def receipts_attach(*, entry: LedgerEntry, actor, files) -> list[Receipt]:
    """Attach scanned receipts to an entry. Either every file is accepted or none is."""
    files = list(files)
    for upload in files:
        _check_receipt_file(upload)
    receipts = []
    for upload in files:
        receipt = Receipt(org=entry.org, entry=entry, name=upload.name[:200], uploaded_by=actor)
        receipt.file.save(upload.name, upload, save=False)
        receipt.save()
        receipts.append(receipt)
        audit.record(
            org=entry.org,
            actor=actor,
            subject=entry,
            action=AuditEntry.Action.EVENT,
            summary=Msg(gettext_noop("Receipt attached: %(name)s"), name=receipt.name),
        )
    return receipts


@transaction.atomic
def receipt_remove(*, receipt: Receipt, actor) -> Receipt:
    """Hide a receipt attached by mistake. The file is kept, and the removal is logged."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk, org=receipt.org)
    if receipt.deleted_at is not None:
        raise ValidationError(_("This receipt has already been removed."), code="removed")
    receipt.deleted_at = timezone.now()
    receipt.deleted_by = actor
    receipt.save(update_fields=["deleted_at", "deleted_by"])
    audit.record(
        org=receipt.org,
        actor=actor,
        subject=receipt.entry,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Receipt removed: %(name)s"), name=receipt.name),
    )
    return receipt


@transaction.atomic
def budget_set(*, org, actor, year: int, amounts: dict[str, Decimal | None]) -> list[BudgetLine]:
    """Set the year's budget: category → amount (None removes nothing; lines are kept)."""
    _lock_account(org)
    existing = {line.category: line for line in BudgetLine.objects.filter(org=org, year=year)}
    changed = []
    for category, amount in amounts.items():
        category = _check_category(category)
        if category not in Category.expense():
            raise ValidationError(
                _("“%(category)s” is not an expense category; only spending is budgeted.")
                % {"category": category.label},
                code="category",
            )
        if amount is None:
            continue
        amount = validate_amount(
            amount,
            field=_("The budget for “%(category)s”") % {"category": category.label},
            allow_zero=True,
        )
        line = existing.get(category)
        if line is not None and line.amount == amount:
            continue
        summary = Msg(
            gettext_noop("%(year)s %(category)s %(amount)s"),
            year=year,
            category=category.label,
            amount=format_money(amount),
        )
        if line is None:
            line = audit.audited_create(
                BudgetLine(org=org, year=year, category=category, amount=amount),
                org=org,
                actor=actor,
                summary=summary,
                changes={"amount": ["", format_money(amount)]},
            )
        else:
            audit.audited_update(
                line,
                org=org,
                actor=actor,
                fields=("amount",),
                changes={"amount": amount},
                summary=summary,
                shown={"amount": format_money},
            )
        changed.append(line)
    return changed


@transaction.atomic
def budget_policy_set(*, org, actor, policy: str) -> FundsAccount:
    try:
        policy = BudgetPolicy(policy)
    except ValueError:
        raise ValidationError(
            _("“%(policy)s” is not a budget rule.") % {"policy": policy}, code="policy"
        ) from None
    account = _lock_account(org)
    audit.audited_update(
        account,
        org=org,
        actor=actor,
        fields=["budget_policy"],
        changes={"budget_policy": policy},
        summary=Msg(policy.label),
    )
    return account
