"""The periods a summary covers, written in URLs as their labels: 2025 (calendar year),
2025-2026 (school year, 1 September to 31 August) or 2025-03 (a month)."""

import datetime as dt
import re

from django.utils.translation import gettext as _

from unionhall.core.periods import Period


class BadPeriod(ValueError):
    pass


def parse(text: str) -> Period:
    text = (text or "").strip()
    if match := re.fullmatch(r"(\d{4})", text):
        return Period.year(int(match[1]))
    if (match := re.fullmatch(r"(\d{4})-(\d{4})", text)) and int(match[2]) == int(match[1]) + 1:
        return Period.school_year(int(match[1]))
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(match[2]) <= 12:
        return Period.month(int(match[1]), int(match[2]))
    raise BadPeriod(
        _(
            "“%(period)s” is not a period: write a year (2025), a school year (2025-2026) "
            "or a month (2025-03)."
        )
        % {"period": text}
    )


def default(today: dt.date | None = None) -> Period:
    """The school year a summary is being written for: the one under way until its summer, and
    still the one just ended during the autumn term (when its summary is finished)."""
    today = today or dt.date.today()
    return Period.school_year(today.year - 1)


def choices(today: dt.date | None = None, years: int = 5) -> list[tuple[str, str]]:
    today = today or dt.date.today()
    options = []
    for year in range(today.year, today.year - years, -1):
        options.append((str(year), _("Calendar year %(year)s") % {"year": year}))
        school = Period.school_year(year - 1)
        options.append((school.label, _("School year %(label)s") % {"label": school.label}))
    return options
