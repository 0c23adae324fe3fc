"""core/money.py: the one cent, rounding, checking, form field, filter and formatter."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from unionhall.core.money import (
    CENT,
    LARGEST,
    MoneyField,
    format_money,
    quantize,
    validate_amount,
)
from unionhall.reports.build import format_value

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, Decimal("0.00")),
        (0, Decimal("0.00")),
        (12, Decimal("12.00")),
        ("12.5", Decimal("12.50")),
        (Decimal("2.675"), Decimal("2.68")),  # half up, not half to even
        (Decimal("2.665"), Decimal("2.67")),
        (Decimal("-2.675"), Decimal("-2.68")),
        (0.009999999999999981, Decimal("0.01")),  # SQLite's float sum of 0.01 + 2.02 − 2.02
        (2.675, Decimal("2.68")),  # a float is read as it is written, not as its binary value
    ],
)
def test_it_quantises_whatever_an_aggregate_returns_to_the_cent(value, expected):
    assert quantize(value) == expected
    assert quantize(value).as_tuple().exponent == CENT.as_tuple().exponent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.5"), "1,234.50"),
        (Decimal("0"), "0.00"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("-50"), "-50.00"),
        (Decimal("9999999999.99"), "9,999,999,999.99"),
        (200, "200.00"),
        (None, "0.00"),
    ],
)
def test_the_formatter_writes_thousands_and_two_places(value, expected):
    assert format_money(value) == expected


def test_the_summary_and_the_docx_write_amounts_with_the_same_formatter():
    assert format_value(Decimal("12345.6")) == format_money(Decimal("12345.6")) == "12,345.60"
    assert format_value({"Activities": Decimal("1200")}) == "Activities 1,200.00"


@pytest.mark.parametrize(
    ("template", "context", "expected"),
    [
        ("{{ x|money }}", {"x": Decimal("1234.5")}, "1,234.50"),
        ("{{ x|money }}", {"x": "88"}, "88.00"),
        ("{{ x|money }}", {"x": None}, ""),
        ("{{ x|money }}", {"x": "not a number"}, ""),
        ('{{ x|money|default:"—" }}', {"x": None}, "—"),
        ('{{ x|money|default:"—" }}', {"x": Decimal("0")}, "0.00"),
    ],
)
def test_the_template_filter_prints_amounts_one_way(template, context, expected):
    rendered = Template("{% load money %}" + template).render(Context(context))
    assert rendered == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (Decimal("-5"), {}, "The amount must be more than zero."),
        (Decimal("0"), {}, "The amount must be more than zero."),
        (Decimal("-5"), {"allow_zero": True}, "The amount must be zero or more."),
        (Decimal("10.005"), {}, "The amount has more than two decimal places."),
        (Decimal("100.01"), {"ceiling": Decimal("100")}, "The amount is larger than 100.00."),
        (LARGEST + CENT, {}, "The amount is larger than 9,999,999,999.99."),
        (Decimal("1E+40"), {}, "The amount is larger than 9,999,999,999.99."),
        ("12", {}, "The amount must be a decimal number."),
        (12.5, {}, "The amount must be a decimal number."),
        (None, {}, "The amount must be a decimal number."),
        (Decimal("NaN"), {}, "The amount must be a decimal number."),
        (Decimal("-3"), {"field": "The base pay"}, "The base pay must be more than zero."),
    ],
)
def test_validation_names_the_field_and_the_rule_broken(value, kwargs, message):
    with pytest.raises(ValidationError) as refused:
        validate_amount(value, **kwargs)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (Decimal("12.5"), {}, Decimal("12.50")),
        (7, {}, Decimal("7.00")),
        (Decimal("0"), {"allow_zero": True}, Decimal("0.00")),
        (Decimal("100"), {"ceiling": Decimal("100")}, Decimal("100.00")),
        (LARGEST, {}, LARGEST),
    ],
)
def test_validation_returns_the_amount_with_two_places(value, kwargs, expected):
    checked = validate_amount(value, **kwargs)
    assert checked == expected
    assert checked.as_tuple().exponent == -2


class PaymentForm(forms.Form):
    amount = MoneyField(label="Amount")
    base_pay = MoneyField(label="Base pay", field="The base pay", allow_zero=True, required=False)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "The amount must be more than zero."),
        ({"amount": "0"}, "amount", "The amount must be more than zero."),
        ({"amount": "1.234"}, "amount", "The amount has more than two decimal places."),
        ({"amount": "abc"}, "amount", "The amount must be a decimal number."),
        ({"amount": "10000000000"}, "amount", "The amount is larger than 9,999,999,999.99."),
        ({"amount": "5", "base_pay": "-1"}, "base_pay", "The base pay must be zero or more."),
    ],
)
def test_the_form_field_says_what_is_wrong_like_the_service(data, field, message):
    form = PaymentForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_the_form_field_accepts_an_amount_and_allows_zero_where_asked():
    form = PaymentForm({"amount": "1234.5", "base_pay": "0"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("1234.50"), "base_pay": Decimal("0")}
    assert 'step="0.01"' in str(form["amount"]) and 'min="0.01"' in str(form["amount"])
