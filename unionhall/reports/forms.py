from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm


class TemplateUploadForm(StyledForm, forms.Form):
    template = forms.FileField(
        label=_("Word template (.docx)"),
        help_text=_(
            "Start from the default template and keep its {{ … }} and {% … %} tags. "
            "It is checked by filling in a sample summary before it is used."
        ),
    )
