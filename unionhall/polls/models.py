"""Polls: elections, congress votes, evaluations, satisfaction surveys and selections with public
notice.

Secrecy lives in the shape of these tables. A `Ballot` and its `Answer`s hold what was chosen and
nothing about who chose it: no voter, no code, no time, and a random key (UUID4), so neither a
column nor the order of keys lines up with the voted register. The register (`Voted`: which
entitled voter, or which one-time code, has voted) is written in the same transaction as the
ballot, with its own random key and only the day; its unique constraints make a second ballot from
the same voter or code impossible, even under concurrent requests.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core.models import ImportBatch
from unionhall.honours.models import Level as HonourLevel
from unionhall.polls.workflow import State


class Kind(models.TextChoices):
    ELECTION = "election", _("Election")
    RESOLUTION = "resolution", _("Resolution vote")
    EVALUATION = "evaluation", _("Evaluation of leaders")
    SATISFACTION = "satisfaction", _("Satisfaction survey")
    SELECTION = "selection", _("Selection vote")


class Mode(models.TextChoices):
    ONLINE = "online", _("Members vote logged in")
    CODES = "codes", _("One-time codes (students and parents)")
    PAPER = "paper", _("Paper ballots counted by scrutineers")


class Poll(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    mode = models.CharField(_("how people vote"), max_length=8, choices=Mode.choices)
    title = models.CharField(pgettext_lazy("poll", "title"), max_length=120)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # The rules that decide the outcome, as data (defaults per kind: polls.rules.defaults_for).
    rules = models.JSONField(_("rules"), default=dict)
    held_on = models.DateField(_("held on"))
    # A runoff (另行选举/再次投票) is a new poll linked to the first.
    runoff_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="runoffs"
    )
    # A congress resolution voted on as a poll (the congress tally stays its paper mode).
    resolution = models.ForeignKey(
        "congress.Resolution", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The snapshot at close: how many were entitled (应到), present (实到) and voted.
    entitled_count = models.PositiveIntegerField(null=True, blank=True)
    present_count = models.PositiveIntegerField(null=True, blank=True)
    voted_count = models.PositiveIntegerField(null=True, blank=True)
    # Decided at close (or at the paper count): the poll stands or, on a failed gate, is void.
    void_reason = models.CharField(_("why the poll is void"), max_length=200, blank=True)
    # The sealed box (polls voted online or with codes): the public key ballots are sealed to,
    # made at opening; its private key is never stored (shares sealed to the key holders, on
    # `Scrutineer`). `box_opened_at`: when two key holders opened the box at the count.
    public_key = models.BinaryField(null=True, blank=True, editable=False)
    box_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("poll")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "kind", "held_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def is_void(self) -> bool:
        """Invalid (无效): a rule failed; it elects no one and is no held poll."""
        return bool(self.void_reason)

    @property
    def is_sealed(self) -> bool:
        """Voted online or with codes: ballots go into a sealed box (paper is counted by hand)."""
        return self.mode != Mode.PAPER

    @property
    def box_sealed(self) -> bool:
        """Ballots are in the sealed box, not yet opened at the count."""
        return bool(self.public_key) and self.box_opened_at is None


class PollTransition(models.Model):
    """The log of every state change: who, when, old → new."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.from_state} → {self.to_state}"


class Scale(models.TextChoices):
    YES_NO_ABSTAIN = "yna", _("For / against / abstain")
    APPROVE = "approve", _("Approve / reject / abstain")
    FOUR_POINT = "four", _("Good / fairly good / fair / poor")
    GRADE = "grade", _("Excellent / competent / basically competent / incompetent")
    SATISFACTION = (
        "satisfaction",
        _("Satisfied / quite satisfied / basically satisfied / not satisfied / don't know"),
    )
    COMMENT = "comment", _("Free comment")


class Question(models.Model):
    """One thing asked: a body to elect (with its seats), a resolution, an item about a leader,
    a teacher to rate in a class. `rules` overrides the poll's rules for this question (an
    election's bodies each have their own seats and surplus)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=200)
    # Whom it is about (a leader evaluated, a teacher rated): grouping for the report.
    subject = models.CharField(_("about"), max_length=100, blank=True)
    # The person rated, when on the register: a teacher reads the comments about them.
    subject_member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scale = models.CharField(_("scale"), max_length=12, choices=Scale.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    # For satisfaction surveys: the class whose codes answer it ("" = every class).
    group = models.CharField(_("class"), max_length=50, blank=True)
    rules = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["poll", "position", "id"]
        indexes = [models.Index(fields=["poll", "position"])]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """A candidate of an election body (with the member, when on the register)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("candidate"), max_length=100)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.label


