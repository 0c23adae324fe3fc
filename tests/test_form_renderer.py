"""The project's form renderer writes selects and inputs in Python, with exactly the HTML that
Django's own widget templates write (escaping included)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template

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


def test_a_field_with_a_hidden_label_names_it_for_screen_readers():
    """`{{ field|hidden_label }}` (the filters above a list): the label, escaped, is tied to the
    field by its id and hidden only visually, and the field follows it as it would alone."""

    class Filter(forms.Form):
        kind = forms.ChoiceField(label="Kind <&>", choices=[("", "All")], required=False)

    field = Filter(auto_id="id_%s")["kind"]
    html = Template("{% load fields %}{{ field|hidden_label }}").render(Context({"field": field}))
    assert html == (
        '<label class="visually-hidden" for="id_kind">Kind &lt;&amp;&gt;</label>' + str(field)
    )
    assert 'id="id_kind"' in html
