from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.congress.models import Category, CongressRules, Proposal, Rating, Representative
from unionhall.congress.workflow import State
from unionhall.core.forms import StyledForm
from unionhall.core.params import INT_MAX
from unionhall.members.models import Member
from unionhall.orgs.models import Department, User
from unionhall.orgs.roles import Role


class Styled(StyledForm):
    """StyledForm, with check boxes and radio buttons styled as Bootstrap checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermForm(Styled, forms.Form):
    number = forms.IntegerField(label=_("Term number"), min_value=1, max_value=99)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)


class SessionForm(Styled, forms.Form):
    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=99)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE, required=False)


class RepresentativeForm(Styled, forms.Form):
    FRONTLINE = [
        ("", _("As the member's department says")),
        ("yes", _("Front-line teacher")),
        ("no", _("Not front-line")),
    ]
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    electoral_group = forms.CharField(label=_("Electoral group"), max_length=50)
    frontline = forms.ChoiceField(label=_("Front-line"), choices=FRONTLINE, required=False)

    def __init__(self, *args, org, term, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Representative.objects.filter(org=org, term=term, member__isnull=False)
        self.fields["member"].queryset = (
            Member.objects.filter(org=org, status="active")
            .exclude(pk__in=taken.values("member_id"))
            .select_related("department")
        )
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.department.name}）"

    def frontline_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["frontline"])


class RulesForm(Styled, forms.ModelForm):
    class Meta:
        model = CongressRules
        fields = [
            "min_cosigners",
            "quorum_numerator",
            "quorum_denominator",
            "pass_numerator",
            "pass_denominator",
            "frontline_min_percent",
            "due_soon_days",
        ]


def _reps(org, term, exclude_user=None):
    rows = Representative.objects.filter(org=org, term=term, is_active=True).order_by("name")
    if exclude_user is not None:
        rows = rows.exclude(user=exclude_user)
    return rows


class ProposalForm(Styled, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=pgettext_lazy("proposal", "Title"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}))
    measures = forms.CharField(
        label=_("Suggested measures"), widget=forms.Textarea(attrs={"rows": 5})
    )
    joint = forms.ModelMultipleChoiceField(
        label=_("Joint submitters"),
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cosigners = forms.ModelMultipleChoiceField(
        label=_("Co-signers"),
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Representatives who have agreed to co-sign; others can co-sign later."),
    )

    def __init__(self, *args, org, term, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("joint", "cosigners"):
            self.fields[name].queryset = _reps(org, term, exclude_user=user)


def _happened_on(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        required=required,
        help_text=_("Entered from paper: the day written on the paper record."),
    )


def _decided_on() -> forms.DateField:
    """The day the committee decided, when the decision is entered later (empty: today)."""
    return forms.DateField(
        label=_("Date of the decision"),
        widget=DATE,
        required=False,
        help_text=_("When entered later from the minutes: the day it was decided. Empty: today."),
    )


class AssignFields(forms.Form):
    responsible = forms.ModelChoiceField(
        label=_("Responsible leader"), queryset=User.objects.none()
    )
    answer_due = forms.DateField(label=_("Answer due"), widget=DATE)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(
            role_assignments__org=org, role_assignments__role=Role.LEADER
        ).order_by("display_name")
        departments = Department.objects.filter(org=org)
        for name in ("lead_department", "supporting_departments"):
            if name in self.fields:
                self.fields[name].queryset = departments


class AcceptForm(Styled, AssignFields):
    lead_department = forms.ModelChoiceField(
        label=_("Lead department"), queryset=Department.objects.none()
    )
    supporting_departments = forms.ModelMultipleChoiceField(
        label=_("Supporting departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Committee opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    happened_on = _decided_on()
    field_order = ["lead_department", "supporting_departments", "responsible", "answer_due"]


class RejectForm(Styled, AssignFields):
    reason = forms.CharField(
        label=_("Reason it is not accepted"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_department = forms.ModelChoiceField(
        label=_("Department to answer"), queryset=Department.objects.none(), required=False
    )
    happened_on = _decided_on()
    field_order = ["reason", "lead_department", "responsible", "answer_due"]


class MergeForm(Styled, forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    note = forms.CharField(label=_("Note"), required=False)
    happened_on = _decided_on()

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(org=proposal.org_id, session=proposal.session_id)
            .exclude(pk=proposal.pk)
            .exclude(state__in=[State.MERGED, State.COLLECTING])
            .order_by("number")
        )


class AnswerForm(Styled, forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    happened_on = forms.DateField(
        label=_("Date it was answered"),
        widget=DATE,
        required=False,
        help_text=_("An answer given earlier on paper: the day it was given. Empty: today."),
    )


class SecondAnswerForm(Styled, forms.Form):
    reason = forms.CharField(
        label=_("What the answer leaves out"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(Styled, forms.Form):
    rating = forms.ChoiceField(
        label=_("Your rating"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False)


class ProgressForm(Styled, forms.Form):
    text = forms.CharField(
        label=_("Progress of implementation"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DoneForm(Styled, forms.Form):
    note = forms.CharField(label=_("Final note"), required=False)


class ResolutionForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.FileField(label=_("Document"), required=False)


class TallyForm(Styled, forms.Form):
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=INT_MAX)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=INT_MAX)
    votes_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, max_value=INT_MAX)


# Entered from paper: on behalf of whom, and the day it happened ------------------------------


class PaperProposalForm(ProposalForm):
    """A proposal handed in on paper, typed in by an officer on behalf of its representative."""

    on_behalf_of = forms.ModelChoiceField(
        label=_("Written by (representative)"), queryset=Representative.objects.none()
    )
    happened_on = _happened_on(_("Date it was handed in"))
    field_order = ["on_behalf_of", "happened_on"]

    def __init__(self, *args, org, term, **kwargs):
        super().__init__(*args, org=org, term=term, user=None, **kwargs)
        self.fields["on_behalf_of"].queryset = _reps(org, term)


class PaperCosignForm(Styled, forms.Form):
    on_behalf_of = forms.ModelChoiceField(
        label=_("Co-signed by (representative)"), queryset=Representative.objects.none()
    )
    happened_on = _happened_on(_("Date it was signed"))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        signed = proposal.signers.values("representative_id")
        self.fields["on_behalf_of"].queryset = (
            _reps(proposal.org_id, proposal.session.term_id)
            .exclude(pk=proposal.submitted_by_id)
            .exclude(pk__in=signed)
        )


class PaperAnswerForm(AnswerForm):
    on_behalf_of = forms.ModelChoiceField(
        label=_("Answered by (school leader)"), queryset=User.objects.none()
    )
    happened_on = _happened_on(_("Date it was answered"))
    field_order = ["on_behalf_of", "happened_on", "text"]

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = User.objects.filter(
            role_assignments__org=proposal.org_id, role_assignments__role=Role.LEADER
        ).order_by("display_name")
        if proposal.responsible_id:
            leaders = leaders.filter(pk=proposal.responsible_id)
            self.fields["on_behalf_of"].initial = proposal.responsible_id
        self.fields["on_behalf_of"].queryset = leaders


class PaperRateForm(RateForm):
    on_behalf_of = forms.ModelChoiceField(
        label=_("Rated by (submitter)"), queryset=Representative.objects.none()
    )
    happened_on = _happened_on(_("Date it was rated"))
    field_order = ["on_behalf_of", "happened_on", "rating", "comment"]

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        joint = proposal.signers.filter(kind="joint").values("representative_id")
        self.fields["on_behalf_of"].queryset = Representative.objects.filter(
            pk__in=[proposal.submitted_by_id, *joint.values_list("representative_id", flat=True)]
        )
        self.fields["on_behalf_of"].initial = proposal.submitted_by_id
        self.fields["rating"].label = _("Rating")


class PaperTallyForm(TallyForm):
    happened_on = _happened_on(_("Date of the vote"), required=False)


class AttendanceDateForm(Styled, forms.Form):
    taken_on = _happened_on(_("Date the attendance was taken"), required=False)
