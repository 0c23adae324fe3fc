from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.reports.models import ProblemChoice


class TemplateUploadForm(StyledForm, forms.Form):
    template = forms.FileField(
        label=_("Word template (.docx)"),
        help_text=_(
            "Start from the default template and keep its {{ … }} and {% … %} tags. "
            "It is checked by filling in a sample summary before it is used."
        ),
    )


class NarrativeForm(StyledForm, forms.Form):
    text = forms.CharField(
        label=_("Your paragraph"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the ledgers do not hold: the work behind the figures, in your own words. "
            "The figures themselves are computed and cannot be typed over."
        ),
    )


class NarrativeAddForm(NarrativeForm):
    period = forms.CharField(widget=forms.HiddenInput)
    section = forms.CharField(widget=forms.HiddenInput)
    position = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=1000)


class ProblemChoiceForm(StyledForm, forms.Form):
    period = forms.CharField(widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    action = forms.ChoiceField(label=_("This item"), choices=ProblemChoice.Action.choices)
    text = forms.CharField(
        label=_("In your own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Used when you choose “In my own words”."),
    )
