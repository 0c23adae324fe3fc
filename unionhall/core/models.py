from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from unionhall.core import i18n


class AuditEntry(models.Model):
    """Who changed what, when: one row per change that matters, with old → new per field."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        EVENT = "event", _("event")
        IMPORT = "import", _("imported")
        EXPORT = "export", _("exported")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The summary as written, in the writer's language; rows written before message ids were
    # kept have only this. Shown through `summary_shown`, in the reader's language.
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    summary_msgid = models.CharField(max_length=200, blank=True)
    summary_params = models.JSONField(default=dict, blank=True)
    # {"field": [old, new]}: values as strings, a choice as its value (rows written before
    # choices were kept as values have the label in the writer's language). Shown through
    # `changes_shown`, in the reader's language.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.summary_shown}"

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language (as written, for rows without a message id)."""
        return i18n.render(self.summary_msgid, self.summary_params, self.summary)

    @property
    def changes_shown(self) -> list[tuple[str, str, str]]:
        """(field's name, old, new) per change, in the reader's language."""
        return self.changes_rows()

    def changes_rows(self, *, hidden: Iterable[str] = ()) -> list[tuple[str, str, str]]:
        """`changes_shown` without the fields in `hidden` (sensitive ones the reader may not see).

        A field is named by its verbose name, a choice by its label; a name that is not a field
        by the model's `audit_labels` (for events such as an override), else as stored."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        hidden = set(hidden)
        rows = []
        for name, change in self.changes.items():
            if name in hidden:
                continue
            old, new = (
                change if isinstance(change, list | tuple) and len(change) == 2 else ("", change)
            )
            field = _field_of(model, name)
            rows.append(
                (_label_of(model, field, name), _value_of(field, old), _value_of(field, new))
            )
        return rows


def _field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label_of(model, field, name: str) -> str:
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    label = getattr(model, "audit_labels", {}).get(name)
    return capfirst(str(label)) if label else name


def _value_of(field, value) -> str:
    """A stored value as the reader sees it: a choice's label in the reader's language, also for
    old rows that stored the label in the writer's language; anything else as stored."""
    value = "" if value is None else str(value)
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if not value or not choices:
        return value
    for key, label in choices:
        if str(key) == value:
            return str(label)
    for _key, label in choices:
        if value in _label_in_every_language(label):
            return str(label)
    return value


def _label_in_every_language(label) -> set[str]:
    shown = set()
    for code, _name in settings.LANGUAGES:
        with override(code):
            shown.add(str(label))
    return shown


class SensitiveAccess(models.Model):
    """A record that someone read sensitive personal data (PIPL): whose, which fields, when."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=50)
    fields = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.purpose}"


class ImportBatch(models.Model):
    """An uploaded spreadsheet of a staged import (`core.importing`), kept from the preview to
    the confirmation, and afterwards as the record of what was imported. An app's batch model
    extends it and gives its own `file` (where the uploads are kept)."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused: has errors")

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    file = models.FileField(upload_to="imports/%Y/%m/")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class OfficialDay(models.Model):
    """One day of the State Council's holiday notice for a year the `chinesecalendar` package
    does not know yet, entered by a district administrator: a day off (休, an official holiday
    or a weekday it moves) or a make-up working day (班, a weekend day worked). Days not listed
    follow Monday to Friday. The package's data is used for every year it has; these rows only
    for the years it lacks (core.workdays)."""

    class Kind(models.TextChoices):
        OFF = "off", _("Day off (休)")
        WORK = "work", _("Make-up working day (班)")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=40)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("official holiday or make-up day")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}"


class DataVersion(models.Model):
    """How many times an organisation's records of one app have changed: what is kept in the
    cache for it (the summary page and its parts) is kept under the versions of the apps it
    reads, and a change moves its app's version on commit (`core.versions`). A row in the
    database, so every worker and app server sees the same. The app "" is moved by a change
    whose app is not said: everything kept for the organisation is kept under it."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    app = models.CharField(max_length=50, blank=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "app"], name="core_dataversion_one_per_app")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.app}: {self.version}"
