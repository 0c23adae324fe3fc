"""Writes of care visits and care rules. Each is atomic and audited; a visit paid from union
funds posts its expense to the funds ledger in the same transaction."""

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.care.models import (
    CarePhoto,
    CareRecipient,
    CareRule,
    CareVisit,
    Festival,
    Kind,
    Payer,
)
from unionhall.care.rules import dues_breaches, rule_breaches
from unionhall.core import audit, importing, versions
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.money import validate_amount
from unionhall.dues.models import DuesPolicy
from unionhall.funds.models import Category
from unionhall.funds.services import ledger_post, ledger_reverse
from unionhall.members.models import Member, Status
from unionhall.members.selectors import status_on
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment

RULE_FIELDS = (
    "standard_amount",
    "cap",
    "annual_cap",
    "times_per_year",
    "same_illness_once_a_year",
    "cash_allowed",
    "payer",
    "payer_for_retirees",
    "ledger_category",
    "note",
)
EXAMPLE_RULES = Path(__file__).parent / "data" / "rules_anhui_2025.json"


class CareRuleBroken(ValidationError):
    """The visit breaks the organisation's care rules; the chair may override with a reason."""

    def __init__(self, broken: list[str]):
        self.broken = broken
        super().__init__(broken)


def kind_message(visit: CareVisit) -> Msg:
    """The visit's kind (and festival) as the audit trail keeps it, to show in any language."""
    if visit.kind == Kind.FESTIVAL and visit.festival:
        return Msg(
            gettext_noop("%(kind)s · %(festival)s"),
            kind=Kind(visit.kind).label,
            festival=Festival(visit.festival).label,
        )
    return Msg(Kind(visit.kind).label)


def default_category(kind: str) -> str:
    """Hardship support is rights protection (维权支出); other care is staff activities."""
    return Category.RIGHTS if kind == Kind.HARDSHIP else Category.ACTIVITIES


def _may_override(*, org, actor) -> bool:
    roles = frozenset(
        RoleAssignment.objects.filter(user=actor, org=org).values_list("role", flat=True)
    )
    return allows(roles, "care.override")


def _checked_members(
    *, org, kind: str, members: Sequence[Member], date: dt.date
) -> dict[Member, str]:
    """The members, locked, each with their status on the date of the visit, once each is on
    this organisation's register and may be visited on that date."""
    members = list(members)
    if not members:
        raise ValidationError(_("Choose at least one member."))
    if any(m.org_id != org.pk for m in members):
        raise ValidationError(_("This member is not on this organisation's register."))
    # Lock the members so two visits recorded at once cannot both slip under a cap.
    members = list(
        Member.objects.select_for_update()
        .filter(org=org, pk__in=[m.pk for m in members])
        .order_by("pk")
    )
    statuses = {}
    for member in members:
        status = status_on(member, date)
        refusal = not_a_member_on(member, status, kind=kind, date=date)
        if refusal:
            raise ValidationError(refusal)
        statuses[member] = status
    return statuses


def not_a_member_on(member: Member, status: str | None, *, kind: str, date: dt.date) -> str:
    """Why `member` cannot be visited on `date`, naming the dates, or "" when they can."""
    if status is None:
        return _(
            "%(name)s joined the union on %(joined)s; a visit dated %(date)s is before that."
        ) % {
            "name": member.name,
            "joined": f"{member.joined_on:%Y-%m-%d}",
            "date": f"{date:%Y-%m-%d}",
        }
    if status in (Status.TRANSFERRED, Status.DECEASED) and kind != Kind.BEREAVEMENT:
        if member.left_on:
            return _(
                "%(name)s is no longer on the register: they left on %(left)s (%(status)s), "
                "before the visit dated %(date)s. Only a bereavement visit can be recorded."
            ) % {
                "name": member.name,
                "left": f"{member.left_on:%Y-%m-%d}",
                "status": member.get_status_display(),
                "date": f"{date:%Y-%m-%d}",
            }
        return _(
            "%(name)s is no longer on the register (%(status)s); only a bereavement "
            "visit can be recorded."
        ) % {"name": member.name, "status": member.get_status_display()}
    return ""


