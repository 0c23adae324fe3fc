import datetime as dt

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from unionhall.activities.models import ActivityKind, Club, ClubMembership, Target
from unionhall.activities.services.costs import COST_KINDS
from unionhall.core.forms import StyledForm
from unionhall.core.money import MoneyField
from unionhall.core.params import INT_MAX
from unionhall.funds.models import Category
from unionhall.members.models import Member
from unionhall.orgs.capabilities import roles_with
from unionhall.orgs.models import Department, User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


class OneMember(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


def parse_questions(text: str) -> list[dict]:
    """One question a line: "Shirt size: S / M / L" (choices after the colon, split by "/"),
    or just the question for a short text answer."""
    questions = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, _sep, rest = line.replace("：", ":").partition(":")
        choices = [c.strip() for c in rest.replace("／", "/").split("/") if c.strip()]
        questions.append(
            {"name": f"q{number}", "label": label.strip(), "choices": choices, "required": True}
        )
    return questions


def questions_text(fields: list[dict]) -> str:
    lines = []
    for field in fields or []:
        if field.get("choices"):
            lines.append(f"{field['label']}: {' / '.join(field['choices'])}")
        else:
            lines.append(field["label"])
    return "\n".join(lines)


class ActivityForm(StyledForm, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=ActivityKind.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Empty: the same day."),
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=User.objects.none())
    target = forms.ChoiceField(label=_("For whom"), choices=Target.choices)
    target_department = forms.ModelChoiceField(
        label=_("Department (when it is for a department)"),
        queryset=Department.objects.none(),
        required=False,
    )
    target_club = forms.ModelChoiceField(
        label=_("Club (when it is for a club)"), queryset=Club.objects.none(), required=False
    )
    audience_members = MemberChoices(
        label=_("Members (when it is for a list)"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budget_category = forms.ChoiceField(
        label=_("Budget line"),
        choices=[(c.value, c.label) for c in Category.expense()],
        initial=Category.ACTIVITIES,
    )
    recurring = forms.BooleanField(
        label=_("Recurring (daily exercise, a club's practice)"), required=False
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Meets on (recurring activities)"),
        choices=[(n, WEEKDAYS[n]) for n in range(7)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A session is planned on each of these weekdays between the first and the last day."
        ),
    )
    signup_required = forms.BooleanField(label=_("Members sign up"), required=False)
    signup_opens_at = forms.DateTimeField(
        label=_("Sign-up opens"), widget=DATETIME_WIDGET, required=False
    )
    signup_closes_at = forms.DateTimeField(
        label=_("Sign-up closes"), widget=DATETIME_WIDGET, required=False
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=INT_MAX,
        required=False,
        help_text=_("Empty: no limit."),
    )
    questions = forms.CharField(
        label=_("Sign-up questions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "One a line, e.g. “Shirt size: S / M / L / XL” or “Event: 100 m / long "
            "jump”; a line without a colon takes a short text answer."
        ),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ActivityKind.objects.filter(org=org)
        self.fields["organiser"].queryset = (
            User.objects.filter(
                role_assignments__org=org,
                role_assignments__role__in=roles_with("activities.manage"),
            )
            .distinct()
            .order_by("display_name", "username")
        )
        self.fields["target_department"].queryset = Department.objects.filter(org=org)
        self.fields["target_club"].queryset = Club.objects.filter(org=org, closed_on__isnull=True)
        self.fields["audience_members"].queryset = (
            Member.objects.filter(org=org, status__in=["active", "retired"])
            .select_related("department")
            .order_by("name_pinyin", "id")
        )

    def clean(self):
        data = super().clean()
        weekdays = data.pop("weekdays", None) or []
        if data.get("recurring") and data.get("starts_on") and weekdays:
            start, end = data["starts_on"], data.get("ends_on") or data["starts_on"]
            days, day = [], start
            while day <= end:
                if day.weekday() in weekdays:
                    days.append(day)
                day += dt.timedelta(days=1)
            data["session_dates"] = days
        data["signup_fields"] = parse_questions(data.pop("questions", ""))
        return data


class SignUpForm(StyledForm, forms.Form):
    """The activity's own questions, one field each."""

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        for question in activity.signup_fields or []:
            if question.get("choices"):
                field = forms.ChoiceField(
                    label=question["label"],
                    choices=[("", "—"), *[(c, c) for c in question["choices"]]],
                    required=question.get("required", True),
                )
            else:
                field = forms.CharField(
                    label=question["label"],
                    max_length=100,
                    required=question.get("required", True),
                )
            self.fields[question["name"]] = field


class CostForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=_("Cost category"), choices=list(COST_KINDS.items()))
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date paid"), widget=DATE_WIDGET)
    memo = forms.CharField(label=_("Memo"), max_length=100, required=False)


class PaperForm(StyledForm, forms.Form):
    date = forms.DateField(
        label=_("Date it happened"), widget=DATE_WIDGET, help_text=_("The day on the paper list.")
    )
    members = MemberChoices(
        label=_("Members on the paper list"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Member.objects.filter(org=org, status__in=["active", "retired"])
            .select_related("department")
            .order_by("name_pinyin", "id")
        )


class SessionForm(StyledForm, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=100, required=False)


class ClubForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    founded_on = forms.DateField(label=_("Founded on"), widget=DATE_WIDGET, required=False)
    annual_subsidy = MoneyField(label=_("Yearly subsidy"), required=False)
    statute = forms.CharField(
        label=_("Statute"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class ClubMemberForm(StyledForm, forms.Form):
    member = OneMember(label=_("Member"), queryset=Member.objects.none())
    role = forms.ChoiceField(
        label=_("Role"), choices=ClubMembership.Role.choices, initial=ClubMembership.Role.MEMBER
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.filter(org=org, status__in=["active", "retired"])
            .select_related("department")
            .order_by("name_pinyin", "id")
        )


class SubsidyForm(StyledForm, forms.Form):
    amount = MoneyField(label=_("Amount"))
    date = forms.DateField(label=_("Date paid"), widget=DATE_WIDGET)
    memo = forms.CharField(label=_("Memo"), max_length=100, required=False)


class CancelForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=200,
        help_text=_("Members who signed up are told it, with the activity's name."),
    )


class SignInUploadForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("Sign-in sheet (.xlsx)"))
