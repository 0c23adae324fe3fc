"""The archive's indicator: the parts every school year's archive should hold (the year's work
plan, the photos of its work…, declared by each app with `expected=` in its archive_parts.py)
that the year has nothing for. Computed for a school year only: the archive is built by school
year, so a month or a calendar year has no archive to lack anything."""

from django.db.models import Exists
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionhall.core import archive as registry
from unionhall.core.indicators import COUNT, IndicatorValue, indicator
from unionhall.core.periods import Period
from unionhall.orgs.models import Organisation


def describe_part(spec: registry.PartSpec) -> str:
    """A missing part as the records list shows it: its folder, then what it is."""
    return gettext("%(folder)s: %(what)s") % {
        "folder": registry.CATEGORIES[spec.category],
        "what": spec.expected.what,
    }


def is_school_year(period: Period) -> bool:
    year = Period.school_year(period.start.year)
    return (period.start, period.end) == (year.start, year.end)


@indicator(
    "archive.parts_missing",
    _("Archive parts missing"),
    unit=_("parts"),
    kind=COUNT,
    describe=describe_part,
    capability="archive.build",
)
def parts_missing(org, period: Period) -> IndicatorValue:
    if not is_school_year(period):
        return IndicatorValue(value=None, records=[])
    expected = [spec for spec in registry.all_parts() if spec.expected is not None]
    # One query for them all: whether each expected part has any rows this year.
    held = (
        Organisation.objects.filter(pk=org.pk)
        .values(
            **{
                f"part{number}": Exists(spec.expected.rows(org, period))
                for number, spec in enumerate(expected)
            }
        )
        .get()
    )
    missing = [spec for number, spec in enumerate(expected) if not held[f"part{number}"]]
    return IndicatorValue(value=len(missing) or None, records=missing)