def retirement_warnings(*, kind: str, members: Sequence[Member], date: dt.date) -> list[str]:
    """A retirement visit is for members who retire near its date: a warning for each member
    whose retirement date is missing or further than CARE_RETIREMENT_WINDOW_DAYS from it."""
    if kind != Kind.RETIREMENT:
        return []
    window = getattr(settings, "CARE_RETIREMENT_WINDOW_DAYS", 180)
    found = []
    for member in members:
        if member.retired_on and abs((member.retired_on - date).days) <= window:
            continue
        found.append(
            _(
                "%(name)s has no retirement date within %(days)d days of %(date)s: check "
                "the member's record."
            )
            % {"name": member.name, "days": window, "date": f"{date:%Y-%m-%d}"}
        )
    return found


def _checked_details(
    *,
    kind: str,
    date: dt.date,
    festival: str,
    illness: str,
    is_cash: bool,
    goods: str,
    discharged_on: dt.date | None,
) -> tuple[str, str]:
    """The festival and the illness as stored, once what the kind of visit needs is there."""
    if kind == Kind.FESTIVAL:
        if not festival:
            raise ValidationError(_("Choose the festival for a festival visit."))
        festival = Festival(festival)
    else:
        festival = ""
    illness = illness.strip()
    if kind == Kind.ILLNESS and not illness:
        raise ValidationError(
            _("Name the illness or hospital stay, so that the same illness is recognised.")
        )
    if not is_cash and not goods.strip():
        raise ValidationError(_("Describe the goods given, or tick “given in cash”."))
    if discharged_on and discharged_on < date:
        raise ValidationError(_("The discharge date is before the visit."))
    return festival, illness


def _checked_rules(
    *,
    org,
    actor,
    rule: CareRule | None,
    kind: str,
    members: Sequence[Member],
    date: dt.date,
    is_cash: bool,
    amount: Decimal,
    illness: str,
    override_reason: str,
    payers: dict[int, str],
) -> tuple[list[str], list[str]]:
    """The rules the visit breaks (allowed only with a reason, by someone who may override)
    and the warnings to show; refuses the visit otherwise. The rules judge what union funds
    pay (`payers`: member id → payer); a share the school's budget pays breaks none."""
    broken = rule_breaches(
        org=org,
        rule=rule,
        kind=kind,
        members=members,
        date=date,
        is_cash=is_cash,
        amount=amount,
        illness=illness,
        payers=payers,
    )
    union_paid = [m for m in members if payers.get(m.pk, Payer.UNION) == Payer.UNION]
    dues_found, policy = dues_breaches(org=org, members=union_paid, date=date)
    warnings: list[str] = []
    if policy == DuesPolicy.REFUSE:
        broken.extend(dues_found)
    else:
        warnings.extend(dues_found)
    if broken:
        if not override_reason:
            raise CareRuleBroken(broken)
        if not _may_override(org=org, actor=actor):
            raise ValidationError([*broken, _("Only the union chair may override the care rules.")])
    return broken, warnings


def payer_on(*, rule: CareRule | None, status: str, stated: str = "") -> str:
    """Who pays for one member: the payer stated for the visit (a paper ledger says who paid),
    else the rule's payer for retirees if the member was retired on the date of the visit, its
    payer for serving staff otherwise; the union without a rule."""
    if stated:
        return Payer(stated)
    if rule is None:
        return Payer.UNION
    return rule.payer_for_retirees if status == Status.RETIRED else rule.payer


