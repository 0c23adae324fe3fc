"""Themes found among the suggestions: accepting the drafted ones and editing one."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, versions
from unionhall.core.i18n import Msg
from unionhall.voice.models import Suggestion, Theme

# Themes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeDraft:
    name: str
    keywords: list[str]
    suggestion_ids: list[int]


@transaction.atomic
def themes_accept(*, org, actor, drafts: list[ThemeDraft]) -> list[Theme]:
    """Store the themes the committee accepted and link their suggestions to them."""
    wanted = {pk for draft in drafts for pk in draft.suggestion_ids}
    found = set(Suggestion.objects.filter(org=org, pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError(_("Some suggestions are not this organisation's."))
    themes = []
    for draft in drafts:
        name = draft.name.strip()
        if not name:
            raise ValidationError(_("Every theme needs a name."))
        if not draft.suggestion_ids:
            continue
        theme = audit.audited_create(
            Theme(
                org=org,
                name=name[:60],
                keywords=",".join(k.strip() for k in draft.keywords if k.strip())[:200],
                accepted_by=actor,
            ),
            org=org,
            actor=actor,
            summary=Msg(
                gettext_noop("Theme “%(name)s” accepted (suggestions: %(count)s)"),
                name=name[:60],
                count=len(draft.suggestion_ids),
            ),
        )
        Suggestion.objects.filter(org=org, pk__in=draft.suggestion_ids).update(theme=theme)
        versions.bump(org.pk, "voice")  # an update of a queryset sends no signal
        themes.append(theme)
    return themes


@transaction.atomic
def theme_update(*, theme: Theme, actor, name: str, keywords: list[str]) -> Theme:
    locked = Theme.objects.select_for_update().get(pk=theme.pk, org_id=theme.org_id)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Every theme needs a name.")})
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=["name", "keywords"],
        changes={
            "name": name[:60],
            "keywords": ",".join(k.strip() for k in keywords if k.strip())[:200],
        },
    )
    return locked
