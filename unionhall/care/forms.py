import functools

from django import forms
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from unionhall.care.batch import Group
from unionhall.care.models import CareRule, Festival, Kind, Payer
from unionhall.core.forms import StyledForm
from unionhall.core.images import PhotoField
from unionhall.core.money import MoneyField
from unionhall.core.picker import Picker, PickerForm
from unionhall.funds.models import Category
from unionhall.members.models import Member, Status
from unionhall.members.selectors import members_matching, users_matching
from unionhall.orgs.models import User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PHOTOS = 9


def payer_field() -> forms.ChoiceField:
    """Who paid: as the care rules say for each member, or union funds or the school's budget
    for everyone. The care rules judge only what union funds pay."""
    return forms.ChoiceField(
        label=_("Paid by"),
        choices=[("", _("As the care rules say (by each member's status)")), *Payer.choices],
        required=False,
        help_text=_(
            "The care rules are rules of union funds: a gift paid from the school's budget "
            "is not judged by them."
        ),
    )


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name} · {member.get_status_display()}"


class VisitForm(StyledForm, PickerForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    festival = forms.ChoiceField(
        label=_("Festival"), choices=[("", "—"), *Festival.choices], required=False
    )
    members = MemberChoices(
        label=_("Members"),
        queryset=Member.objects.none(),
        help_text=_("Choose several members for a group visit. Each receives the amount."),
        widget=Picker(search=members_matching),
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    is_cash = forms.BooleanField(label=_("Given in cash"), required=False)
    amount = MoneyField(label=_("Amount per member (cash, or value of the goods)"))
    payer = payer_field()
    goods = forms.CharField(label=_("Goods given"), max_length=200, required=False)
    illness = forms.CharField(
        label=_("Illness or hospital stay"),
        max_length=100,
        required=False,
        help_text=_("For illness visits: the same illness is covered once a year."),
    )
    relation = forms.CharField(
        label=_("Deceased person (for bereavement)"), max_length=50, required=False
    )
    visitors = forms.ModelMultipleChoiceField(
        label=_("Visitors (users)"),
        queryset=User.objects.none(),
        required=False,
        widget=Picker(),  # its search needs the school: set in __init__
    )
    visitors_text = forms.CharField(label=_("Visitors"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    signed_for = forms.BooleanField(
        label=_("The member signed for it in their real name"), required=False
    )
    photos = PhotoField(label=_("Photos"), required=False, multiple=True, max_files=MAX_PHOTOS)
    override_reason = forms.CharField(
        label=_("Reason for overriding the care rules"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only the chair may override. The reason is kept in the record's history."),
    )

    def __init__(self, *args, org, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Member.objects.filter(org=org)
            .exclude(status=Status.TRANSFERRED)
            .select_related("department")
            .order_by("name_pinyin", "id")
        )
        self.fields["visitors"].queryset = (
            User.objects.filter(role_assignments__org=org).distinct().order_by("username")
        )
        self.fields["visitors"].widget.search = functools.partial(users_matching, org=org)
        for name in ("members", "visitors"):
            self.fields[name].widget.search_url = reverse(
                "care:pick", kwargs={"org": org.code, "field": name}
            )
        if not may_override:
            del self.fields["override_reason"]


class DischargeForm(StyledForm, forms.Form):
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DATE_WIDGET)


class CancelForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class RuleForm(StyledForm, forms.ModelForm):
    ledger_category = forms.ChoiceField(
        label=_("Ledger category"),
        choices=[(c.value, c.label) for c in Category.expense()],
    )

    class Meta:
        model = CareRule
        fields = [
            "standard_amount",
            "cap",
            "annual_cap",
            "times_per_year",
            "same_illness_once_a_year",
            "cash_allowed",
            "payer",
            "payer_for_retirees",
            "ledger_category",
            "note",
        ]
        # A rule's amounts may be zero, as care_rule_save accepts; empty means no limit.
        field_classes = dict.fromkeys(
            ("standard_amount", "cap", "annual_cap"),
            functools.partial(MoneyField, allow_zero=True),
        )


class BatchForm(StyledForm, forms.Form):
    """What a batch of gifts gives; `members` are the people ticked on the preview."""

    date = forms.DateField(label=_("Date of the gifts"), widget=DATE_WIDGET)
    amount = MoneyField(label=_("Amount per member (cash, or value of the goods)"))
    is_cash = forms.BooleanField(label=_("Given in cash"), required=False)
    payer = payer_field()
    goods = forms.CharField(label=_("Goods given"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    override_reason = forms.CharField(
        label=_("Reason for overriding the care rules"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only the chair may override. The reason is kept in the record's history."),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args, org, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(org=org)
        if not may_override:
            del self.fields["override_reason"]

    def criteria(self):
        """The fields the page shows as inputs (the ticked members are shown on the preview)."""
        return [field for field in self if field.name != "members"]


class BirthdayBatchForm(BatchForm):
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Birthdays in the month"),
        choices=list(MONTHS.items()),
        coerce=int,
    )
    field_order = ["year", "month", "date", "amount", "is_cash", "payer", "goods", "note"]


class FestivalBatchForm(BatchForm):
    festival = forms.ChoiceField(label=_("Festival"), choices=Festival.choices)
    group = forms.ChoiceField(label=_("Given to"), choices=Group.choices)
    field_order = ["festival", "group", "date", "amount", "is_cash", "payer", "goods", "note"]


class ImportUploadForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("Care ledger file (.xlsx)"))