def _post_to_ledger(
    *, visit: CareVisit, actor, rule: CareRule | None, members: Sequence[Member]
) -> None:
    """Post the union's share of the visit to the funds ledger as an expense, linked both ways."""
    names = "、".join(m.name for m in members)
    visit.ledger_entry = ledger_post(
        org=visit.org,
        actor=actor,
        category=(rule.ledger_category if rule else "") or default_category(visit.kind),
        amount=visit.union_amount,
        date=visit.date,
        memo=f"{visit.kind_shown}：{names}",
        source=visit,
    )
    visit.save(update_fields=["ledger_entry"])


@transaction.atomic
def care_visit_record(
    *,
    org,
    actor,
    kind: str,
    members: Sequence[Member],
    date: dt.date,
    amount: Decimal,
    is_cash: bool = False,
    goods: str = "",
    festival: str = "",
    illness: str = "",
    relation: str = "",
    discharged_on: dt.date | None = None,
    visitors_text: str = "",
    visitors: Iterable = (),
    note: str = "",
    signed_for: bool = False,
    photos: Iterable = (),
    override_reason: str = "",
    payer: str = "",
    source_import=None,
) -> tuple[CareVisit, list[str]]:
    """Record a visit and return it with any warnings (e.g. dues owed under a 'warn' policy).

    `payer` says who paid for everyone (a paper ledger's 支付方); blank: the care rule decides
    for each member by their status on the date. Refuses with a clear message, recording
    nothing, when the input is wrong or when the visit breaks a care rule (a rule of union
    funds: shares the school's budget pays are not judged by them) and no override reason is
    given by someone who may override.
    """
    kind = Kind(kind)
    amount = validate_amount(amount)
    if payer and payer not in Payer.values:
        raise ValidationError(_("Choose who paid: union funds or the school's budget."))
    if date > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(_("The date is more than a day in the future."))
    statuses = _checked_members(org=org, kind=kind, members=members, date=date)
    members = list(statuses)
    festival, illness = _checked_details(
        kind=kind,
        date=date,
        festival=festival,
        illness=illness,
        is_cash=is_cash,
        goods=goods,
        discharged_on=discharged_on,
    )
    rule = CareRule.objects.filter(org=org, kind=kind).first()
    payers = {m: payer_on(rule=rule, status=status, stated=payer) for m, status in statuses.items()}
    override_reason = override_reason.strip()
    broken, warnings = _checked_rules(
        org=org,
        actor=actor,
        rule=rule,
        kind=kind,
        members=members,
        date=date,
        is_cash=is_cash,
        amount=amount,
        illness=illness,
        override_reason=override_reason,
        payers={m.pk: paid_by for m, paid_by in payers.items()},
    )
    warnings.extend(retirement_warnings(kind=kind, members=members, date=date))
    visit = _write_visit(
        org=org,
        actor=actor,
        rule=rule,
        payers=payers,
        broken=broken,
        override_reason=override_reason,
        kind=kind,
        festival=festival,
        date=date,
        is_cash=is_cash,
        amount=amount,
        goods=goods,
        illness=illness,
        relation=relation,
        discharged_on=discharged_on,
        visitors_text=visitors_text,
        note=note,
        signed_for=signed_for,
        source_import=source_import,
    )
    visitors = list(visitors)
    if visitors:
        visit.visitors.set(visitors)
    for image in photos:
        CarePhoto.objects.create(org=org, visit=visit, image=image)
    return visit, warnings


