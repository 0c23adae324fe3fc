"""A field shown without a visible label keeps its label for screen readers."""

from django import forms
from django.template import Context, Template


def test_a_field_with_a_hidden_label_names_it_for_screen_readers():
    """`core/hidden_label_field.html` (the filters above a list): the label, escaped, is tied to the
    field by its id and hidden only visually, and the field follows it as it would alone."""

    class Filter(forms.Form):
        kind = forms.ChoiceField(label="Kind <&>", choices=[("", "All")], required=False)

    field = Filter(auto_id="id_%s")["kind"]
    html = Template('{% include "core/hidden_label_field.html" %}').render(
        Context({"field": field})
    )
    assert html == (
        '<label class="visually-hidden" for="id_kind">Kind &lt;&amp;&gt;</label>' + str(field)
    )
    assert 'id="id_kind"' in html
