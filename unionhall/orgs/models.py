from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.orgs.roles import Role


class User(AbstractUser):
    """A person who logs in, by 工号 or mobile number. Roles come from RoleAssignment."""

    display_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    # Set with a one-time password given by someone else: every page leads to the password
    # change until the person has chosen their own.
    must_change_password = models.BooleanField(_("must change the password"), default=False)

    def __str__(self) -> str:
        return self.display_name or self.username


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District education union")
        SCHOOL = "school", _("School union")

    class SchoolType(models.TextChoices):
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        PRIMARY = "primary", _("Primary school")
        JUNIOR = "junior", _("Junior secondary school")
        SENIOR = "senior", _("Senior secondary school")
        SECONDARY = "secondary", _("Complete secondary school")
        NINE_YEAR = "nine_year", _("Nine-year school")
        VOCATIONAL = "vocational", _("Vocational school")
        SPECIAL = "special", _("Special education school")
        OTHER = "other", _("Other")

    class CongressForm(models.TextChoices):
        CONGRESS = "congress", _("Staff congress (representatives)")
        ASSEMBLY = "assembly", _("Assembly of all staff")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("district union"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
    )
    school_type = models.CharField(
        _("school type"), max_length=15, choices=SchoolType.choices, blank=True
    )
    staff_count = models.PositiveIntegerField(_("number of staff"), null=True, blank=True)
    # Blank: by the staff count (settings.CONGRESS_MIN_STAFF); the chair may choose otherwise.
    congress_form = models.CharField(
        _("democratic management body"), max_length=10, choices=CongressForm.choices, blank=True
    )
    # An archived school is kept with all its records, and left out of the district's lists.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="district", parent__isnull=True)
                | models.Q(kind="school", parent__isnull=False),
                name="org_school_has_district",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind == self.Kind.SCHOOL

    @property
    def congress_form_by_rule(self) -> str:
        """教代会 from the threshold number of staff up, 教职工大会 below it."""
        if self.staff_count is not None and self.staff_count < settings.CONGRESS_MIN_STAFF:
            return self.CongressForm.ASSEMBLY
        return self.CongressForm.CONGRESS

    @property
    def congress_form_in_force(self) -> str:
        return self.congress_form or self.congress_form_by_rule


class FormerName(models.Model):
    """A name the organisation had until `used_until`: old documents keep the name of their day
    (see selectors.name_on)."""

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="former_names")
    name = models.CharField(_("name"), max_length=100)
    used_until = models.DateField(_("used until"))
    recorded_by = models.ForeignKey(
        "User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former name")
        ordering = ["org", "used_until"]
        constraints = [
            models.UniqueConstraint(fields=["org", "used_until"], name="former_name_once_a_day")
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    """The dates of one school year of one organisation, when they differ from the usual
    1 September to 31 August (selectors.school_year_of_org)."""

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="school_years")
    start_year = models.PositiveSmallIntegerField(_("school year starting in"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("school year")
        ordering = ["org", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "start_year"], name="school_year_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="school_year_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"


class Department(models.Model):
    """教研组、年级组、行政后勤… A member belongs to one."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", _("Subject group")
        GRADE = "grade", _("Grade group")
        ADMINISTRATION = "administration", _("Administration and support")

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.SUBJECT)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_frontline = models.BooleanField(
        _("front-line teaching"),
        default=True,
        help_text=_("Its staff teach classes (counts towards front-line representation)."),
    )

    class Meta:
        verbose_name = _("department")
        ordering = ["org", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="department_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="role_once_per_user_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"
