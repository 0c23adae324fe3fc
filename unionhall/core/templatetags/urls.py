"""`{% url %}` through `cached_reverse()` (unionhall/core/urlcache.py), and `{% static %}`
remembered the same way: template builtins, so every template's `{% url %}` and `{% static %}`
are these (a template that loads Django's `static` library gets Django's own again). Same
syntax, output and errors as Django's."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from unionhall.core.urlcache import cached_reverse

register = template.Library()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@lru_cache(maxsize=1024)
def _static_url(path: str) -> str:
    """A static file's URL (with its hashed name in production), found once per process: the
    storage's lookup and URL joining cost every page a few tenths of a millisecond otherwise."""
    return StaticNode.handle_simple(path)


@receiver(setting_changed)
def _forget_static(*, setting, **kwargs) -> None:
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS"}:
        _static_url.cache_clear()


class CachedStaticNode(StaticNode):
    def url(self, context):
        path = self.path.resolve(context)
        return _static_url(path) if isinstance(path, str) else self.handle_simple(path)


@register.tag
def static(parser, token):
    node = StaticNode.handle_token(parser, token)
    return CachedStaticNode(varname=node.varname, path=node.path)
