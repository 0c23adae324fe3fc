"""A searchable picker for a ModelMultipleChoiceField (members, users): type part of a name, tick
among the matches; the chosen show as ticked boxes ("chips"), each unticked to drop it.

The page renders only the chosen, never the whole queryset: the matches come from a small GET
view (htmx) as the user types. They are posted as the field itself (`<name>=<pk>`, one per
chosen), so the field's own queryset stays the server's check of what may be chosen.

A form that uses it:
- gives the field `widget=Picker(search=...)`, where `search(queryset, q)` narrows the field's
  queryset to the matches (the register's search, `members.selectors.members_matching`);
- mixes in `PickerForm`, and sets the widget's `search_url` (a view that builds the same form
  and returns `picker_matches(request, form, field)`, guarded by the form's own capability).

Without JavaScript the search button posts the form back to its page: nothing is saved, every
field keeps what was typed, and the matches are shown as tick boxes (`PickerForm`).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

# The matches shown for one search; the user types more to narrow them.
MATCH_LIMIT = 20
TEMPLATE = "core/picker.html"


class Picker(forms.SelectMultiple):
    template_name = TEMPLATE

    def __init__(self, *, search: Callable[[QuerySet, str], QuerySet] | None = None, attrs=None):
        super().__init__(attrs)
        self.search = search
        self.search_url = ""
        self.query = ""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        # Widget's, not Select's: Select's lists every choice of the queryset.
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        chosen = self._chosen(widget["value"])
        matches, more = [], False
        if self.query:
            found = self.search(self.choices.queryset, self.query).exclude(
                pk__in=[obj.pk for obj in chosen]
            )
            matches = list(found[: MATCH_LIMIT + 1])
            more = len(matches) > MATCH_LIMIT
            matches = matches[:MATCH_LIMIT]
        widget.update(
            id=widget_id,
            chosen=[self._option(obj, widget_id) for obj in chosen],
            matches=[self._option(obj, widget_id) for obj in matches],
            more=more,
            query=self.query,
            search_url=self.search_url,
        )
        return context

    def format_value(self, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple | QuerySet):
            value = [value]
        return [str(v.pk if isinstance(v, Model) else v) for v in value]

    def _chosen(self, values: list[str]) -> list[Model]:
        """The objects of the field's queryset among `values`: an id the field would refuse
        (another school's, malformed) is not shown."""
        queryset = self.choices.queryset
        pks = []
        for value in values:
            try:
                pks.append(queryset.model._meta.pk.to_python(value))
            except ValidationError:
                continue
        return list(queryset.filter(pk__in=pks)) if pks else []

    def _option(self, obj: Model, widget_id: str) -> dict[str, str]:
        value, label = self.choices.choice(obj)
        return {"value": str(value), "label": label, "id": f"{widget_id}_{obj.pk}"}


class PickerForm:
    """For a form with a Picker: its search button (`<name>_search`, for pages without
    JavaScript) posts the form to show the matches of `<name>_q`; such a post is not valid
    and shows no errors, so nothing is saved and the page is shown again as typed. A post
    that saves shows, if refused, only the chosen (what was typed in the search box is
    dropped)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pickers = {
            self.add_prefix(name): field.widget
            for name, field in self.fields.items()
            if isinstance(field.widget, Picker)
        }
        # Enter in any search box presses the form's first search button: every box searches.
        self.searching = self.is_bound and any(f"{key}_search" in self.data for key in pickers)
        if self.searching:
            for key, widget in pickers.items():
                widget.query = self.data.get(f"{key}_q", "").strip()

    def full_clean(self):
        if self.searching:
            self._errors = ErrorDict(renderer=self.renderer)
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.searching and super().is_valid()


def picker_matches(request: HttpRequest, form: forms.BaseForm, name: str) -> HttpResponse:
    """The matches of the form's picker `name` for `?<name>_q=`, leaving out those already
    chosen (`?<name>=<pk>`…): the fragment the picker's search box asks for."""
    field = form.fields.get(name)
    if field is None or not isinstance(field.widget, Picker):
        raise Http404("no such picker")
    bound = form[name]
    key = bound.html_name
    field.widget.query = request.GET.get(f"{key}_q", "").strip()
    context = field.widget.get_context(key, request.GET.getlist(key), {"id": bound.auto_id})
    return render(request, f"{TEMPLATE}#matches", context)
