from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.core.images import ScanField
from unionhall.honours.models import HolderKind, Level, Rank
from unionhall.honours.services import EVIDENCE_MAX_BYTES
from unionhall.members.models import Member
from unionhall.orgs.models import Department

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


class HonourForm(StyledForm, forms.Form):
    holder_kind = forms.ChoiceField(label=_("Holder"), choices=HolderKind.choices)
    member = MemberChoice(label=_("Member"), queryset=Member.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    team_name = forms.CharField(
        label=_("Team or collective"),
        max_length=100,
        required=False,
        help_text=_("For a team or other collective, e.g. 教工合唱队."),
    )
    team_members = MemberChoices(
        label=_("Team members"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("The team's prize shows on each of their pages."),
    )
    title = forms.CharField(label=_("Title of the honour"), max_length=200)
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices, required=False)
    body = forms.CharField(label=_("Awarding body"), max_length=200)
    awarded_on = forms.DateField(label=_("Date awarded"), widget=DATE_WIDGET)
    evidence = ScanField(
        label=_("Evidence (certificate image or PDF)"),
        required=False,
        max_bytes=EVIDENCE_MAX_BYTES,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(org=org).select_related("department")
        self.fields["member"].queryset = members
        self.fields["team_members"].queryset = members
        self.fields["department"].queryset = Department.objects.filter(org=org)

    def clean(self):
        data = super().clean()
        kind = data.get("holder_kind")
        needed = {
            HolderKind.MEMBER: "member",
            HolderKind.DEPARTMENT: "department",
            HolderKind.TEAM: "team_name",
        }.get(kind)
        if needed and not data.get(needed):
            self.add_error(needed, _("Fill this in for the holder chosen."))
        return data

    def holder(self) -> dict:
        """The holder as the services take it, from the kind chosen."""
        data = self.cleaned_data
        kind = data["holder_kind"]
        if kind == HolderKind.MEMBER:
            return {"member": data["member"]}
        if kind == HolderKind.DEPARTMENT:
            return {"department": data["department"]}
        if kind == HolderKind.TEAM:
            return {"team_name": data["team_name"], "team_members": data["team_members"]}
        return {"union": True}

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            **self.holder(),
            "title": data["title"],
            "level": data["level"],
            "rank": data["rank"],
            "body": data["body"],
            "awarded_on": data["awarded_on"],
            "evidence": data["evidence"] or None,
            "note": data["note"],
        }


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=200)


class ImportUploadForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("Honours file (.xlsx)"))


def initial_of(honour) -> dict:
    return {
        "holder_kind": honour.holder_kind,
        "member": honour.member_id,
        "department": honour.department_id,
        "team_name": honour.team_name,
        "team_members": [m.pk for m in honour.team_members.all()],
        "title": honour.title,
        "level": honour.level,
        "rank": honour.rank,
        "body": honour.awarding_body,
        "awarded_on": honour.awarded_on,
        "note": honour.note,
    }
