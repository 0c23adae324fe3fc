from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.district.models import AnnualReturn, Automatic, RubricBonus, RubricItem, RubricTier
from unionhall.district.services import RETURN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


class RoundForm(StyledForm, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ReturnForm(StyledForm, forms.ModelForm):
    class Meta:
        model = AnnualReturn
        fields = RETURN_FIELDS


class CallForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    instructions = forms.CharField(label=_("Instructions"), widget=forms.Textarea, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    template = forms.FileField(label=_("Template file"), required=False)


class ReplyForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AssessmentRoundForm(StyledForm, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    self_due_on = forms.DateField(label=_("Self-assessment due on"), widget=DATE)


class ScoreForm(StyledForm, forms.Form):
    value = forms.DecimalField(
        label=_("Score"), max_digits=5, decimal_places=1, min_value=0, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SelfScoreForm(ScoreForm):
    evidence = forms.FileField(label=_("Evidence"), required=False)


class RubricItemForm(StyledForm, forms.ModelForm):
    automatic = forms.ChoiceField(
        label=_("Scored from the records"), choices=Automatic.choices, required=False
    )

    class Meta:
        model = RubricItem
        fields = ("section", "title", "points", "evidence", "mandatory", "automatic", "order")


class TierForm(StyledForm, forms.ModelForm):
    class Meta:
        model = RubricTier
        fields = ("name", "min_score")


class BonusForm(StyledForm, forms.Form):
    bonus = forms.ModelChoiceField(label=_("Honour"), queryset=RubricBonus.objects.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bonus"].queryset = rubric.bonuses.all()


class HolidaysForm(StyledForm, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    text = forms.CharField(
        label=_("The days of the State Council's notice, one a line"),
        help_text=_(
            "Date, 休 or 班, the holiday's name: “2027-01-01 休 元旦”, “2027-02-07 班 春节”. "
            "List every day off, weekends inside a holiday included, and every make-up "
            "working day. A spreadsheet's three columns can be pasted as they are."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
