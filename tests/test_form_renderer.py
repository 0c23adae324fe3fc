"""The project's form renderer writes selects and inputs in Python, with exactly the HTML that
Django's own widget templates write (escaping included)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from unionhall.core.forms import FormRenderer


class Everything(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "All <kinds>"), ("Group & co", [("1", "one"), ("2", 'two & "2"')])],
        required=False,
    )
    text = forms.CharField(
        initial='say "hi"', widget=forms.TextInput(attrs={"placeholder": "<p>", "class": "x"})
    )
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two")], initial=["2"])
    number = forms.IntegerField()
    hidden = forms.CharField(widget=forms.HiddenInput, initial="<token>")
    flag = forms.NullBooleanField()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"choice": "2", "text": "<b>", "date": "2025-09-10", "many": ["1", "2"], "number": "3"},
    ],
)
def test_every_field_is_written_as_django_writes_it(data):
    django_form = Everything(data, renderer=DjangoTemplates())
    our_form = Everything(data, renderer=FormRenderer())
    for name in Everything.base_fields:
        assert str(our_form[name]) == str(django_form[name]), name
