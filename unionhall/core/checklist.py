"""The first-run checklist on a school's home page: what a new school sets up, each item ticked
by the records themselves (a query), never by hand.

The home page lives in orgs, which imports no app above it; the items are registered by the apps
that know the records, in their own `checklist.py` (loaded by `autodiscover`, like panels):

    from unionhall.core.checklist import setup_step

    @setup_step("care_rules", _("Care rules"), order=40, url_name="care:rules")
    def care_rules(org) -> bool:
        return CareRule.objects.filter(org=org).exists()

`url_name` is the page that fills the item (reversed with the organisation's code); `capability`
hides the link from a user who could not use that page.
"""

import dataclasses
from collections.abc import Callable

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclasses.dataclass(frozen=True)
class Step:
    key: str
    label: Promise | str
    order: int
    url_name: str
    capability: str
    done: Callable[[object], bool]


@dataclasses.dataclass(frozen=True)
class StepShown:
    key: str
    label: Promise | str
    done: bool
    href: str


_STEPS: dict[str, Step] = {}


def setup_step(
    key: str, label: Promise | str, *, order: int, url_name: str, capability: str = "org.home"
):
    def register(function: Callable[[object], bool]) -> Callable[[object], bool]:
        _STEPS[key] = Step(key, label, order, url_name, capability, function)
        return function

    return register


def autodiscover() -> None:
    autodiscover_modules("checklist")


def checklist(org, allowed: Callable[[str], bool]) -> list[StepShown]:
    """Each registered step for `org`, in order, with whether its records exist and the page
    that fills it (blank when `allowed(capability)` is false)."""
    autodiscover()
    shown = []
    for step in sorted(_STEPS.values(), key=lambda step: (step.order, step.key)):
        href = reverse(step.url_name, kwargs={"org": org.code}) if allowed(step.capability) else ""
        shown.append(StepShown(step.key, step.label, bool(step.done(org)), href))
    return shown
