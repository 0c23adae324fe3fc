"""The district education union (区教育工会) above its schools: the annual return (年报), data calls
(通知/报送), the congress reports that reach it, and the assessment (考核) by a rubric.

Every row has `org`: the school it belongs to (a return, a reply, a score) or the district (a
round, a call, a rubric). Rows that belong to a school also carry `district`, so the district's
pages are one query grouped by school, never a loop over schools.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import percent

# The figures of an annual return: (field, label). Counts are people; amounts are yuan.
RETURN_COUNTS = (
    ("staff", _("Staff")),
    ("women_staff", _("Women staff")),
    ("members", _("Members")),
    ("women_members", _("Women members")),
    ("representatives", _("Congress representatives")),
    ("women_representatives", _("Women representatives")),
    ("care_person_visits", _("Care given (person-visits)")),
)
RETURN_AMOUNTS = (
    ("care_amount", _("Care given (yuan)")),
    ("dues_collected", _("Dues collected (yuan)")),
)
RETURN_FLAGS = (
    ("has_women_committee", _("Has a women staff committee")),
    ("has_audit_committee", _("Has a fund audit committee")),
    ("has_congress", _("Holds a staff congress")),
    ("has_open_affairs", _("Keeps school affairs open (校务公开)")),
)


class ReturnRound(models.Model):
    """The district's call for the year's annual returns, with its deadline."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annual return round")
        ordering = ["org", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="return_round_once_a_year")
        ]

    def __str__(self) -> str:
        return _("Annual return %(year)s") % {"year": self.year}


class AnnualReturn(models.Model):
    """One school's return for one year. Filled from the indicators while a draft; once the
    chair submits it, a frozen snapshot: later changes to the ledgers do not change it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(ReturnRound, on_delete=models.PROTECT, related_name="returns")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    staff = models.PositiveIntegerField(_("Staff"), default=0)
    women_staff = models.PositiveIntegerField(_("Women staff"), default=0)
    members = models.PositiveIntegerField(_("Members"), default=0)
    women_members = models.PositiveIntegerField(_("Women members"), default=0)
    representatives = models.PositiveIntegerField(_("Congress representatives"), default=0)
    women_representatives = models.PositiveIntegerField(_("Women representatives"), default=0)
    care_person_visits = models.PositiveIntegerField(_("Care given (person-visits)"), default=0)
    care_amount = models.DecimalField(
        _("Care given (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    dues_collected = models.DecimalField(
        _("Dues collected (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    has_women_committee = models.BooleanField(_("Has a women staff committee"), default=False)
    has_audit_committee = models.BooleanField(_("Has a fund audit committee"), default=False)
    has_congress = models.BooleanField(_("Holds a staff congress"), default=False)
    has_open_affairs = models.BooleanField(_("Keeps school affairs open (校务公开)"), default=False)
    # Where each figure came from when it was filled (indicator name → value as text).
    sources = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual return")
        ordering = ["round", "org__code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "round"], name="annual_return_once_a_round"),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(submitted_at__isnull=False),
                name="annual_return_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["district", "year", "state"])]

    def __str__(self) -> str:
        return f"{self.org} · {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def join_rate(self) -> float | None:
        """入会率: members ÷ staff, in per cent."""
        return percent(self.members, self.staff)

    @property
    def on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.round.due_on


class DataCall(models.Model):
    """A request from the district for a file from each school by a date (e.g. the hardship
    files by 20 December), with the template the schools fill in."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    instructions = models.TextField(_("instructions"), blank=True)
    template = models.FileField(_("template file"), upload_to="district/calls/", blank=True)
    template_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data call")
        ordering = ["org", "-due_on", "-id"]

    def __str__(self) -> str:
        return self.title


class DataCallReply(models.Model):
    """A school's upload for a call. A school may upload again before the deadline; every
    upload is kept, the latest is its reply."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(DataCall, on_delete=models.PROTECT, related_name="replies")
    file = models.FileField(upload_to="district/replies/")
    filename = models.CharField(max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data call reply")
        ordering = ["call", "org", "-uploaded_at", "-id"]
        indexes = [models.Index(fields=["call", "org"])]

    def __str__(self) -> str:
        return self.filename


class CongressReport(models.Model):
    """A school's congress session as reported to the district: collected automatically once
    the session is held, on time when within the working days the rule allows."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(
        "congress.Session", on_delete=models.PROTECT, related_name="district_report"
    )
    held_on = models.DateField(_("held on"))
    due_on = models.DateField(_("due on"))
    received_on = models.DateField(_("received on"))
    # The session's figures when it reached the district (name → value).
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("congress report")
        ordering = ["district", "-held_on", "org__code"]

    def __str__(self) -> str:
        return f"{self.org} · {self.held_on}"

    @property
    def on_time(self) -> bool:
        return self.received_on <= self.due_on

    @property
    def proposals_received(self) -> int | None:
        return self.figures.get("congress.proposals_received")


