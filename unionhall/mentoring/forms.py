from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.members.models import Member, Status
from unionhall.mentoring.models import Grade, LogKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


def _current(org):
    return Member.objects.filter(org=org, status=Status.ACTIVE).select_related("department")


class SettingsForm(StyledForm, forms.Form):
    observations = forms.IntegerField(
        label=_("Lessons each observes of the other"), min_value=0, max_value=100
    )
    open_lessons = forms.IntegerField(label=_("Open lessons"), min_value=0, max_value=50)
    papers = forms.IntegerField(label=_("Papers"), min_value=0, max_value=20)
    reading_notes = forms.IntegerField(label=_("Reading notes"), min_value=0, max_value=50)


class ContractForm(StyledForm, forms.Form):
    mentor = MemberChoice(label=_("Mentor"), queryset=Member.objects.none())
    mentees = MembersChoice(label=_("Mentees"), queryset=Member.objects.none())
    starts_on = forms.DateField(label=_("Term starts"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Term ends"), widget=DATE_WIDGET)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    observations = forms.IntegerField(
        label=_("Lessons each observes of the other"), min_value=0, max_value=100
    )
    open_lessons = forms.IntegerField(label=_("Open lessons"), min_value=0, max_value=50)
    papers = forms.IntegerField(label=_("Papers"), min_value=0, max_value=20)
    reading_notes = forms.IntegerField(label=_("Reading notes"), min_value=0, max_value=50)
    note = forms.CharField(
        label=_("Other terms"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = _current(org)
        self.fields["mentees"].queryset = _current(org)


class LogForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=LogKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    member = MemberChoice(label=_("By"), queryset=Member.objects.none())
    observed = MemberChoice(
        label=_("Whose lesson (observed lessons)"), queryset=Member.objects.none(), required=False
    )
    class_name = forms.CharField(label=_("Class"), max_length=50, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=50, required=False)
    title = forms.CharField(
        label=_("Title (open lessons, papers, reading notes)"), max_length=200, required=False
    )
    comment = forms.CharField(
        label=_("Short comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, parties, doers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = parties if doers is None else doers
        self.fields["observed"].queryset = parties


class AssessmentForm(StyledForm, forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_WIDGET)
