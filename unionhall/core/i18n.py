"""Sentences stored untranslated and translated when they are read.

An audit summary or a notice title is read by people using either language, so it is stored as
the message id and its parameters, never as the text in the writer's language:

    audit.record(..., summary=Msg(gettext_noop("Merged into #%(pk)s"), pk=original.pk))

A parameter that is itself translatable (a choice's label, a lazy string, another Msg) is
stored as its message id and translated with the sentence; any other parameter is stored as it
is (numbers) or as its text (names, dates, amounts).
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, override


def _untranslated(text: str | Promise) -> str:
    """The message id of a lazy translation (or the text itself): evaluated with no language
    active, gettext returns the id."""
    with override(None):
        return str(text)


def _stored(value: Any) -> Any:
    """A parameter as kept in JSON: a translatable one as {"msgid": …, "params": …}."""
    if isinstance(value, Msg):
        return {"msgid": value.msgid, "params": value.params}
    if isinstance(value, Promise):
        return {"msgid": _untranslated(value)}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


class Msg:
    """A translatable sentence with its parameters, kept untranslated until shown."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str | Promise, /, **params: Any) -> None:
        self.msgid = _untranslated(msgid)
        self.params = {name: _stored(value) for name, value in params.items()}

    def __str__(self) -> str:
        return render(self.msgid, self.params)

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, **{self.params!r})"


def render(msgid: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """`msgid` with `params`, in the active language; `fallback` (text stored before message ids
    were kept) when there is no message id."""
    if not msgid:
        return fallback
    if not params:
        return gettext(msgid)
    values = {
        name: render(value["msgid"], value.get("params")) if isinstance(value, dict) else value
        for name, value in params.items()
    }
    return gettext(msgid) % values


def stored(text: "str | Promise | Msg") -> tuple[str, str, dict[str, Any]]:
    """(text as written, message id, parameters) for a model's three fields: free text (a name,
    a note) has no message id and reads the same in every language."""
    if isinstance(text, Promise):
        text = Msg(text)
    if isinstance(text, Msg):
        return str(text), text.msgid, text.params
    return str(text), "", {}
