from collections import Counter

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.members.names import pinyin_keys
from unionhall.orgs.models import User
from unionhall.plans import kinds
from unionhall.plans.models import Plan, Task, WorkArea


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalsForm(StyledForm, forms.Form):
    goals = forms.CharField(
        label=_("Guiding ideas and goals"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class AreaForm(StyledForm, forms.ModelForm):
    class Meta:
        model = WorkArea
        fields = ("name", "aims", "sort_order")
        widgets = {"aims": forms.Textarea(attrs={"rows": 3})}


class TaskForm(StyledForm, forms.ModelForm):
    record_kind = forms.ChoiceField(
        label=_("Done when this record exists"),
        required=False,
        help_text=_(
            "A task linked to a kind of record is ticked by that record, between its "
            "start and due dates; otherwise its owner reports it done."
        ),
    )

    class Meta:
        model = Task
        fields = ("title", "starts_on", "due_on", "owner", "area", "record_kind")
        widgets = {"starts_on": _date_input(), "due_on": _date_input()}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset, self.fields["owner"].label_from_instance = _owners(plan)
        # People's names and account names (culture, women…): not words to translate.
        self.fields["owner"].widget.attrs["translate"] = "no"
        self.fields["area"].queryset = plan.areas.all()
        self.fields["record_kind"].choices = kinds.choices()


def _owners(plan: Plan):
    """Who may own a task: each account of the school once, sorted by name as the register is
    (pinyin); a name two accounts share is told apart by the account name."""
    users = {u.pk: u for u in User.objects.filter(role_assignments__org=plan.org)}.values()
    ordered = sorted(users, key=lambda u: (pinyin_keys(str(u))[0], str(u), u.username))
    shared = Counter(str(u) for u in ordered)
    queryset = User.objects.none()
    if ordered:
        places = (When(pk=u.pk, then=Value(i)) for i, u in enumerate(ordered))
        queryset = User.objects.filter(pk__in=[u.pk for u in ordered]).order_by(
            Case(*places, default=Value(0))
        )

    def label(user) -> str:
        if shared[str(user)] > 1:
            return _("%(name)s (%(account)s)") % {"name": user, "account": user.username}
        return str(user)

    return queryset, label


class TickForm(StyledForm, forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=_date_input(), required=False)
    note = forms.CharField(label=_("How it was done"), max_length=200)