class PollVoter(models.Model):
    """One entitled voter (应到), frozen when the poll opens; presence (实到) recorded on it."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["poll", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "poll", "user"],
                condition=models.Q(user__isnull=False),
                name="poll_voter_user_once",
            ),
            models.UniqueConstraint(
                fields=["org", "poll", "member"],
                condition=models.Q(member__isnull=False),
                name="poll_voter_member_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VoteCode(models.Model):
    """A one-time code for a student or parent of a class. No roster: the code names a class,
    never a person. Used codes are in `Voted`; an unused code may be voided."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="codes")
    group = models.CharField(_("class"), max_length=50)
    code = models.CharField(_("code"), max_length=12)
    voided = models.BooleanField(_("voided"), default=False)

    class Meta:
        ordering = ["poll", "group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="vote_code_unique_in_org"),
        ]
        indexes = [models.Index(fields=["poll", "group"])]

    def __str__(self) -> str:
        return self.code


class CodeFailures(models.Model):
    """How many code attempts failed (unknown, used or voided codes) from one client address in
    one minute: the throttle on guessing codes (services.attempts). The address is kept only as
    a salted hash; an IPv6 address counts as its /64. Rows older than the throttle's window are
    deleted as new failures come. A code that works writes nothing here."""

    address_hash = models.CharField(max_length=64)
    minute = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address_hash", "minute"], name="poll_code_failures_once_a_minute"
            )
        ]
        indexes = [models.Index(fields=["minute"])]

    def __str__(self) -> str:
        return f"{self.minute:%H:%M} {self.failures}"


class Voted(models.Model):
    """The voted register: this entitled voter, or this code, has voted (never how). Only the
    day is kept. One row per voter and per code, by constraint."""

    moves_data_version = False  # core/versions.py: the count moves it

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Read through its poll, never by school alone: no index of its own to write at each cast.
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voted")
    voter = models.OneToOneField(
        PollVoter, on_delete=models.PROTECT, null=True, blank=True, related_name="voted"
    )
    code = models.OneToOneField(
        VoteCode, on_delete=models.PROTECT, null=True, blank=True, related_name="voted"
    )
    # The class of a code, for the participation counter (codes used of codes issued).
    group = models.CharField(max_length=50, blank=True)
    voted_on = models.DateField()

    class Meta:
        verbose_name = _("voted register entry")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voter__isnull=False, code__isnull=True)
                | models.Q(voter__isnull=True, code__isnull=False),
                name="voted_by_voter_or_code",
            ),
        ]

    def __str__(self) -> str:
        return "voted"


class Ballot(models.Model):
    """One ballot: no voter, no code, no time; a random key. `group` is the class a code
    belonged to (a whole class, never a person), for per-class results."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    group = models.CharField(max_length=50, blank=True)
    # An over-voted ballot is invalid as a whole (kept, counted as invalid).
    valid = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["poll", "group"])]

    def __str__(self) -> str:
        return "ballot"


class Answer(models.Model):
    """What one ballot says on one question: a mark for a candidate, a point on a scale, or a
    comment. No voter, no time; a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.CharField(max_length=12, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "option", "value"])]

    def __str__(self) -> str:
        return "answer"


class SealedBallot(models.Model):
    """A ballot as cast in a poll voted online or with codes: sealed to the poll's public key
    (what was chosen, the code's class and the ballot's validity, padded to one length). No time,
    no class, no voter in clear; a random key. Opened, shuffled and deleted at the count."""

    moves_data_version = False  # core/versions.py: the count moves it

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Read through its poll, never by school alone: no index of its own to write at each cast.
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="sealed_ballots")
    box = models.BinaryField()

    def __str__(self) -> str:
        return "sealed ballot"


class Scrutineer(models.Model):
    """监票人/计票人: named for a paper count; never a candidate of the same poll. For a poll
    voted online or with codes the scrutineers are also its key holders (开箱人): each sets an
    opening passphrase before the poll opens (only its salt and the public key it gives are kept)
    and receives, at opening, a share of the poll's private key sealed to that public key."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="scrutineers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    key_salt = models.BinaryField(null=True, blank=True, editable=False)
    key_public = models.BinaryField(null=True, blank=True, editable=False)
    key_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    key_share = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["poll", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "poll", "user"], name="scrutineer_once"),
        ]

    def __str__(self) -> str:
        return self.name


class PaperCount(models.Model):
    """The ballot box reconciled before the count: issued, returned, valid, invalid. Every ballot
    issued is accounted for: issued = returned + spoiled (exchanged for a fresh one) + not cast
    (handed back unused, or never returned)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="paper_count")
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    spoiled = models.PositiveIntegerField(_("ballots spoiled and exchanged"), default=0)
    unused = models.PositiveIntegerField(_("ballots issued but not cast"), default=0)
    valid = models.PositiveIntegerField(_("valid ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.returned}/{self.issued}"


class PaperTally(models.Model):
    """One scrutineer's entry of the tally ({option or question id: {value: count}}). Two
    entries by two scrutineers must match before the tally counts."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_tallies")
    scrutineer = models.ForeignKey(Scrutineer, on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField()
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "poll", "scrutineer"], name="tally_once_each"),
        ]

    def __str__(self) -> str:
        return f"tally {self.scrutineer_id}"


class SchoolClass(models.Model):
    """One class of the school (年级 · 班级), the list codes are issued for and teaching
    questions are generated from; a class no longer taught is kept, marked inactive."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(_("grade"), max_length=20)
    name = models.CharField(_("class"), max_length=50)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("class")
        ordering = ["grade", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="school_class_once"),
        ]

    def __str__(self) -> str:
        return self.name


class ClassImport(ImportBatch):
    """An uploaded list of classes, kept from preview to confirmation."""

    file = models.FileField(upload_to="imports/classes/%Y/%m/")


class TeachingImport(ImportBatch):
    """An uploaded list of who teaches which class (班级, 教师, 学科), from which a survey's
    questions are generated."""

    # Set as soon as the upload is staged (the staged import creates the batch without it).
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, null=True, related_name="+")
    file = models.FileField(upload_to="imports/teaching/%Y/%m/")


