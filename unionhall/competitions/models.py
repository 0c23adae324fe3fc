"""Competitions (竞赛、比武、评比): entries, scores, places and prizes under the prize
rules; winners go into the honours register.

A competition is an activity (activities.Activity) with entries: one row here beside it. Its
prize table is data (`PrizeTier`: a rank, how many places, an amount or a gift each). Results
are published once: each prize becomes an `Award`, which posts its money to the funds ledger and
writes its winner into the honours register, linked both ways.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.honours.models import Level, Rank


class Scoring(models.TextChoices):
    MEAN = "mean", _("Judges' scores, the mean")
    TRIMMED = "trimmed", _("Judges' scores, without the highest and lowest")
    DIRECT = "direct", _("Results entered directly")


class CompetitionPolicy(models.Model):
    """An organisation's prize rule setting: the most prize winners may be, as a share of the
    entrants (1/3 or 2/3 by province; rules.DEFAULT_AWARD_SHARE until set)."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="competition_policy"
    )
    award_share_numerator = models.PositiveSmallIntegerField(_("award share: numerator"))
    award_share_denominator = models.PositiveSmallIntegerField(_("award share: denominator"))
    source = models.CharField(_("source or note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("prize rule setting")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(award_share_denominator__gt=0)
                & models.Q(award_share_numerator__gt=0)
                & models.Q(award_share_numerator__lte=models.F("award_share_denominator")),
                name="competition_award_share_a_fraction",
            )
        ]

    def __str__(self) -> str:
        return self.award_share

    @property
    def award_share(self) -> str:
        """The share as the history and the pages write it: "2/3"."""
        return f"{self.award_share_numerator}/{self.award_share_denominator}"


class Competition(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Taking entries and scores")
        PUBLISHED = "published", _("Results published")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="competition",
    )
    scoring = models.CharField(
        _("scoring"), max_length=8, choices=Scoring.choices, default=Scoring.TRIMMED
    )
    trim = models.PositiveSmallIntegerField(
        _("scores dropped at each end"),
        default=1,
        help_text=_("With trimmed scoring: how many highest and lowest scores are left out."),
    )
    level = models.PositiveSmallIntegerField(
        _("level of the prizes"),
        choices=Level.choices,
        default=Level.SCHOOL,
        help_text=_("The level its winners' honours are recorded at."),
    )
    awarding_body = models.CharField(
        _("awarding body"),
        max_length=200,
        blank=True,
        help_text=_("Who awards the prizes; blank: this union."),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    awarded_on = models.DateField(_("prizes awarded on"), null=True, blank=True)
    override_reason = models.TextField(_("reason for overriding the prize rules"), blank=True)
    overridden_rules = models.TextField(_("prize rules overridden"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    audit_labels = {
        "rules": _("prize rules overridden"),
        "prizes": _("Prize table"),
        "score": _("score"),
        "tier": _("prize"),
    }

    class Meta:
        verbose_name = _("competition")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scoring__in=["mean", "trimmed", "direct"]),
                name="competition_scoring_known",
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class PrizeTier(models.Model):
    """One line of the prize table: a rank, how many places, and the amount or gift each."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="tiers")
    rank = models.CharField(_("prize"), max_length=8, choices=Rank.choices)
    places = models.PositiveSmallIntegerField(_("places"))
    amount = models.DecimalField(
        _("amount each"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    gift = models.CharField(_("gift each"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("prize")
        ordering = ["competition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "rank"], name="prize_tier_once"),
            models.CheckConstraint(condition=models.Q(places__gt=0), name="prize_tier_places"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="prize_tier_amount"),
            models.CheckConstraint(condition=~models.Q(rank=""), name="prize_tier_ranked"),
        ]

    def __str__(self) -> str:
        return str(self.get_rank_display())


class Entry(models.Model):
    """An entry: one member, or a team with its members. Withdrawn entries are kept."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="entries")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    team_members = models.ManyToManyField(
        "members.Member", blank=True, related_name="+", verbose_name=_("team members")
    )
    piece = models.CharField(
        _("piece or topic"), max_length=200, blank=True, help_text=_("e.g. the lesson taught")
    )
    # With direct results: the score or mark given; with judges: worked out from their scores.
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    tier = models.ForeignKey(
        PrizeTier,
        verbose_name=_("prize"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["competition", "place", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(member__isnull=False) & models.Q(team_name=""))
                | (models.Q(member__isnull=True) & ~models.Q(team_name="")),
                name="entry_member_or_team",
            ),
            models.UniqueConstraint(
                fields=["competition", "member"],
                condition=models.Q(member__isnull=False, withdrawn_at__isnull=True),
                name="entry_member_once",
            ),
        ]

    def __str__(self) -> str:
        return self.entrant

    @property
    def entrant(self) -> str:
        return self.member.name if self.member_id else self.team_name

    @property
    def is_team(self) -> bool:
        return not self.member_id


class Score(models.Model):
    """One judge's score for one entry."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="scores")
    judge = models.CharField(_("judge"), max_length=50)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("judge's score")
        ordering = ["entry", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="score_once_per_judge"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.judge}"


class Award(models.Model):
    """A prize given when the results were published: its money posted to the ledger, its
    winner written into the honours register (the honour links back here)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="awards")
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="award")
    tier = models.ForeignKey(PrizeTier, on_delete=models.PROTECT, related_name="awards")
    rank = models.CharField(_("prize"), max_length=8, choices=Rank.choices)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    amount = models.DecimalField(_("prize money"), max_digits=12, decimal_places=2)
    gift = models.CharField(_("gift"), max_length=100, blank=True)
    awarded_on = models.DateField(_("awarded on"))
    ledger_entry = models.ForeignKey(
        "funds.LedgerEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("prize awarded")
        ordering = ["competition", "place", "id"]
        indexes = [models.Index(fields=["org", "awarded_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="award_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_rank_display()}"
