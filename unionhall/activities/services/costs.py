"""An activity's costs. A cost posts to the funds ledger through `funds.services.ledger_post`,
under the activity's budget line and the organisation's budget policy, in the same transaction."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.activities.models import Activity
from unionhall.core.money import validate_amount
from unionhall.funds.models import LedgerEntry
from unionhall.funds.services import ledger_post

# What a cost is for: its memo starts with this.
COST_KINDS = {
    "prize": gettext_lazy("Prizes"),
    "hire": gettext_lazy("Hire of venue or equipment"),
    "transport": gettext_lazy("Transport"),
    "food": gettext_lazy("Meals and drinks"),
    "other": gettext_lazy("Other costs"),
}


# Costs ----------------------------------------------------------------------------------------


@transaction.atomic
def activity_cost_post(
    *, activity: Activity, actor, kind: str, amount: Decimal, date: dt.date, memo: str = ""
) -> LedgerEntry:
    """Post a cost (prizes, hire, transport …) to the funds ledger under the activity's budget
    line. The organisation's budget policy applies: a refusal is a ValidationError from
    `ledger_post`, naming the budget and the overrun."""
    if kind not in COST_KINDS:
        raise ValidationError({"kind": _("Choose what the cost is for.")})
    amount = validate_amount(amount)
    text = _("%(kind)s: %(title)s") % {"kind": COST_KINDS[kind], "title": activity.title}
    if memo.strip():
        text = f"{text} · {memo.strip()}"
    return ledger_post(
        org=activity.org,
        actor=actor,
        category=activity.budget_category,
        amount=amount,
        date=date,
        memo=text,
        source=activity,
    )
