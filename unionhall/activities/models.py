"""Activities and clubs: what the union organises, who signs up, who came (场次, 人次), and what it
cost.

An `Activity` has one `Session` per day it runs (a sports day: one; a two-day trip: two) or, when
it is recurring (daily exercise, a club's weekly practice), one per meeting. Attendance is
recorded per member and session, once. Costs are ledger entries posted through the funds
services with the activity as their source; nothing here stores money of its own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import ImportBatch
from unionhall.funds.models import Category


class ActivityKind(models.Model):
    """A kind of activity (sports, culture, outing, the 三八 activity …): data, per organisation.

    Each organisation gets the default kinds (`services.activity_kinds_seed`) and may add its
    own. `code` names the default ones, so that code (the women's section of the summary) can
    find them whatever their label says."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    recurring = models.BooleanField(
        _("recurring"),
        default=False,
        help_text=_("Activities of this kind usually meet again and again (daily exercise)."),
    )
    for_women = models.BooleanField(
        _("for women staff"),
        default=False,
        help_text=_("The women's day activity: the summary tells it in the women staff section."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of activity")
        ordering = ["org", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="activity_kind_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.TextChoices):
    """Whom an activity is for: the denominator of its participation rate."""

    ALL = "all", _("All members in service")
    TEACHERS = "teachers", _("Teachers (staff of the front-line teaching departments)")
    WOMEN = "women", _("Women staff")
    DEPARTMENT = "department", _("A department")
    RETIREES = "retirees", _("Retired members")
    CLUB = "club", _("A club")
    LIST = "list", _("A list of members")


class Club(models.Model):
    """A club or interest group (协会 / 兴趣小组): its statute, officers and members. Its
    meetings are a recurring activity whose target group is the club."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    statute = models.TextField(_("statute"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    annual_subsidy = models.DecimalField(
        _("yearly subsidy"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the union gives the club from its funds each year."),
    )
    members = models.ManyToManyField(
        "members.Member", through="ClubMembership", related_name="clubs", blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("club")
        ordering = ["org", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="club_name_unique_in_org"),
        ]

    def __str__(self) -> str:
        return self.name


class ClubMembership(models.Model):
    """A member in a club, from the day they joined until the day they left (never deleted)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        OFFICER = "officer", _("Officer")
        MEMBER = "member", _("Member")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="memberships")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="club_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("club membership")
        ordering = ["club", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["club", "member"],
                condition=models.Q(left_on__isnull=True),
                name="club_member_once_while_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.club} · {self.member}"


class Activity(models.Model):
    """One activity the union organises (a sports day, a trip, the 三八 activity, daily exercise).

    Other apps build on it (a competition is an activity with entries: a OneToOne to this
    model); keep its name and these fields stable."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(
        ActivityKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target = models.CharField(
        _("for whom"), max_length=12, choices=Target.choices, default=Target.ALL
    )
    target_department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_club = models.ForeignKey(
        Club,
        verbose_name=_("club"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    # The members a LIST activity is for (their ids, in order): a field of the
    # activity, so that its history records who was added to or taken off the list.
    audience_members = models.JSONField(_("members listed"), default=list, blank=True)
    budget_category = models.CharField(
        _("budget line"),
        max_length=20,
        choices=[(c.value, c.label) for c in Category.expense()],
        default=Category.ACTIVITIES,
    )
    recurring = models.BooleanField(
        _("recurring"),
        default=False,
        help_text=_(
            "Meets again and again (daily exercise, a club's practice): one session per meeting."
        ),
    )
    signup_required = models.BooleanField(_("members sign up"), default=False)
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    # The questions a sign-up asks: [{"name": "size", "label": "衣服尺码", "choices": [...],
    # "required": true}]; a question without choices takes a short text.
    signup_fields = models.JSONField(_("sign-up questions"), default=list, blank=True)
    # Called off before it took place (`services.activity_cancel`): kept, never deleted, and
    # left out of every figure.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # How the history names the cancellation, an event rather than a field.
    # Cancellations recorded before they went through audited_update (as `cancel_reason`).
    audit_labels = {"cancelled": _("reason for cancelling")}

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "starts_on"], name="activity_org_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(target="department")
                | models.Q(target_department__isnull=False),
                name="activity_department_target_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(target="club") | models.Q(target_club__isnull=False),
                name="activity_club_target_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One meeting of an activity (场次): a day of a one-off activity, one practice of a club."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("session")
        ordering = ["activity", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="session_once_a_day"),
        ]
        indexes = [models.Index(fields=["org", "date"], name="session_org_date")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.date}"


class SignUp(models.Model):
    """A member's sign-up: in, on the waiting list, or withdrawn (kept, never deleted)."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        WAITING = "waiting", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="signups")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    signed_up_at = models.DateTimeField(_("signed up at"))
    promoted_at = models.DateTimeField(_("given a place at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up")
        ordering = ["activity", "signed_up_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=~models.Q(status="withdrawn"),
                name="signup_once_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"


class Attendance(models.Model):
    """A member at one session (签到), once. `how`: scanned the QR code, ticked by the organiser,
    or typed in later from the paper list."""

    class How(models.TextChoices):
        QR = "qr", _("Scanned the QR code")
        TICKED = "ticked", _("Ticked by the organiser")
        PAPER = "paper", _("From the paper list")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    how = models.CharField(_("how"), max_length=6, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="activity_attendance_once"),
        ]
        indexes = [models.Index(fields=["org", "activity"], name="attendance_org_activity")]

    def __str__(self) -> str:
        return f"{self.session} · {self.member}"


class AttendanceImport(ImportBatch):
    """A sign-in sheet typed up from paper (.xlsx), kept from preview to confirmation, then as
    the record of what it brought in (`services.attendance_import`)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="attendance_imports"
    )
    file = models.FileField(upload_to="imports/attendance/%Y/%m/")

    class Meta(ImportBatch.Meta):
        verbose_name = _("sign-in sheet import")
