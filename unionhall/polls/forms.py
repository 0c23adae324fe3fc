"""Forms for polls. A ballot is read from the posted fields by `choices_from_post` (a ballot's
questions are the poll's own, so it is not a fixed Django form)."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.forms import StyledForm
from unionhall.core.params import INT_MAX, parse_id
from unionhall.polls.models import Kind, Mode, Poll, Scale

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


class PollForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    mode = forms.ChoiceField(label=_("How people vote"), choices=Mode.choices)
    held_on = forms.DateField(
        label=_("Held on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=lambda: timezone.localdate(),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question or body to elect"), max_length=200)
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices)
    subject = forms.CharField(label=_("About (leader or teacher)"), max_length=100, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=99, required=False)
    group = forms.CharField(
        label=_("Class (for a class's own question)"), max_length=50, required=False
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

    def clean_candidates(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["candidates"].splitlines() if line.strip()
        ]


class CodesForm(forms.Form):
    group = forms.CharField(label=_("Class"), max_length=50)
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=200)


class CodeEntryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12)


class PaperCountForm(forms.Form):
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, max_value=INT_MAX)
    returned = forms.IntegerField(label=_("Ballots returned"), min_value=0, max_value=INT_MAX)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0, max_value=INT_MAX)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, max_value=INT_MAX)


class ScrutineerForm(forms.Form):
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
        rows = [(f"o:{o.pk}", f"{question.text} · {o.label}") for o in options] or [
            (f"q:{question.pk}", question.text)
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


class SelectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    honour_title = forms.CharField(label=_("Honour awarded"), max_length=200)
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


class NomineeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    by = forms.ChoiceField(label=_("Nominated"), choices=())
    group_name = forms.CharField(label=_("Nominating group"), max_length=100, required=False)

    def __init__(self, *args, org, **kwargs):
        from unionhall.members.models import Member
        from unionhall.polls.models import Nominee

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(org=org, status="active")
        self.fields["by"].choices = Nominee.By.choices


class NoticeForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Notice from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ObjectionForm(forms.Form):
    nominee = forms.ModelChoiceField(label=_("About"), queryset=None)
    objector = forms.CharField(label=_("Name of the objector"), max_length=100)
    channel = forms.ChoiceField(label=_("Received by"), choices=())
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, selection, **kwargs):
        from unionhall.polls.models import Objection

        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = selection.nominees.filter(approved=True).select_related(
            "member"
        )
        self.fields["channel"].choices = Objection.Channel.choices


class ResolveForm(forms.Form):
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
