from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.forms import StyledForm
from unionhall.core.params import INT_MAX
from unionhall.members.models import Member
from unionhall.orgs.models import User
from unionhall.voice import selectors
from unionhall.voice.models import Category, Suggestion, VoiceSettings


class _SuggestionFields(StyledForm, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.none(), empty_label=None
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=80)
    body = forms.CharField(
        label=gettext_lazy("Your suggestion"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What you see, and what you suggest the school does about it."),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.categories(org=org, active_only=True)


class SuggestionForm(_SuggestionFields):
    anonymous = forms.BooleanField(
        label=gettext_lazy("Submit anonymously (your name is not stored anywhere)"),
        required=False,
    )
    show_name = forms.BooleanField(
        label=gettext_lazy("If the answer is published, my name may be shown with it"),
        required=False,
    )


class PublicSuggestionForm(_SuggestionFields):
    channel = forms.ChoiceField(
        label=gettext_lazy("I am a"),
        choices=[
            (Suggestion.Channel.PARENT, gettext_lazy("parent")),
            (Suggestion.Channel.STUDENT, gettext_lazy("student")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=gettext_lazy("Your name (optional)"),
        max_length=30,
        required=False,
    )
    show_name = forms.BooleanField(
        label=gettext_lazy("If the answer is published, my name may be shown with it"),
        required=False,
    )
    # The question as a signed token with its time (services.public_challenge_new).
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=200)
    challenge_answer = forms.IntegerField(label=gettext_lazy("Answer to the question above"))

    field_order = ["channel", "category", "title", "body", "name", "show_name"]


class CategoryChangeForm(StyledForm, forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.none(), empty_label=None
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.categories(org=org)


class MergeForm(StyledForm, forms.Form):
    original = forms.IntegerField(
        label=gettext_lazy("Number of the suggestion it duplicates"), min_value=1, max_value=INT_MAX
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org

    def clean_original(self):
        pk = self.cleaned_data["original"]
        original = Suggestion.objects.filter(org=self.org, pk=pk).first()
        if original is None:
            raise forms.ValidationError(_("There is no suggestion #%(pk)s here.") % {"pk": pk})
        return original


class _HandlerField(forms.ModelChoiceField):
    """A handler named with what they are: a school leader, or the chair or a committee member
    (`services.answerers` marks the leaders)."""

    def label_from_instance(self, user) -> str:
        what = _("school leader") if getattr(user, "is_leader", False) else _("union committee")
        return f"{user}（{what}）"


class RouteForm(StyledForm, forms.Form):
    assignee = _HandlerField(label=gettext_lazy("Responsible person"), queryset=User.objects.none())

    def __init__(self, *args, answerers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = answerers


class AnswerForm(StyledForm, forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    adopted = forms.BooleanField(
        label=gettext_lazy("Adopted: the school will act on this suggestion"), required=False
    )


class PaperAnswerForm(AnswerForm):
    """The answer form with the day the answer was given, for an answer written on paper."""

    answered_on = forms.DateField(
        label=gettext_lazy("Entered from paper: the day it was answered"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PublishForm(StyledForm, forms.Form):
    board = forms.ChoiceField(
        label=gettext_lazy("Answers board"), choices=Suggestion.Board.choices, required=False
    )


class SuggestionFilterForm(StyledForm, forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        choices=[("", gettext_lazy("All states")), *Suggestion.State.choices],
        required=False,
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=gettext_lazy("All categories"),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Sender"),
        choices=[("", gettext_lazy("Everyone")), *Suggestion.Channel.choices],
        required=False,
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.categories(org=org)


class SettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = VoiceSettings
        fields = ["public_enabled", "public_per_hour", "public_intro"]
        widgets = {"public_intro": forms.Textarea(attrs={"rows": 3})}


class CategoryForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "sort_order", "active"]


class ThemeForm(StyledForm, forms.Form):
    name = forms.CharField(label=gettext_lazy("Theme name"), max_length=60)
    keywords = forms.CharField(
        label=gettext_lazy("Keywords (separated by commas)"), max_length=200, required=False
    )


class _PaperWriterField(forms.ModelChoiceField):
    def label_from_instance(self, member) -> str:
        return f"{member.name}（{member.department.name}）" if member.department_id else member.name


def _writers(org):
    """Members who can be named as a paper suggestion's writer: those with a login."""
    return (
        Member.objects.filter(org=org, user__isnull=False)
        .select_related("department")
        .order_by("name")
    )


class PaperSuggestionForm(SuggestionForm):
    """The suggestion form with the "entered from paper" fields, for officers with
    `voice.enter_paper`: whom it is from, and the day it was put in the box."""

    on_behalf_of = _PaperWriterField(
        label=gettext_lazy("Entered from paper: written by"),
        queryset=Member.objects.none(),
        required=False,
        help_text=gettext_lazy("Leave empty and tick “anonymously” for an unsigned suggestion."),
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("Entered from paper: the day it was put in the box"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, org=org, **kwargs)
        self.fields["on_behalf_of"].queryset = _writers(org)

    def from_paper(self) -> bool:
        data = self.cleaned_data
        return data.get("on_behalf_of") is not None or data.get("submitted_on") is not None


class PaperBoxForm(StyledForm, forms.Form):
    """What a whole paper box shares: the day it was opened, and the category of its rows that
    name none."""

    opened_on = forms.DateField(
        label=gettext_lazy("The day the box was opened"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The date of every row that gives no date of its own."),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category of the rows that name none"),
        queryset=Category.objects.none(),
        required=False,
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.categories(org=org, active_only=True)


# Who wrote a paper suggestion, as the box's grid offers it.
PAPER_SOURCES = [
    (Suggestion.Channel.MEMBER, gettext_lazy("staff")),
    (Suggestion.Channel.STUDENT, gettext_lazy("student")),
    (Suggestion.Channel.PARENT, gettext_lazy("parent")),
    (Suggestion.Channel.PUBLIC, gettext_lazy("public")),
]


class PaperRowForm(StyledForm, forms.Form):
    """One row of a paper box: its text, who wrote it, the name signed (if any); its category
    and date when not the box's."""

    text = forms.CharField(
        label=gettext_lazy("Text"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.ChoiceField(
        label=gettext_lazy("From"),
        choices=PAPER_SOURCES,
        initial=Suggestion.Channel.MEMBER,
        required=False,  # staff, when not said
    )
    name = forms.CharField(
        label=gettext_lazy("Name signed"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("Empty for an unsigned one; staff: the name on the register."),
    )
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), choices=(), coerce=int, empty_value=None, required=False
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("Date, if not the box's"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, org, categories=(), members_by_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The categories are read once for the whole box (see _PaperRowFormSet).
        self.categories = {c.pk: c for c in categories}
        self.fields["category"].choices = [("", "—"), *((c.pk, c.name) for c in categories)]
        self.org = org
        # Shared by the rows of one box: {name: [members]}, read once (see PaperRowFormSet).
        self.members_by_name = members_by_name

    def has_changed(self) -> bool:
        """A row is filled when anything but its source is: an empty row's source select still
        posts "staff", and a row of the grid left empty is skipped, not refused."""
        return any(
            str(self[name].data or "").strip()
            for name in ("text", "name", "category", "submitted_on")
        )

    def clean(self):
        data = super().clean()
        data["source"] = data.get("source") or Suggestion.Channel.MEMBER
        data["category"] = self.categories.get(data.get("category"))
        data["writer"] = None
        name = (data.get("name") or "").strip()
        if data.get("source") == Suggestion.Channel.MEMBER and name:
            found = self.members_by_name(name) if self.members_by_name else []
            if not found:
                self.add_error(
                    "name", _("No member named %(name)s is on the register.") % {"name": name}
                )
            elif len(found) > 1:
                self.add_error(
                    "name",
                    _(
                        "%(count)s members are named %(name)s: enter this one from the single "
                        "suggestion form, where the member is chosen with their department."
                    )
                    % {"count": len(found), "name": name},
                )
            else:
                data["writer"] = found[0]
        return data


class _PaperRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, org, **kwargs):
        members: dict[str, list[Member]] | None = None

        def members_by_name(name: str) -> list[Member]:
            nonlocal members
            if members is None:  # read once for the whole box, on the first named staff row
                members = {}
                for member in Member.objects.filter(org=org).only(
                    "pk", "org_id", "name", "user_id"
                ):
                    members.setdefault(member.name, []).append(member)
            return members.get(name, [])

        categories = list(selectors.categories(org=org, active_only=True))
        super().__init__(
            *args,
            form_kwargs={"org": org, "categories": categories, "members_by_name": members_by_name},
            **kwargs,
        )


# A whole box on one page: PAPER_ROWS empty rows, more on request, up to PAPER_ROWS_MAX.
PAPER_ROWS, PAPER_ROWS_MAX = 30, 200


def paper_row_formset(data=None, *, org, rows: int = PAPER_ROWS):
    formset = forms.formset_factory(
        PaperRowForm,
        formset=_PaperRowFormSet,
        extra=rows,
        max_num=PAPER_ROWS_MAX,
        absolute_max=PAPER_ROWS_MAX,
    )
    return formset(data, org=org)


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BulkForm(StyledForm, forms.Form):
    """One action on many suggestions: those ticked, or every one the search matches."""

    ROUTE, CATEGORISE, ANSWER = "route", "categorise", "answer"

    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[
            (ROUTE, gettext_lazy("Pass to a responsible person")),
            (CATEGORISE, gettext_lazy("Change the category")),
            (ANSWER, gettext_lazy("Answer with one text")),
        ],
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Which suggestions"),
        choices=[
            ("ticked", gettext_lazy("The ticked suggestions")),
            ("matching", gettext_lazy("Every suggestion this search finds")),
        ],
        initial="ticked",
    )
    assignee = _HandlerField(
        label=gettext_lazy("Responsible person"), queryset=User.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.none(), required=False
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    adopted = forms.BooleanField(
        label=gettext_lazy("Adopted: the school will act on these suggestions"), required=False
    )
    happened_on = _date_field(gettext_lazy("Entered from paper: the day it was done"))

    def __init__(self, *args, org, answerers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = answerers
        self.fields["category"].queryset = selectors.categories(org=org)

    def clean(self):
        data = super().clean()
        needed = {self.ROUTE: "assignee", self.CATEGORISE: "category", self.ANSWER: "answer"}
        name = needed.get(data.get("action"))
        if name and not data.get(name):
            self.add_error(name, _("Fill this in for the action chosen."))
        return data


class InboxAnswerForm(StyledForm, forms.Form):
    """A handler's one answer to many of the suggestions passed to them."""

    answer = forms.CharField(
        label=gettext_lazy("Answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    adopted = forms.BooleanField(
        label=gettext_lazy("Adopted: the school will act on these suggestions"), required=False
    )
