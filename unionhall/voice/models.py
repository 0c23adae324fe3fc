"""The suggestion box (建言献策 / 校长信箱): suggestions, their categories and accepted themes.

An anonymous suggestion has no column that could lead back to its author: `author` is NULL, the
date is a day (not a timestamp), and its idempotency key is a hash of a random form token.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The categories every organisation starts with; each may rename, add or retire its own.
DEFAULT_CATEGORIES = [
    "教育教学",
    "师资队伍",
    "福利待遇",
    "后勤保障",
    "安全管理",
    "校园文化",
    "其他",
]


class VoiceSettings(models.Model):
    """Per organisation: whether parents and students may submit through the public link."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="voice_settings"
    )
    public_enabled = models.BooleanField(
        _("parents and students may submit"),
        default=False,
        help_text=_("Opens a public page where parents and students submit without logging in."),
    )
    # Counted per day (the rate-limit buckets keep no hour, for the writers' anonymity); the
    # field keeps its first name.
    public_per_hour = models.PositiveSmallIntegerField(
        _("public submissions per day from one address"), default=5
    )
    public_intro = models.TextField(_("introduction on the public page"), blank=True)

    class Meta:
        verbose_name = _("suggestion box settings")

    def __str__(self) -> str:
        return str(self.org)


class Category(models.Model):
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="voice_categories"
    )
    name = models.CharField(_("name"), max_length=30)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered to submitters"), default=True)

    class Meta:
        verbose_name = _("suggestion category")
        ordering = ["org", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="voice_category_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme the committee accepted for a group of suggestions (from the grouping helper)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(pgettext_lazy("theme", "accepted"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        ordering = ["-accepted_at", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.split(",") if k]


class Suggestion(models.Model):
    class Channel(models.TextChoices):
        MEMBER = "member", _("staff member")
        PARENT = "parent", _("parent")
        STUDENT = "student", _("student")
        # A member of the public, from the paper box at the gate (校长信箱): no other source known.
        PUBLIC = "public", _("member of the public")

    class State(models.TextChoices):
        NEW = "new", _("new")
        ROUTED = "routed", _("with a responsible person")
        ANSWERED = "answered", _("answered")
        MERGED = "merged", _("merged as a duplicate")

    class Board(models.TextChoices):
        HIDDEN = "", _("not published")
        MEMBERS = "members", _("members' answers board")
        PUBLIC = "public", _("members' and public answers boards")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="suggestions"
    )
    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("suggestion"), max_length=3000)
    channel = models.CharField(_("from"), max_length=10, choices=Channel.choices)
    # NULL for anonymous and public suggestions: nothing else records who wrote them.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A name a parent or student chose to give (optional); members' names come from `author`.
    public_name = models.CharField(_("name given"), max_length=30, blank=True)
    show_name = models.BooleanField(_("the author agrees to be named on the answers board"))
    # A day, not a timestamp, so the time of an anonymous submission cannot be matched to logins.
    submitted_on = models.DateField(_("submitted"), db_index=True)
    # sha256 of the one-time token of the form it came from: a second post of that form is a no-op.
    submission_key = models.CharField(max_length=64, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.NEW, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    adopted = models.BooleanField(_("adopted"), default=False)
    board = models.CharField(
        _("answers board"), max_length=10, choices=Board.choices, default="", blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )

    class Meta:
        verbose_name = _("suggestion")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "submission_key"], name="voice_submission_once"),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(duplicate_of__isnull=False),
                name="voice_merged_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="voice_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(adopted=False) | Q(state="answered"),
                name="voice_adopted_is_answered",
            ),
            models.CheckConstraint(
                condition=Q(board="") | Q(state="answered"),
                name="voice_published_is_answered",
            ),
            models.CheckConstraint(
                condition=Q(channel="member") | Q(author__isnull=True),
                name="voice_public_has_no_user",
            ),
        ]
        indexes = [models.Index(fields=["org", "state", "-submitted_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_anonymous(self) -> bool:
        return self.channel == self.Channel.MEMBER and self.author_id is None

    def author_on_board(self) -> str:
        """How the answers board names the author: never an anonymous one, a named one only if
        they agreed."""
        if self.show_name:
            if self.author_id is not None:
                return str(self.author)
            if self.public_name:
                return self.public_name
        return {
            self.Channel.MEMBER: _("a staff member"),
            self.Channel.PARENT: _("a parent"),
            self.Channel.STUDENT: _("a student"),
            self.Channel.PUBLIC: _("a member of the public"),
        }[self.channel]


class PublicRateBucket(models.Model):
    """How many public submissions came from one address (salted hash only) on one day.

    A day, never an hour: a bucket's time could date an anonymous suggestion. Buckets older
    than yesterday are pruned by `manage.py voice_prune` (cron)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    address_hash = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "address_hash", "day"], name="voice_rate_bucket_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.count}"


class SpentChallenge(models.Model):
    """A question of the public link that was answered, right or wrong, so that it is answered
    once: its random id, kept until the question has expired anyway (`manage.py voice_prune`).

    Showing the page writes nothing: the question travels in the page as a signed token
    (services.public_challenge_new); a row is written only when a form is posted."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    challenge_id = models.CharField(max_length=32)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "challenge_id"], name="voice_challenge_answered_once"
            )
        ]

    def __str__(self) -> str:
        return self.challenge_id[:8]
