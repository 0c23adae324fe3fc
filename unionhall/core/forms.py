from django import forms


class StyledForm:
    """Give every widget Bootstrap's class, so templates render fields with one include.

    A list of check boxes or radio buttons (CheckboxSelectMultiple is a RadioSelect) gets
    `form-check-input`: with `form-control` each box is drawn as a flat bar the width of its
    column, and a tick cannot be seen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            if isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "form-check-input"
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
