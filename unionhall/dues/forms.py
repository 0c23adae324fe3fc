from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.core.money import MoneyField
from unionhall.dues.models import DuesPolicy

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccountForm(StyledForm, forms.Form):
    base_pay = MoneyField(
        label=_("Base monthly pay"), field=_("The base pay"), allow_zero=True, required=False
    )
    rate = forms.DecimalField(
        label=_("Rate"),
        max_digits=5,
        decimal_places=4,
        min_value=0,
        max_value=Decimal("0.1"),
        required=False,
        help_text=_("Leave empty to use the organisation's default rate."),
    )
    fixed_amount = MoneyField(
        label=_("Fixed monthly dues"),
        field=_("The fixed monthly dues"),
        required=False,
        help_text=_("If set, the member pays this amount instead of a rate of the base pay."),
    )


class CollectForm(StyledForm, forms.Form):
    month = forms.DateField(
        label=_("Month paid for"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    date = forms.DateField(label=_("Date received"), widget=DATE_WIDGET)
    memo = forms.CharField(label=_("Memo"), max_length=200, required=False)


class SettingsForm(StyledForm, forms.Form):
    default_rate = forms.DecimalField(
        label=_("Default rate"),
        max_digits=5,
        decimal_places=4,
        min_value=0,
        max_value=Decimal("0.1"),
        help_text=_("Share of the base pay, e.g. 0.0050 for 0.5%."),
    )
    benefits_need_dues = forms.ChoiceField(
        label=_("Benefits need paid dues"), choices=DuesPolicy.choices
    )
