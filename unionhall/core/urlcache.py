"""reverse(), remembered: a page's links are the same URLs request after request.

Django's `reverse()` walks the resolver and quotes each argument (tens of microseconds each),
and a page shows dozens of links: the navigation alone has twenty. For a given URLconf, script
prefix and arguments the answer never changes, so `cached_reverse()` remembers it (bounded, per
process). Only plain str and int arguments are remembered; anything else goes to `reverse()`.

The `{% url %}` tag of every template uses it (`unionhall.core.templatetags.urls`, a template
builtin in settings): same syntax, same output, same errors.
"""

from collections.abc import Callable
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_SIZE = 16384


def _plain(values) -> bool:
    """Strings (a template's literals are SafeStrings) and ints, not bools or lazy text."""
    return all(isinstance(value, str) or type(value) is int for value in values)


@lru_cache(maxsize=_SIZE)
def _remembered(urlconf, prefix, viewname, args, kwargs, current_app) -> str:
    return reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def cached_reverse(viewname, *, args=(), kwargs=None, current_app=None) -> str:
    kwargs = kwargs or {}
    if not isinstance(viewname, str) or not _plain(args) or not _plain(kwargs.values()):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(
        get_urlconf(),
        get_script_prefix(),
        str(viewname),
        tuple(str(a) if isinstance(a, str) else a for a in args),
        tuple(sorted((k, str(v) if isinstance(v, str) else v) for k, v in kwargs.items())),
        current_app,
    )


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _remembered.cache_clear()


# A number no route's pk reaches, reversed in place of each row's pk and then replaced.
_EACH = 2147483647


def url_for_each(viewname: str, **kwargs) -> Callable[[int], str]:
    """The URLs of one route for many rows: `url_for_each("members:detail", org=code)(pk)`.

    A list page links every row to its own page. Reversing once per row costs the resolver's
    walk fifty times a page, and remembering each row's URL would fill `cached_reverse`'s
    memory with one entry per record. The route is reversed once (remembered), with a stand-in
    pk, and each row's URL is that string with the row's pk in place of the stand-in.
    """
    template = cached_reverse(viewname, kwargs={**kwargs, "pk": _EACH})
    stand_in = str(_EACH)
    if template.count(stand_in) != 1:  # another argument happens to hold the stand-in
        return lambda pk: reverse(viewname, kwargs={**kwargs, "pk": pk})
    head, tail = template.split(stand_in)
    return lambda pk: f"{head}{int(pk)}{tail}"