# Selections (评选) ------------------------------------------------------------------------------


class SelectionState(models.TextChoices):
    NOMINATING = "nominating", _("Taking nominations")
    SCORING = "scoring", _("Screened, the judges are scoring")
    VOTING = "voting", _("Screened, in the approval vote")
    NOTICE = "notice", _("Public notice")
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


class Selection(models.Model):
    """评选: nomination (self, a department or group, the committee) → screening against the
    records on the selection's date → the judges' scores (评委打分, where the chair names judges)
    → the approval vote (online, on paper or with one-time codes) with a threshold → 公示 for N
    working days from the vote, with named objections → the decision, written into the honours
    register. A selection can be cancelled with a reason at any stage: what it wrote (honours,
    its 公示) is withdrawn with it, never deleted."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("selection", "title"), max_length=120)
    # 评选日期: the day the conditions are judged on (years in the union, dues, honours held).
    held_on = models.DateField(_("date of the selection"), null=True)
    honour_title = models.CharField(_("honour awarded"), max_length=200)
    honour_level = models.PositiveSmallIntegerField(
        _("level of the honour"), choices=HonourLevel.choices, default=HonourLevel.SCHOOL
    )
    quota = models.PositiveSmallIntegerField(_("places"), default=1)
    # Hard conditions, read from the records at screening.
    min_years = models.PositiveSmallIntegerField(
        _("years in the union at least"), null=True, blank=True
    )
    exclude_holders = models.BooleanField(_("leave out those who already hold it"), default=True)
    dues_paid = models.BooleanField(_("dues must be up to date"), default=True)
    threshold_percent = models.PositiveSmallIntegerField(_("approval needed (%)"), default=80)
    notice_days = models.PositiveSmallIntegerField(_("working days of public notice"), default=5)
    # The judges' scores: the mean of each nominee's scores, without the highest and the lowest
    # where the rules say so (去掉一个最高分和一个最低分).
    trimmed_mean = models.BooleanField(_("drop the highest and the lowest score"), default=False)
    state = models.CharField(
        max_length=10, choices=SelectionState.choices, default=SelectionState.NOMINATING
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    poll = models.OneToOneField(
        Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="selection"
    )
    notice_starts_on = models.DateField(_("notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice until"), null=True, blank=True)
    notice_contact = models.CharField(
        _("objections received by"), max_length=200, blank=True
    )  # who takes objections, with a telephone and a place, as the printed notice says
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("selection")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Nominee(models.Model):
    class By(models.TextChoices):
        SELF = "self", _("Self-nominated")
        GROUP = "group", _("Nominated by a department or group")
        COMMITTEE = "committee", _("Nominated by the union committee")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominees")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    by = models.CharField(_("nominated"), max_length=9, choices=By.choices)
    group_name = models.CharField(_("nominating group"), max_length=100, blank=True)
    # [[condition, passed, detail], …] as found at screening.
    screening = models.JSONField(default=list, blank=True)
    eligible = models.BooleanField(null=True)
    approved = models.BooleanField(null=True)
    awarded = models.BooleanField(null=True)

    class Meta:
        ordering = ["selection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "selection", "member"], name="nominee_once_per_selection"
            )
        ]

    def __str__(self) -> str:
        return str(self.member)


class Judge(models.Model):
    """评委: named by the chair; enters their scores for every nominee in one grid."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="judges")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(_("scores entered at"), null=True, blank=True)

    class Meta:
        ordering = ["selection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "member"], name="judge_once_per_selection")
        ]

    def __str__(self) -> str:
        return str(self.member)


class JudgeScore(models.Model):
    """One judge's score of one nominee, kept as entered (0–100)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="scores")
    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["nominee", "judge"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "nominee"],
                name="selection_score_once_per_judge",
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge}: {self.nominee} {self.score}"


class Objection(models.Model):
    """A named objection during the 公示 (anonymous ones are not accepted), with its outcome."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Telephone")
        VISIT = "visit", _("In person")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="objections")
    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="objections")
    objector = models.CharField(_("name of the objector"), max_length=100)
    channel = models.CharField(_("received by"), max_length=6, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("objection"))
    upheld = models.BooleanField(_("upheld"), null=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["selection", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.objector}: {self.text[:30]}"
