"""Money, in one place: the cent, rounding to it, checking an amount, the form field for one,
and the one way an amount is written (pages through the `money` template filter, the .docx and
exports through `format_money`).

Amounts are `Decimal` with two places, never float. Every amount column in the database is
`max_digits=12, decimal_places=2`, so the largest amount anything can hold is `LARGEST`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_DIGITS = 12
DECIMAL_PLACES = 2
LARGEST = Decimal("9999999999.99")  # MAX_DIGITS digits, DECIMAL_PLACES of them after the point


def quantize(value) -> Decimal:
    """`value` as exact money, rounded half up to the cent.

    Takes what aggregates and inputs hand over: None (a SUM over no rows) is 0.00; int, str and
    Decimal as they are. SQLite adds decimals as floating point (0.01 + 2.02 − 2.02 comes back
    as 0.00999…), so a float is read through its shortest decimal form; the float error of a sum
    over millions of entries stays far below half a cent.
    """
    if value is None:
        value = 0
    elif isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value) -> str:
    """An amount as it is written everywhere, in any language: 1234.5 → "1,234.50"."""
    amount = quantize(value)
    if not amount:
        amount = abs(amount)  # a sum that cancels out is "0.00", never "-0.00"
    return f"{amount:,.2f}"


def validate_amount(
    value,
    *,
    field: str | None = None,
    allow_zero: bool = False,
    ceiling: Decimal = LARGEST,
) -> Decimal:
    """`value` checked as an amount of money and returned as a Decimal with two places.

    An amount is a number (Decimal or int, never float), more than zero (or zero or more with
    `allow_zero`), with at most two decimal places, and no more than `ceiling`. `field` is how
    the messages name it ("The base pay"); by default "The amount".
    """
    field = field or _("The amount")
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(
            _("%(field)s must be a decimal number.") % {"field": field}, code="amount_invalid"
        )
    if value < 0 and allow_zero:
        raise ValidationError(
            _("%(field)s must be zero or more.") % {"field": field}, code="amount_negative"
        )
    if value <= 0 and not allow_zero:
        raise ValidationError(
            _("%(field)s must be more than zero.") % {"field": field}, code="amount_not_positive"
        )
    try:
        exact = value == value.quantize(CENT)
    except InvalidOperation:  # too many digits to quantise: far above any ceiling
        exact = True
    if not exact:
        raise ValidationError(
            _("%(field)s has more than two decimal places.") % {"field": field},
            code="amount_places",
        )
    if value > ceiling:
        raise ValidationError(
            _("%(field)s is larger than %(ceiling)s.")
            % {"field": field, "ceiling": format_money(ceiling)},
            code="amount_ceiling",
        )
    return value.quantize(CENT)


class MoneyField(forms.DecimalField):
    """A form field for an amount: two places, more than zero (or zero or more with
    `allow_zero`), at most `ceiling`; its messages are `validate_amount`'s, naming `field`."""

    def __init__(
        self,
        *,
        field: str | None = None,
        allow_zero: bool = False,
        ceiling: Decimal = LARGEST,
        **kwargs,
    ):
        self.amount_name = field
        self.allow_zero = allow_zero
        self.ceiling = ceiling
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        kwargs.setdefault("min_value", Decimal(0) if allow_zero else CENT)
        kwargs.setdefault("max_value", ceiling)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                _("%(field)s must be a decimal number.")
                % {"field": self.amount_name or _("The amount")},
                code="invalid",
            ) from None

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            validate_amount(
                value, field=self.amount_name, allow_zero=self.allow_zero, ceiling=self.ceiling
            )