def _write_visit(
    *,
    org,
    actor,
    rule: CareRule | None,
    payers: dict[Member, str],
    broken: Sequence[str] = (),
    override_reason: str = "",
    kind: str,
    festival: str,
    date: dt.date,
    is_cash: bool,
    amount: Decimal,
    goods: str = "",
    illness: str = "",
    relation: str = "",
    discharged_on: dt.date | None = None,
    visitors_text: str = "",
    note: str = "",
    signed_for: bool = False,
    source_import=None,
    recipients: list | None = None,
) -> CareVisit:
    """Write a visit already checked (members, details and rules): the visit and its audit
    entry, a recipient row for each member (`payers`: member → who pays their share), the
    union's share posted to the ledger, and the override, if any, in the history. With
    `recipients`, the recipient rows are added to that list for the caller to save at once
    (an import saves all its rows' recipients in one go)."""
    members = list(payers)
    union_amount = amount * sum(1 for payer in payers.values() if payer == Payer.UNION)
    visit = CareVisit(
        org=org,
        kind=kind,
        festival=festival,
        date=date,
        is_cash=is_cash,
        amount=amount,
        goods=goods.strip()[:200],
        illness=illness[:100],
        relation=relation.strip()[:50],
        discharged_on=discharged_on,
        visitors_text=visitors_text.strip()[:200],
        note=note,
        signed_for=signed_for,
        payer=Payer.UNION if union_amount else Payer.ADMINISTRATION,
        union_amount=union_amount,
        override_reason=override_reason if broken else "",
        overridden_rules="\n".join(broken),
        overridden_by=actor if broken else None,
        recorded_by=actor,
        source_import=source_import,
    )
    names = "、".join(m.name for m in members)
    audit.audited_create(
        visit,
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("%(kind)s %(amount)s × %(count)s: %(names)s"),
            kind=kind_message(visit),
            amount=amount,
            count=len(members),
            names=names,
        ),
    )
    rows = [
        CareRecipient(org=org, visit=visit, member=m, amount=amount, payer=payers[m])
        for m in members
    ]
    if recipients is None:
        CareRecipient.objects.bulk_create(rows)
        versions.bump(org.pk, "care")  # a bulk insert sends no signal
    else:
        recipients.extend(rows)
    if union_amount:
        _post_to_ledger(visit=visit, actor=actor, rule=rule, members=members)
    if broken:
        audit.record(
            org=org,
            actor=actor,
            subject=visit,
            action=AuditEntry.Action.EVENT,
            summary=Msg(gettext_noop("Care rules overridden: %(reason)s"), reason=override_reason),
            changes={"rules": ["", "\n".join(broken)]},
        )
    return visit


@transaction.atomic
def care_visit_discharge(*, visit: CareVisit, actor, discharged_on: dt.date) -> CareVisit:
    """Note that a member visited in hospital has gone home."""
    visit = CareVisit.objects.select_for_update().get(pk=visit.pk, org=visit.org)
    if visit.kind != Kind.ILLNESS:
        raise ValidationError(_("Only an illness visit has a discharge date."))
    if discharged_on < visit.date:
        raise ValidationError(_("The discharge date is before the visit."))
    if discharged_on > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(_("The date is more than a day in the future."))
    audit.audited_update(
        visit,
        org=visit.org,
        actor=actor,
        fields=["discharged_on"],
        changes={"discharged_on": discharged_on},
        summary=Msg(gettext_noop("Discharged from hospital")),
    )
    return visit


