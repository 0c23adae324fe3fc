from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def hidden_label(field) -> SafeString:
    """`{{ form.status|hidden_label }}`: a field shown without a visible label (the filters
    above a list, compact rows), its label still there for screen readers. A filter rather than
    an include: a list's filter row draws five of them on every request."""
    return mark_safe(  # both parts escaped: the label here, the widget by its renderer
        f'<label class="visually-hidden" for="{conditional_escape(field.id_for_label)}">'
        f"{conditional_escape(field.label)}</label>{field}"
    )
