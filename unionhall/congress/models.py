"""The staff congress (教代会): terms, sessions, representatives, proposals and resolutions."""

import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.congress.workflow import State


class CongressRules(models.Model):
    """The rules an organisation's congress works under. Without a row, the defaults apply."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="congress_rules"
    )
    min_cosigners = models.PositiveSmallIntegerField(_("minimum co-signers"), default=2)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum (numerator)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum (denominator)"), default=3)
    pass_numerator = models.PositiveSmallIntegerField(_("pass share (numerator)"), default=1)
    pass_denominator = models.PositiveSmallIntegerField(_("pass share (denominator)"), default=2)
    frontline_min_percent = models.PositiveSmallIntegerField(
        _("minimum share of front-line teachers (%)"), default=60
    )
    due_soon_days = models.PositiveSmallIntegerField(_("remind this many days before"), default=3)

    class Meta:
        verbose_name = _("congress rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_denominator__gt=0, pass_denominator__gt=0),
                name="congress_rules_denominators_positive",
            )
        ]

    def __str__(self) -> str:
        return str(_("Congress rules"))

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    @property
    def pass_share(self) -> Fraction:
        return Fraction(self.pass_numerator, self.pass_denominator)


class Term(models.Model):
    """A term (届) of the congress, usually three to five years."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("term number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("term")
        ordering = ["org", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="term_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return _("Term %(number)s") % {"number": self.number}


class Session(models.Model):
    """A session (次会议) of a term: at least one a year, often one a semester."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session number"))
    held_on = models.DateField(_("held on"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        ordering = ["org", "-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "term", "number"], name="session_number_unique")
        ]

    def __str__(self) -> str:
        return _("Term %(term)s, session %(number)s") % {
            "term": self.term.number,
            "number": self.number,
        }


class Representative(models.Model):
    """A representative (代表) elected for one term, in an electoral group (代表团/选区)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="representatives")
    # The member's login, once they have one: a member on the register is a representative
    # before they ever log in (their paper proposals and signatures are typed in for them);
    # the login is attached when it is given (`link_logins`).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    electoral_group = models.CharField(_("electoral group"), max_length=50)
    is_frontline = models.BooleanField(_("front-line teacher"), default=True)
    is_active = models.BooleanField(_("serving"), default=True)

    class Meta:
        verbose_name = _("representative")
        ordering = ["term", "electoral_group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "term", "user"], name="representative_once"),
            models.UniqueConstraint(
                fields=["org", "term", "member"], name="representative_member_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=True)
    # The day the attendance was taken (a day of the session), when typed in later from paper.
    taken_on = models.DateField(_("taken on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "session", "representative"], name="attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative_id}: {self.present}"


class Category(models.TextChoices):
    TEACHING = "teaching", _("Education and teaching")
    STAFF = "staff", _("Teaching staff")
    WELFARE = "welfare", _("Pay and welfare")
    LOGISTICS = "logistics", _("Logistics")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Other")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY = "fairly", _("Fairly satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Review(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    OPINION = "opinion", _("Not accepted, treated as an opinion")
    MERGED = "merged", _("Merged")


class Proposal(models.Model):
    """A proposal (提案). Its state moves only through `services`, by the table in `workflow`."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(pgettext_lazy("proposal", "title"), max_length=120)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    reasons = models.TextField(_("reasons"))
    measures = models.TextField(_("suggested measures"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.COLLECTING
    )
    submitted_by = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitter")
    )
    # A form carries a one-time token: submitting the same form twice yields one proposal.
    submission_token = models.CharField(max_length=64)
    # Defaults to now; a proposal handed in on paper keeps the day it was handed in.
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    # Review: the committee's decision, kept after the state moves on (for the report's rates)
    review = models.CharField(
        _("review decision"), max_length=10, choices=Review.choices, blank=True
    )
    review_note = models.TextField(_("review opinion"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Assignment
    lead_department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead department"),
    )
    supporting_departments = models.ManyToManyField(
        "orgs.Department", blank=True, related_name="+", verbose_name=_("supporting departments")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible leader"),
    )
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    # Answer, rating, implementation
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    # Set with the first answer (by its local date against the due date), so reports need not
    # convert timestamps row by row.
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    second_answer_requested = models.BooleanField(default=False)
    rating = models.CharField(_("satisfaction"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        ordering = ["-session__held_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "submission_token"], name="proposal_token_once"),
            models.UniqueConstraint(
                fields=["org", "session", "number"], name="proposal_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in State]), name="proposal_state_known"
            ),
            models.CheckConstraint(
                condition=models.Q(rating="") | models.Q(rated_at__isnull=False),
                name="proposal_rating_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "session", "state"]),
            models.Index(fields=["org", "-session", "number"], name="proposal_list_order"),
            models.Index(fields=["org", "state", "answer_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.state in State.awaiting_answer()
            and self.answer_due is not None
            and self.answer_due < today
        )


class Signer(models.Model):
    """A joint submitter (联名提案人) or a co-signer (附议人) of a proposal."""

    class Kind(models.TextChoices):
        JOINT = "joint", _("Joint submitter")
        COSIGNER = "cosigner", _("Co-signer")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="signers")
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Defaults to now; a co-signature given on paper keeps the day it was given.
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "proposal", "representative"], name="signer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind} {self.representative_id}"


class ProposalTransition(models.Model):
    """The log of every state change: who, when, old → new, and what they wrote."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)
    note = models.TextField(blank=True)
    # Set when the actor typed in, from paper, what this person did (submitted, signed, rated).
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"


class Answer(models.Model):
    """The leader's written answer (答复); a second one if the submitter asked for it."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("answer"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["org", "proposal", "round"], name="answer_round_once"),
            models.CheckConstraint(condition=models.Q(round__in=[1, 2]), name="answer_round_1_2"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.round}"


class ImplementationUpdate(models.Model):
    """落实情况: what has been done about an answered proposal, until it is done."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("progress"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Defaults to now; progress reported on paper keeps the day it was reported.
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class Resolution(models.Model):
    """决议事项: an item the congress votes on, with the chair's tally."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="resolutions")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    document = models.FileField(_("document"), upload_to="congress/resolutions/", blank=True)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)
    # Representatives of the term when the tally was entered: the base for "more than half".
    electorate = models.PositiveIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    tallied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    tallied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.title
