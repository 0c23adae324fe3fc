"""The grouping helper's page: proposed themes the committee edits and accepts."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.core.actions import run_action
from unionhall.core.params import id_param, parse_int
from unionhall.orgs.access import requires
from unionhall.voice import selectors, services
from unionhall.voice.forms import ThemeForm
from unionhall.voice.models import Theme
from unionhall.voice.services import ThemeDraft

MAX_THEMES = 20


def _batch(request):
    query = request.GET if request.GET.get("category") else request.POST
    category = id_param(request, "category", query=query)
    return category, list(selectors.ungrouped(org=request.org, category=category))


def _drafts_from_post(post, suggestions) -> list[ThemeDraft]:
    """Read the edited themes: names, keywords, and which theme each suggestion went to."""
    count = min(parse_int(post.get("theme_count", "0"), minimum=0) or 0, MAX_THEMES)
    members: dict[int, list[int]] = {n: [] for n in range(count)}
    for s in suggestions:
        choice = parse_int(post.get(f"assign-{s.pk}", ""), minimum=0, maximum=MAX_THEMES)
        if choice in members:
            members[choice].append(s.pk)
    return [
        ThemeDraft(
            name=post.get(f"theme-{n}-name", ""),
            keywords=post.get(f"theme-{n}-keywords", "").replace("，", ",").split(","),
            suggestion_ids=members[n],
        )
        for n in range(count)
    ]


@requires("voice.manage")
def grouping(request):
    category, suggestions = _batch(request)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.themes_accept(
            org=request.org,
            actor=request.user,
            drafts=_drafts_from_post(request.POST, suggestions),
        ),
        success=lambda themes: (
            ngettext(
                "%(count)s theme was accepted.", "%(count)s themes were accepted.", len(themes)
            )
            % {"count": len(themes)}
        ),
        redirect_to=reverse("voice:themes", kwargs={"org": request.org.code}),
        template="voice/grouping.html",
        context=lambda form: _grouping_context(request, category, suggestions),
    )


def _grouping_context(request, category, suggestions) -> dict:
    # Imported here: scikit-learn takes seconds to import, and only this page needs it.
    from unionhall.voice.grouping import propose_themes, text_of

    proposed = propose_themes([text_of(s.title, s.body) for s in suggestions])
    rows = []
    for n, theme in enumerate(proposed):
        rows.append(
            {
                "index": n,
                "name": theme.name,
                "keywords": ",".join(theme.keywords),
                "suggestions": [suggestions[i] for i in theme.members],
            }
        )
    return {
        "themes": rows,
        "total": len(suggestions),
        "category": category,
        "categories": selectors.categories(org=request.org),
    }


@requires("voice.manage")
def themes(request):
    rows = selectors.themes(org=request.org)
    return render(request, "voice/themes.html", {"themes": rows})


@requires("voice.manage")
def theme_detail(request, pk: int):
    theme = get_object_or_404(Theme, org=request.org, pk=pk)
    form = ThemeForm(request.POST or None, initial={"name": theme.name, "keywords": theme.keywords})
    return run_action(
        request,
        form=form,
        perform=lambda data: services.theme_update(
            theme=theme,
            actor=request.user,
            name=data["name"],
            keywords=data["keywords"].replace("，", ",").split(","),
        ),
        success=_("The theme was saved."),
        redirect_to=reverse("voice:theme", kwargs={"org": request.org.code, "pk": theme.pk}),
        template="voice/theme.html",
        context={
            "theme": theme,
            "suggestions": theme.suggestions.filter(org=request.org).select_related("category"),
        },
    )
