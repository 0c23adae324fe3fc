"""The periods a summary covers, written in URLs as their labels: 2025 (calendar year),
2025-2026 (school year, 1 September to 31 August) or 2025-03 (a month)."""

import datetime as dt
import re

from django.utils.translation import gettext as _

from unionhall.core.params import parse_month, parse_year, shown
from unionhall.core.periods import Period, school_year_of


class BadPeriod(ValueError):
    pass


def parse(text: str) -> Period:
    text = (text or "").strip()
    if len(text) > 20:  # no period's label is longer; the message repeats its beginning
        text = shown(text)
    if (year := parse_year(text)) is not None and len(text) == 4:
        return Period.year(year)
    if match := re.fullmatch(r"([0-9]{4})-([0-9]{4})", text, re.ASCII):
        year = parse_year(match[1])
        if year is not None and int(match[2]) == year + 1:
            return Period.school_year(year)
    if (month := parse_month(text)) is not None and re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        return Period.month(month.year, month.month)
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
    """The periods to choose from, newest first: the school year under way and the calendar year
    under way, then those before them."""
    today = today or dt.date.today()
    school_years = [Period.school_year(school_year_of(today) - n) for n in range(years)]
    calendar_years = [Period.year(today.year - n) for n in range(years)]
    newest_first = sorted(
        school_years + calendar_years, key=lambda period: period.start, reverse=True
    )
    return [(period.label, name_of(period)) for period in newest_first]


def _kind(period: Period) -> str:
    if re.fullmatch(r"\d{4}", period.label):
        return "year"
    if re.fullmatch(r"\d{4}-\d{4}", period.label):
        return "school_year"
    return "other"


def name_of(period: Period) -> str:
    """The period as a title names it: "2025年度", "2025—2026学年"."""
    kind = _kind(period)
    if kind == "year":
        return _("Calendar year %(year)s") % {"year": period.label}
    if kind == "school_year":
        return _("School year %(start)s-%(end)s") % {
            "start": period.start.year,
            "end": period.end.year,
        }
    return period.label


def title(org_name: str, period: Period) -> str:
    """The summary's title as a union writes it: "××学校工会2025年度工作总结" for a calendar
    year, "××学校工会2025—2026学年工作总结" for a school year."""
    kind = _kind(period)
    if kind == "year":
        return _("%(org)s: Annual Work Summary %(year)s") % {"org": org_name, "year": period.label}
    if kind == "school_year":
        return _("%(org)s: Work Summary for the %(start)s-%(end)s School Year") % {
            "org": org_name,
            "start": period.start.year,
            "end": period.end.year,
        }
    return _("%(org)s: Work Summary for %(period)s") % {"org": org_name, "period": period.label}


# About as many characters of a title (宋体 二号) as fit on one line of an A4 page.
TITLE_LINE_CHARS = 18


def title_lines(org_name: str, period: Period) -> list[str]:
    """The title as printed: one line where it fits, else two (the union's name, then the
    period and 工作总结), so that no line breaks inside a word."""
    whole = title(org_name, period)
    if len(whole) <= TITLE_LINE_CHARS or _kind(period) == "other":
        return [whole]
    return [org_name, _("Work summary for %(period)s") % {"period": name_of(period)}]