class CompareSnapshot(models.Model):
    """One indicator's values for every school of a district over a year, as last worked out
    (one grouped query). The comparison page reads these, so that it answers at once for a
    thousand schools; `manage.py district_refresh` (cron) and the page's refresh button work
    them out again, and a page finding one older than its age limit, or missing a school, works
    it out before showing it."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    # School id (as text) → value (a number, or a Decimal as text); schools without records
    # are left out; `schools` lists every school the values were worked out for.
    values = models.JSONField(default=dict)
    schools = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "name"], name="compare_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} · {self.year} · {self.name}"


# Assessment (考核) -------------------------------------------------------------------------------


class Rubric(models.Model):
    """The district's scoring table: items with points, tiers, and bonus points by honour."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("rubric")
        ordering = ["org", "name"]

    def __str__(self) -> str:
        return self.name


class Automatic(models.TextChoices):
    """Items the records decide."""

    NONE = "", _("Scored by hand")
    CONGRESS_HELD = "congress_held", _("A congress session held in the year")
    PROPOSALS_ANSWERED = "proposals_answered", _("Proposals answered (answer rate)")
    CARE_FILES = "care_files", _("Care records kept")
    JOIN_RATE = "join_rate", _("Join rate of the annual return")
    RETURN_ON_TIME = "return_on_time", _("Annual return submitted on time")


class RubricItem(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("section"), max_length=50)
    title = models.CharField(_("item"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    evidence = models.CharField(_("evidence needed"), max_length=200, blank=True)
    mandatory = models.BooleanField(
        _("mandatory"), default=False, help_text=_("Scoring nothing here blocks every tier.")
    )
    automatic = models.CharField(
        _("scored from the records"), max_length=20, choices=Automatic.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric item")
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gt=0), name="rubric_item_points")
        ]

    def __str__(self) -> str:
        return self.title


class RubricTier(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("tier"), max_length=30)
    min_score = models.DecimalField(_("from score"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("tier")
        ordering = ["rubric", "-min_score"]

    def __str__(self) -> str:
        return self.name


class RubricBonus(models.Model):
    """Bonus points for an honour of a level (区级模范教工之家 +1 …)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bonuses")
    label = models.CharField(_("honour"), max_length=100)
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("bonus")
        ordering = ["rubric", "points", "id"]

    def __str__(self) -> str:
        return self.label


class AssessmentRound(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    self_due_on = models.DateField(_("self-assessment due on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment round")
        ordering = ["org", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="assessment_round_once_a_year")
        ]

    def __str__(self) -> str:
        return _("Assessment %(year)s") % {"year": self.year}


class Assessment(models.Model):
    """One school's assessment in a round: its scores per item, bonuses, total and tier
    (the total and tier are kept up to date by the services, so the ranking is one query)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="schools")
    self_total = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal("0.0"))
    total = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal("0.0"))
    bonus = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal("0.0"))
    tier = models.CharField(max_length=30, blank=True)
    vetoed = models.BooleanField(default=False)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        ordering = ["round", "-total", "org__code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "round"], name="assessment_once_a_round")
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.round.year}"


class ItemScore(models.Model):
    """An item's scores for a school: from the records (automatic, with the evidence), the
    school's own, and the district's. Both hand scores are kept."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    auto_score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    auto_evidence = models.CharField(max_length=300, blank=True)
    self_score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    self_note = models.CharField(max_length=300, blank=True)
    evidence_file = models.FileField(upload_to="district/evidence/", blank=True)
    district_score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    district_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["assessment", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item}"

    @property
    def own(self) -> Decimal | None:
        """The school's score: the records' for an automatic item, else its own."""
        return self.auto_score if self.item.automatic else self.self_score

    @property
    def final(self) -> Decimal | None:
        """The district's score when it has given one, else the school's."""
        return self.district_score if self.district_score is not None else self.own


class AssessmentBonus(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="bonuses")
    bonus = models.ForeignKey(RubricBonus, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["assessment", "id"]

    def __str__(self) -> str:
        return str(self.bonus)
