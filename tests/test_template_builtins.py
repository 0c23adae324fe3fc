"""The template builtins `{% url %}` and `{% static %}` remember their answers
(unionhall/core/templatetags/urls.py) and write exactly what Django's own tags write."""

from django.template import engines
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_static_writes_what_djangos_tag_writes():
    assert _render("{% static 'core/unionhall.css' %}") == static("core/unionhall.css")
    assert _render("{% static path as u %}[{{ u }}]", path="core/unionhall.js") == (
        f"[{static('core/unionhall.js')}]"
    )
    django_tag = "{% load static %}{% static 'core/unionhall.css' %}"
    assert _render(django_tag) == _render("{% static 'core/unionhall.css' %}")


def test_static_follows_a_changed_setting():
    before = _render("{% static 'core/unionhall.css' %}")
    with override_settings(STATIC_URL="/elsewhere/"):
        assert _render("{% static 'core/unionhall.css' %}") == "/elsewhere/core/unionhall.css"
    assert _render("{% static 'core/unionhall.css' %}") == before


def test_url_writes_what_reverse_gives(school):
    assert _render("{% url 'members:list' org=code %}", code=school.code) == reverse(
        "members:list", kwargs={"org": school.code}
    )
