from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from unionhall.core.rowhtml import text


class StyledForm:
    """Give every widget Bootstrap's class, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f' {text(name)}="{text(value)}"' if value is not True else f" {text(name)}"
        for name, value in attrs.items()
        if value is not False
    )


def _select_html(widget: dict) -> str:
    parts = [f'<select name="{text(widget["name"])}"', _attrs(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in options:
            attrs = option["attrs"]
            parts.append(
                f'\n  <option value="{text(option["value"])}"{_attrs(attrs) if attrs else ""}>'
                f"{text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_html(widget: dict) -> str:
    value = widget["value"]
    return "".join(
        [
            f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"',
            f' value="{text(value)}"' if value is not None else "",
            _attrs(widget["attrs"]),
            ">",
        ]
    )


# Django's own templates for these widgets, and the same HTML written in Python.
_PYTHON_WIDGETS = {
    "django/forms/widgets/select.html": _select_html,
    **{
        f"django/forms/widgets/{kind}.html": _input_html
        for kind in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
        )
    },
}


class FormRenderer(DjangoTemplates):
    """Django's form renderer, except that selects and plain inputs are written in Python.

    Through the templates, a select costs one template include per option (and the attributes
    another), which made the filter forms above the lists a large part of each page's cost. The
    HTML is the same as Django's templates write (tests/test_form_renderer.py).
    """

    def render(self, template_name, context, request=None):
        python = _PYTHON_WIDGETS.get(template_name)
        if python is not None and "widget" in context:
            return mark_safe(python(context["widget"]))  # every value went through text()
        return super().render(template_name, context, request=request)
