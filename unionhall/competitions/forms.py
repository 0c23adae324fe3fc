from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.activities.models import Activity
from unionhall.competitions.models import Entry, Scoring
from unionhall.core.forms import StyledForm
from unionhall.core.money import MoneyField
from unionhall.honours.models import RANK_ORDER, Level, Rank
from unionhall.members.models import Member

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PRIZE_RANKS = [rank for rank in RANK_ORDER if rank]


class OneMember(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name} · {member.department.name}"


class EntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, entry):
        return entry.entrant


class PrizeTableMixin:
    """Three fields per prize (places, amount each, gift each); a prize left without places is
    not in the table."""

    def add_prize_fields(self, initial_tiers=()):
        by_rank = {t.rank: t for t in initial_tiers}
        for rank in PRIZE_RANKS:
            label = Rank(rank).label
            tier = by_rank.get(rank)
            self.fields[f"{rank}_places"] = forms.IntegerField(
                label=_("%(prize)s: places") % {"prize": label},
                min_value=0,
                max_value=100,
                required=False,
                initial=tier.places if tier else None,
            )
            self.fields[f"{rank}_amount"] = MoneyField(
                label=_("%(prize)s: amount each") % {"prize": label},
                required=False,
                initial=tier.amount if tier and tier.amount else None,
            )
            self.fields[f"{rank}_gift"] = forms.CharField(
                label=_("%(prize)s: gift each") % {"prize": label},
                max_length=100,
                required=False,
                initial=tier.gift if tier else "",
            )

    def prizes(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "rank": rank,
                "places": data.get(f"{rank}_places"),
                "amount": data.get(f"{rank}_amount") or 0,
                "gift": data.get(f"{rank}_gift") or "",
            }
            for rank in PRIZE_RANKS
            if data.get(f"{rank}_places")
        ]


class CompetitionForm(PrizeTableMixin, StyledForm, forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        help_text=_("The activity the competition is held as (create it first)."),
    )
    scoring = forms.ChoiceField(label=_("Scoring"), choices=Scoring.choices)
    trim = forms.IntegerField(
        label=_("Scores dropped at each end"), min_value=0, max_value=3, initial=1
    )
    level = forms.TypedChoiceField(
        label=_("Level of the prizes"), choices=Level.choices, coerce=int, initial=Level.SCHOOL
    )
    awarding_body = forms.CharField(
        label=_("Awarding body"),
        max_length=200,
        required=False,
        help_text=_("Blank: this union."),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            org=org, competition__isnull=True, cancelled_at__isnull=True
        ).order_by("-starts_on")
        self.add_prize_fields()


class PrizeTableForm(PrizeTableMixin, StyledForm, forms.Form):
    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_prize_fields(tiers)


class EntryForm(StyledForm, forms.Form):
    member = OneMember(label=_("Member"), queryset=Member.objects.none(), required=False)
    team_name = forms.CharField(label=_("Or a team: its name"), max_length=100, required=False)
    team_members = MemberChoices(
        label=_("Team members"), queryset=Member.objects.none(), required=False
    )
    piece = forms.CharField(label=_("Piece or topic"), max_length=200, required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(org=org, status="active").select_related("department")
        self.fields["member"].queryset = members
        self.fields["team_members"].queryset = members


class ScoreForm(StyledForm, forms.Form):
    entry = EntryChoice(label=_("Entry"), queryset=Entry.objects.none())
    judge = forms.CharField(label=_("Judge"), max_length=50)
    score = forms.DecimalField(label=_("Score"), max_digits=7, decimal_places=2, min_value=0)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = Entry.objects.filter(
            competition=competition, withdrawn_at__isnull=True
        ).select_related("member")


class PublishForm(StyledForm, forms.Form):
    awarded_on = forms.DateField(label=_("Prizes awarded on"), widget=DATE_WIDGET)
    override_reason = forms.CharField(
        label=_("Reason for overriding the prize rules"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only the chair may override. The reason is kept in the record's history."),
    )


class PolicyForm(StyledForm, forms.Form):
    numerator = forms.IntegerField(label=_("Award share: numerator"), min_value=1, max_value=99)
    denominator = forms.IntegerField(label=_("Award share: denominator"), min_value=1, max_value=99)
    source = forms.CharField(label=_("Source or note"), max_length=200, required=False)


class EntriesManyForm(StyledForm, forms.Form):
    """Many entries at once: names pasted a line each, and members picked from the register."""

    names = forms.CharField(
        label=_("Names, one a line"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "As pasted from a spreadsheet or a sign-up list; after a tab or a comma, the piece "
            "or topic. A name that is not on the register refuses the list, naming its line."
        ),
    )
    members = MemberChoices(
        label=_("Or pick members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Member.objects.filter(org=org, status="active")
            .select_related("department")
            .order_by("department__sort_order", "name_pinyin", "name")
        )


class JudgeForm(StyledForm, forms.Form):
    judge = forms.CharField(label=_("Judge"), max_length=50)
