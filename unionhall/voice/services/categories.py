"""The suggestion box's categories: the ones every organisation starts with, and editing them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unionhall.core import audit
from unionhall.core.models import AuditEntry
from unionhall.voice.models import DEFAULT_CATEGORIES, Category

# Categories -------------------------------------------------------------------------------------


def categories_ensure(*, org) -> None:
    """Give an organisation the default categories the first time it uses the suggestion box."""
    if Category.objects.filter(org=org).exists():
        return
    Category.objects.bulk_create(
        [Category(org=org, name=name, sort_order=n) for n, name in enumerate(DEFAULT_CATEGORIES)],
        ignore_conflicts=True,
    )


@transaction.atomic
def category_save(*, org, actor, name: str, sort_order: int, active: bool, category=None):
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    clash = Category.objects.filter(org=org, name=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"name": _("This organisation already has a category of that name.")})
    created = category is None
    if created:
        category = Category(org=org)
    audit.audited_update(
        category,
        org=org,
        actor=actor,
        fields=["name", "sort_order", "active"],
        changes={"name": name, "sort_order": sort_order, "active": active},
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        summary=name,
        created=created,
    )
    return category
