"""Forms for polls. A ballot is read from the posted fields by `choices_from_post` (a ballot's
questions are the poll's own, so it is not a fixed Django form)."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.core.params import INT_MAX, parse_id
from unionhall.polls.models import Kind, Mode, Poll, Scale, SchoolClass

BALLOT_FIELD = re.compile(r"q([0-9]{1,19})(?:o([0-9]{1,19}))?", re.ASCII)
# q<id>o<id>: two ids of at most 19 digits (BigAutoField). A longer name is no ballot field and
# is not read at all.
LONGEST_FIELD = 1 + 19 + 1 + 19


def choices_from_post(data) -> dict:
    """{question id: value | {option id: value} | comment} from fields named q<id> and
    q<id>o<option id>. The service checks them against the poll's questions; a field whose
    name is no such pair of ids is left out."""
    choices: dict = {}
    for name, value in data.items():
        if len(name) > LONGEST_FIELD or not value:
            continue
        match = BALLOT_FIELD.fullmatch(name)
        if match is None:
            continue
        question = parse_id(match[1])
        if question is None:
            continue
        if match[2] is None:
            choices[question] = value
        elif (option := parse_id(match[2])) is not None:
            options = choices.setdefault(question, {})
            if isinstance(options, dict):  # else q<id> was posted too: that answer stands
                options[option] = value
    return choices


class PollForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    mode = forms.ChoiceField(label=_("How people vote"), choices=Mode.choices)
    held_on = forms.DateField(
        label=_("Held on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=lambda: timezone.localdate(),
    )


class PollEditForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class QuestionForm(StyledForm, forms.Form):
    text = forms.CharField(label=_("Question or body to elect"), max_length=200)
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices)
    subject = forms.CharField(label=_("About (leader or teacher)"), max_length=100, required=False)
    subject_member = forms.ModelChoiceField(
        label=_("The person rated, on the register"),
        queryset=None,
        required=False,
        help_text=_(
            "Required for an evaluation (the name above, or this). A teacher chosen here reads "
            "the comments about them."
        ),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=99, required=False)
    group = forms.ChoiceField(
        label=_("Class (for a class's own question)"), choices=(), required=False
    )
    candidates = forms.CharField(
        label=_("Candidates, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    surplus_percent = forms.IntegerField(
        label=_("Candidate surplus (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("At least 5 for a contested body, 0 for an uncontested one."),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        from unionhall.members.models import Member

        self.fields["subject_member"].queryset = Member.objects.filter(org=org, status="active")
        # Read when the field is shown or checked, not when the form is built.
        self.fields["group"].choices = lambda: [("", _("Every class")), *class_choices(org)]

    def clean_candidates(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["candidates"].splitlines() if line.strip()
        ]


def class_choices(org) -> list[tuple[str, str]]:
    """The school's classes in use, by grade (the list is kept on the classes page)."""
    return [
        (c.name, c.name)
        for c in SchoolClass.objects.filter(org=org, active=True).only("grade", "name")
    ]


class CodesForm(StyledForm, forms.Form):
    """Codes for one class, or the same number for every class on the list at once."""

    group = forms.ChoiceField(
        label=_("Class"),
        choices=(),
        required=False,
        help_text=_("Classes come from the school's class list."),
    )
    every_class = forms.BooleanField(
        label=_("Every class on the list"),
        required=False,
        help_text=_("The number of codes is then for each class; void the unused ones later."),
    )
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=200)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = lambda: [("", "—"), *class_choices(org)]
        self.org = org

    def clean(self):
        data = super().clean()
        if data.get("every_class"):
            data["groups"] = [name for name, _label in class_choices(self.org)]
            if not data["groups"]:
                self.add_error("every_class", _("The school's class list is empty."))
        elif data.get("group"):
            data["groups"] = [data["group"]]
        elif "group" not in self.errors:
            self.add_error("group", _("Choose a class, or tick every class on the list."))
        return data


class SchoolClassForm(StyledForm, forms.Form):
    grade = forms.CharField(label=_("Grade"), max_length=20)
    name = forms.CharField(
        label=_("Class"), max_length=50, help_text=_("Its full name, as printed on the code slips.")
    )


class CopyQuestionsForm(StyledForm, forms.Form):
    source = forms.ModelChoiceField(label=_("Copy the questions of"), queryset=None)

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Poll.objects.filter(org_id=poll.org_id, kind=poll.kind)
            .exclude(pk=poll.pk)
            .order_by("-held_on", "-id")
        )
        self.fields["source"].label_from_instance = lambda p: f"{p.held_on:%Y-%m-%d} {p.title}"


class SheetUploadForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))


def winners_form(entries, data=None) -> forms.Form:
    """One committee role to choose per elected person that can be written (their 分工)."""
    from unionhall.orgs.roles import Role
    from unionhall.polls.services.winners import ELECTED_ROLES

    fields = {
        f"role_{entry.key}": forms.ChoiceField(
            label=entry.name,
            choices=[("", "—")] + [(r, Role(r).label) for r in ELECTED_ROLES],
            initial=entry.role,
        )
        for entry in entries
        if entry.writable and entry.what and entry.key.startswith("o")
    }
    return type("WinnersForm", (StyledForm, forms.Form), fields)(data)


class CodeEntryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12)


class CodesVoidForm(StyledForm, forms.Form):
    """Which unused codes to void: one class's, or every class's."""

    group = forms.ChoiceField(label=_("Class"), required=False)

    def __init__(self, *args, unused: list[tuple[str, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Every class"))] + [
            (group, group) for group, _n in unused
        ]


class PaperCountForm(StyledForm, forms.Form):
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, max_value=INT_MAX)
    returned = forms.IntegerField(label=_("Ballots returned"), min_value=0, max_value=INT_MAX)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0, max_value=INT_MAX)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, max_value=INT_MAX)
    spoiled = forms.IntegerField(
        label=_("Ballots spoiled and exchanged for a fresh one"),
        min_value=0,
        max_value=INT_MAX,
        initial=0,
        required=False,
    )
    unused = forms.IntegerField(
        label=_("Ballots issued but not cast (handed back unused or not returned)"),
        min_value=0,
        max_value=INT_MAX,
        initial=0,
        required=False,
    )

    def clean_spoiled(self) -> int:
        return self.cleaned_data["spoiled"] or 0

    def clean_unused(self) -> int:
        return self.cleaned_data["unused"] or 0


class ScrutineerForm(StyledForm, forms.Form):
    username = forms.CharField(label=_("Login of the scrutineer"), max_length=150)


def tally_form(poll: Poll, data=None) -> forms.Form:
    """One number per candidate and mark (or per question and point of its scale)."""
    from unionhall.polls import rules as poll_rules

    fields = {}
    for question in poll.questions.prefetch_related("options"):
        if question.scale == Scale.COMMENT:
            continue
        points = poll_rules.SCALES[question.scale]
        options = list(question.options.all())
        # The person rated is part of the question: two leaders' "综合评价" are told apart.
        text = f"{question.subject} · {question.text}" if question.subject else question.text
        rows = [(f"o:{o.pk}", f"{text} · {o.label}") for o in options] or [
            (f"q:{question.pk}", text)
        ]
        for key, label in rows:
            for value, point in points:
                fields[f"{key}:{value}"] = forms.IntegerField(
                    label=f"{label} · {point}",
                    min_value=0,
                    max_value=INT_MAX,
                    initial=0,
                    required=False,
                )
    return type("TallyForm", (forms.Form,), fields)(data)


def tally_counts(cleaned: dict) -> dict:
    counts: dict = {}
    for name, n in cleaned.items():
        kind, pk, value = name.split(":")
        counts.setdefault(f"{kind}:{pk}", {})[value] = n or 0
    return counts


def today() -> dt.date:
    return timezone.localdate()


class SelectionForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    honour_title = forms.CharField(label=_("Honour awarded"), max_length=200)
    honour_level = forms.TypedChoiceField(label=_("Level of the honour"), coerce=int, choices=())
    held_on = forms.DateField(
        label=_("Date of the selection"),
        help_text=_("Years in the union, dues and honours held are judged on this day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    quota = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)
    min_years = forms.IntegerField(
        label=_("Years in the union at least"), min_value=0, max_value=60, required=False
    )
    exclude_holders = forms.BooleanField(
        label=_("Leave out those who already hold it"), required=False, initial=True
    )
    dues_paid = forms.BooleanField(label=_("Dues must be up to date"), required=False, initial=True)
    threshold_percent = forms.IntegerField(
        label=_("Approval needed (%)"), min_value=1, max_value=100, initial=80
    )
    notice_days = forms.IntegerField(
        label=_("Working days of public notice"), min_value=5, max_value=30, initial=5
    )
    trimmed_mean = forms.BooleanField(
        label=_("Judges' scores: drop the highest and the lowest"), required=False
    )

    def __init__(self, *args, **kwargs):
        from unionhall.honours.models import Level

        super().__init__(*args, **kwargs)
        self.fields["honour_level"].choices = Level.choices
        self.fields["honour_level"].initial = Level.SCHOOL
        self.fields["held_on"].initial = timezone.localdate()


class JudgeForm(StyledForm, forms.Form):
    member = forms.ModelChoiceField(label=_("Judge"), queryset=None)

    def __init__(self, *args, org, **kwargs):
        from unionhall.members.models import Member

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            org=org, status="active", user__isnull=False
        )


class JudgeRemoveForm(forms.Form):
    judge = forms.IntegerField(widget=forms.HiddenInput)


class SelectionVoteForm(StyledForm, forms.Form):
    mode = forms.ChoiceField(label=_("How people vote"), choices=())
    held_on = forms.DateField(
        label=_("Date of the vote"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = Mode.choices
        self.fields["held_on"].initial = timezone.localdate()


class CancelForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class NomineeForm(StyledForm, forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    by = forms.ChoiceField(label=_("Nominated"), choices=())
    group_name = forms.CharField(label=_("Nominating group"), max_length=100, required=False)

    def __init__(self, *args, org, **kwargs):
        from unionhall.members.models import Member
        from unionhall.polls.models import Nominee

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(org=org, status="active")
        self.fields["by"].choices = Nominee.By.choices


class NoticeForm(StyledForm, forms.Form):
    starts_on = forms.DateField(
        label=_("Notice from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contact = forms.CharField(
        label=_("Objections received by"),
        max_length=200,
        help_text=_("Who takes objections, their telephone and where: printed on the notice."),
    )


class DecideForm(StyledForm, forms.Form):
    on = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        help_text=_("A selection decided earlier on paper: the day it was decided. Empty: today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ObjectionForm(StyledForm, forms.Form):
    nominee = forms.ModelChoiceField(label=_("About"), queryset=None)
    objector = forms.CharField(label=_("Name of the objector"), max_length=100)
    channel = forms.ChoiceField(label=_("Received by"), choices=())
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, selection, **kwargs):
        from unionhall.polls.models import Objection

        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = selection.nominees.filter(approved=True).select_related(
            "member"
        )
        self.fields["channel"].choices = Objection.Channel.choices


class ResolveForm(StyledForm, forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.TypedChoiceField(
        label=_("Finding"),
        choices=(("0", _("Not upheld")), ("1", _("Upheld"))),
        coerce=lambda v: v == "1",
    )
    outcome = forms.CharField(label=_("Outcome"), max_length=1000)


# The sealed ballot box ---------------------------------------------------------------------------


class PassphraseForm(StyledForm, forms.Form):
    passphrase = forms.CharField(
        label=_("Your opening passphrase"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters, not your login name: a short sentence only you know. You "
            "will type it at the count; keep it as you would keep the key of a ballot box."
        ),
    )
    again = forms.CharField(
        label=_("The same passphrase again"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("passphrase") and data.get("again") and data["passphrase"] != data["again"]:
            self.add_error("again", _("The two passphrases differ: type them again."))
        return data


class BoxOpenForm(StyledForm, forms.Form):
    """As many (key holder, passphrase) pairs as the box needs, typed together at the count."""

    def __init__(self, *args, holders, threshold: int, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(h.pk), h.name) for h in holders]
        self.pairs = []
        for i in range(1, threshold + 1):
            self.fields[f"holder_{i}"] = forms.ChoiceField(
                label=_("Key holder %(n)s") % {"n": i}, choices=choices
            )
            self.fields[f"passphrase_{i}"] = forms.CharField(
                label=_("Passphrase of key holder %(n)s") % {"n": i},
                max_length=200,
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
            )
            self.pairs.append((f"holder_{i}", f"passphrase_{i}"))
        super_fields = list(self.fields.values())
        for field in super_fields:
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def clean(self):
        data = super().clean()
        chosen = [data.get(holder) for holder, _p in self.pairs if data.get(holder)]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Choose a different key holder for each passphrase."))
        return data

    def passphrases(self) -> dict[int, str]:
        data = self.cleaned_data
        return {int(data[h]): data[p] for h, p in self.pairs if data.get(h) and data.get(p)}
