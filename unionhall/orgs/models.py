from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.orgs.roles import Role


class User(AbstractUser):
    """A person who logs in, by 工号 or mobile number. Roles come from RoleAssignment."""

    display_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    # Set when an officer hands out a one-time password: the next login must choose a new one.
    must_change_password = models.BooleanField(_("must change the password"), default=False)

    def __str__(self) -> str:
        return self.display_name or self.username


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District education union")
        SCHOOL = "school", _("School union")

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


class Department(models.Model):
    """教研组、年级组、行政后勤… A member belongs to one."""

    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=50)
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