@transaction.atomic
def care_visit_cancel(*, visit: CareVisit, actor, reason: str) -> CareVisit:
    """Cancel a visit recorded in error: kept for the record, its ledger entry reversed."""
    visit = CareVisit.objects.select_for_update().get(pk=visit.pk, org=visit.org)
    if visit.cancelled_at:
        raise ValidationError(_("This visit has already been cancelled."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for cancelling."))
    audit.audited_update(
        visit,
        org=visit.org,
        actor=actor,
        fields=("cancel_reason",),
        changes={"cancelled_at": timezone.now(), "cancel_reason": reason.strip()[:200]},
        summary=Msg(gettext_noop("Cancelled: %(reason)s"), reason=reason),
    )
    if visit.ledger_entry_id:
        ledger_reverse(
            entry=visit.ledger_entry, actor=actor, date=timezone.localdate(), reason=reason
        )
    return visit


@transaction.atomic
def care_rule_save(*, org, actor, kind: str, data: dict) -> CareRule:
    """Create or change the organisation's rule for one kind of visit."""
    kind = Kind(kind)
    rule, created = CareRule.objects.select_for_update().get_or_create(org=org, kind=kind)
    values = {name: data[name] for name in RULE_FIELDS if name in data}
    for name in ("standard_amount", "cap", "annual_cap"):
        value = values.get(name, getattr(rule, name))
        if value is not None:
            if not isinstance(value, Decimal):
                value = Decimal(str(value))
            value = validate_amount(
                value,
                field=capfirst(CareRule._meta.get_field(name).verbose_name),
                allow_zero=True,
            )
            values[name] = value
    if values.get("ledger_category", rule.ledger_category) not in Category.expense():
        raise ValidationError(_("Choose an expense category of the funds ledger."))
    audit.audited_update(
        rule,
        org=org,
        actor=actor,
        fields=RULE_FIELDS,
        changes=values,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("Care rule: %(kind)s"), kind=kind.label),
        created=created,
    )
    return rule


def care_rules_load_example(*, org, actor=None, path: Path = EXAMPLE_RULES) -> list[CareRule]:
    """Load an example rule set (data in a JSON file) for an organisation that has none yet.

    Kinds that already have a rule are left as they are.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    existing = set(CareRule.objects.filter(org=org).values_list("kind", flat=True))
    saved = []
    for row in data["rules"]:
        if row["kind"] in existing:
            continue
        fields = {
            k: (Decimal(v) if k in ("standard_amount", "cap", "annual_cap") else v)
            for k, v in row.items()
            if k != "kind"
        }
        if actor is None:
            saved.append(CareRule.objects.create(org=org, kind=row["kind"], **fields))
        else:
            saved.append(care_rule_save(org=org, actor=actor, kind=row["kind"], data=fields))
    return saved


@transaction.atomic
def care_import(*, org, actor, batch) -> tuple[list[CareVisit], list[str]]:
    """Record every row of a kept care ledger file as a visit, or none.

    The file is checked afresh here, in the transaction that records it, with the register
    locked: the register, the kinds' details and the care rules, each row counting the rows
    before it (`importer.CareLedgerParser`), so what the preview showed still holds when it is
    recorded. Any error refuses the whole file, naming its row and column; so does an expense
    the funds' budget refuses. Each visit links to the import. Returns the visits and the
    warnings, each naming its row."""
    # The importer reads the register and the rules through this module's helpers.
    from unionhall.care.importer import CareLedgerParser

    batch = importing.batch_lock(batch)
    # Lock the register, as a single visit locks its members, so that no visit recorded
    # meanwhile slips a member past a cap the file was checked against.
    list(Member.objects.select_for_update().filter(org=org).order_by("pk").values_list("pk"))
    result = CareLedgerParser(org=org).parse(importing.staged_rows(batch))
    if not result.ok:
        raise ValidationError([str(error) for error in result.errors[:200]])
    visits, warnings, recipients = [], [], []
    rules = {rule.kind: rule for rule in CareRule.objects.filter(org=org)}
    for row in result.rows:
        try:
            visit = _write_visit(
                org=org,
                actor=actor,
                rule=rules.get(row["kind"]),
                payers=row["payers"],
                kind=row["kind"],
                festival=row["festival"],
                date=row["date"],
                is_cash=row["is_cash"],
                amount=row["amount"],
                goods=row["goods"],
                illness=row["illness"],
                note=row["note"],
                source_import=batch,
                recipients=recipients,
            )
        except ValidationError as error:
            raise ValidationError(
                [str(importing.RowError(row["row"], "", message)) for message in error.messages]
            ) from error
        visits.append(visit)
        warnings.extend(
            str(importing.RowError(row["row"], "", warning)) for warning in row["warnings"]
        )
    CareRecipient.objects.bulk_create(recipients, batch_size=500)
    versions.bump(org.pk, "care")  # a bulk insert sends no signal
    importing.batch_imported(batch, count=len(visits))
    return visits, warnings
