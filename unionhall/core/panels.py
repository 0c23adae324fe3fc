"""Parts of a member's page that other apps write (members imports only core and orgs).

An app that keeps something about a member (honours, mentoring, activities joined) shows it on the
member's page, and on the member's own "My profile" page, by registering a panel in its own
`panels.py` (loaded by `autodiscover`, like indicators and summary sections):

    from unionhall.core.panels import Panel, member_panel

    @member_panel("honours", order=20)
    def honours_panel(request, member):
        honours = selectors.honours_of(member)
        return Panel(_("Honours"), "honours/panel.html", {"honours": honours})

The function returns None to show nothing (no capability, nothing to show). Each panel's template
sees `panel` (the Panel) and its `context` as `panel.context`; it should not query in a loop.
"""

import dataclasses
from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules


@dataclasses.dataclass
class Panel:
    title: str
    template: str
    context: dict = dataclasses.field(default_factory=dict)
    name: str = ""


_PANELS: dict[str, tuple[int, Callable]] = {}


def member_panel(name: str, *, order: int = 50):
    def register(function: Callable) -> Callable:
        _PANELS[name] = (order, function)
        return function

    return register


_discovered = False


def autodiscover() -> None:
    """Import every app's `panels.py`, once per process: looking for the modules again on every
    call cost several milliseconds a page (an import attempt per app)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("panels")
        _discovered = True


def panels_for(request, member) -> list[Panel]:
    """The panels to show on `member`'s page for this request, in their order."""
    autodiscover()
    shown = []
    for name, (_order, function) in sorted(_PANELS.items(), key=lambda item: item[1][0]):
        panel = function(request, member)
        if panel is not None:
            panel.name = name
            shown.append(panel)
    return shown
