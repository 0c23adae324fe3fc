from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.core.periods import Period, school_year_of

YEARS_SHOWN = 6


class BuildForm(StyledForm, forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = school_year_of(timezone.localdate())
        years = range(current, current - YEARS_SHOWN, -1)
        self.fields["year"].choices = [(y, Period.school_year(y).label) for y in years]
        self.fields["year"].initial = current - 1
