"""Named indicators (指标): the only source of figures for summaries, dashboards and roll-ups.

Each app registers its indicators in its own `indicators.py` (loaded by `autodiscover`):

    @indicator("care.visits", _("Care visits"), unit=_("visits"))
    def visits(org, period) -> IndicatorValue:
        rows = CareVisit.objects.filter(org=org, date__range=period.as_range())
        return IndicatorValue(value=rows.count(), records=rows)

An indicator is a function of (organisation, period). It returns its value and the records behind
it, so every printed figure can link to the rows that make it. The registry lives here in core,
so apps never import the reports app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

# Period lives in core.periods; indicators take one, and apps import it from here too.
from unionhall.core.periods import Period


@dataclass
class IndicatorValue:
    """A value (number, Decimal, or a mapping of label → number for breakdowns) and its records.

    `records` is a queryset (or any iterable) of the rows behind the value; it is evaluated only
    when someone asks to see them.
    """

    value: int | Decimal | float | dict[str, Any] | None
    records: Any = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    name: str
    label: Promise | str
    unit: Promise | str
    compute: Callable[[Any, Period], IndicatorValue]
    # How to show one record in a list of records behind a figure: (record) -> str
    describe: Callable[[Any], str] = str
    # The capability a user needs to see the records behind it.
    capability: str = "org.home"

    def __call__(self, org, period: Period) -> IndicatorValue:
        return self.compute(org, period)


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    name: str,
    label: Promise | str,
    *,
    unit: Promise | str = "",
    describe: Callable[[Any], str] = str,
    capability: str = "org.home",
):
    def register(func: Callable[[Any, Period], IndicatorValue]):
        if name in _REGISTRY and _REGISTRY[name].compute is not func:
            raise ValueError(f"indicator {name!r} is registered twice")
        _REGISTRY[name] = Indicator(name, label, unit, func, describe, capability)
        return func

    return register


def autodiscover() -> None:
    autodiscover_modules("indicators")


def get(name: str) -> Indicator:
    autodiscover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no indicator named {name!r}") from None


def all_indicators() -> dict[str, Indicator]:
    autodiscover()
    return dict(sorted(_REGISTRY.items()))
