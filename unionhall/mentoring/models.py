"""Mentoring (师徒结对): contracts pairing a mentor with mentees, their logs, and each term's
assessment.

A contract runs for a term (usually one school year, `core.periods.Period.school_year`) and sets
targets for each pair (the mentor and one mentee): lessons the mentor observes of the mentee and
the mentee of the mentor, the mentee's open lessons, papers and reading notes. Progress is
counted from the logs dated within the term; at its end the chair assesses each pair.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The usual targets (domain facts B-11/B-12: 7 or 8 observed lessons a term, two open lessons,
# one paper, reading notes); an organisation changes them in its settings.
DEFAULT_OBSERVATIONS = 8
DEFAULT_OPEN_LESSONS = 2
DEFAULT_PAPERS = 1
DEFAULT_READING_NOTES = 2


class MentoringSettings(models.Model):
    """An organisation's default targets for new contracts (the facts say 7 or 8 lessons)."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="mentoring_settings"
    )
    observations = models.PositiveSmallIntegerField(
        _("lessons each observes of the other"), default=DEFAULT_OBSERVATIONS
    )
    open_lessons = models.PositiveSmallIntegerField(_("open lessons"), default=DEFAULT_OPEN_LESSONS)
    papers = models.PositiveSmallIntegerField(_("papers"), default=DEFAULT_PAPERS)
    reading_notes = models.PositiveSmallIntegerField(
        _("reading notes"), default=DEFAULT_READING_NOTES
    )

    class Meta:
        verbose_name = _("mentoring settings")

    def __str__(self) -> str:
        return f"{self.org}: {self.observations}"


class Contract(models.Model):
    """A mentoring contract (师徒结对协议): one mentor, one or more mentees, one term."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(
        "members.Member",
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="contracts_as_mentor",
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    signed_on = models.DateField(_("signed on"))
    observations = models.PositiveSmallIntegerField(_("lessons each observes of the other"))
    open_lessons = models.PositiveSmallIntegerField(_("open lessons"))
    papers = models.PositiveSmallIntegerField(_("papers"))
    reading_notes = models.PositiveSmallIntegerField(_("reading notes"))
    note = models.TextField(_("other terms"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring contract")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="mentoring_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.starts_on:%Y}-{self.ends_on:%Y}"


class Pair(models.Model):
    """One mentor–mentee pair of a contract (师徒一对): what the targets and assessment are for."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="pairs")
    mentee = models.ForeignKey(
        "members.Member",
        verbose_name=_("mentee"),
        on_delete=models.PROTECT,
        related_name="mentoring_pairs",
    )

    class Meta:
        verbose_name = _("mentoring pair")
        ordering = ["contract", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "mentee"], name="mentoring_mentee_once")
        ]

    def __str__(self) -> str:
        return f"{self.contract.mentor} — {self.mentee}"


class LogKind(models.TextChoices):
    OBSERVATION = "observation", _("Observed lesson")
    OPEN_LESSON = "open_lesson", _("Open lesson")
    PAPER = "paper", _("Paper submitted")
    READING_NOTE = "reading_note", _("Reading notes")


class Log(models.Model):
    """One thing done under a contract: a lesson `member` observed of `observed`, an open lesson
    `member` gave, a paper or reading notes `member` handed in."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="logs")
    kind = models.CharField(_("kind"), max_length=15, choices=LogKind.choices)
    date = models.DateField(_("date"))
    member = models.ForeignKey(
        "members.Member", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    observed = models.ForeignKey(
        "members.Member",
        verbose_name=_("whose lesson"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    class_name = models.CharField(_("class"), max_length=50, blank=True)
    subject = models.CharField(_("subject"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    comment = models.CharField(_("short comment"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring log")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["org", "contract", "kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="observation") | models.Q(observed__isnull=False),
                name="mentoring_observation_names_teacher",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.member}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class Assessment(models.Model):
    """The chair's assessment of one pair at the end of its term, with the progress it saw."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    pair = models.OneToOneField(Pair, on_delete=models.PROTECT, related_name="assessment")
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    comment = models.TextField(_("comment"))
    targets_met = models.BooleanField(_("targets met"))
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mentoring assessment")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__in=["excellent", "pass", "fail"]),
                name="mentoring_grade_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair}: {self.get_grade_display()}"
