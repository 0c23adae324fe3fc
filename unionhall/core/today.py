"""What waits on the person who opens the home page today, gathered from the apps.

Each app that keeps something a person must act on (a proposal to answer, a vote open to them, a
sign-up closing) contributes it from its own `today.py` (loaded by `autodiscover`, like panels,
indicators and summary sections):

    from unionhall.core.today import Waiting, waiting

    @waiting("voice.route", capability="voice.manage")
    def suggestions_to_route(request, today):
        n = selectors.state_counts(org=request.org).get("new", 0)
        return [Waiting(_("%(n)s suggestions to route") % {"n": n}, url)] if n else []

A provider is called only for a user whose roles hold its capability, and runs a fixed number of
queries (one, as a rule) whatever the data size; it returns [] when nothing waits.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules


@dataclasses.dataclass
class Waiting:
    text: str
    href: str
    due: dt.date | None = None  # the deadline (or the day it happens), when it has one
    overdue: bool = False
    # A second link beside the first (e.g. an activity's check-in), with its own words.
    action: str = ""
    action_href: str = ""
    name: str = ""  # the provider's name, set when gathered


_PROVIDERS: dict[str, tuple[int, str, Callable]] = {}


def waiting(name: str, *, capability: str, order: int = 50):
    def register(function: Callable) -> Callable:
        _PROVIDERS[name] = (order, capability, function)
        return function

    return register


_discovered = False


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("today")
        _discovered = True


def providers() -> dict[str, tuple[int, str, Callable]]:
    autodiscover()
    return dict(_PROVIDERS)


def waiting_for(request, *, today: dt.date, allows: Callable[[str], bool]) -> list[Waiting]:
    """Everything that waits on the user in `request.org`, the nearest deadline first (overdue
    ones at the top), then what has no deadline, in the providers' order."""
    gathered = []
    for name, (order, capability, function) in sorted(providers().items(), key=_order):
        if not allows(capability):
            continue
        for item in function(request, today):
            item.name = name
            gathered.append((order, item))
    gathered.sort(key=lambda pair: (pair[1].due is None, pair[1].due or today, pair[0]))
    return [item for _order, item in gathered]


def _order(entry):
    name, (order, _capability, _function) = entry
    return (order, name)
