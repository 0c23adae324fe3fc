"""The default annual plan, keyed to a school year: the work areas a school union's plan is made
of, and the month-by-month tasks most unions schedule (the domain facts, C1), each with the kind
of record that fulfils it and the committee member who usually owns it.

Dates come from the calendar of that school year: the lunar festivals (Spring Festival,
Mid-Autumn) from the lunar calendar, so a plan for any year has them on the right days.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from unionhall.care.calendar import festival_date
from unionhall.care.models import Festival
from unionhall.core.periods import Period
from unionhall.orgs.roles import Role

ORGANISATION, DEMOCRACY, CARE, CULTURE, WOMEN, OWN = (
    "organisation",
    "democracy",
    "care",
    "culture",
    "women",
    "own",
)

# The plan's work areas, in the order a plan lists them, with what the union means to do.
AREAS: tuple[tuple[str, Promise, Promise], ...] = (
    (
        ORGANISATION,
        _("Organisation and membership"),
        _("Bring every new member of staff into the union and keep the register up to date."),
    ),
    (
        DEMOCRACY,
        _("Democratic management and open school affairs"),
        _("Hold the staff congress, follow its proposals through, and keep school affairs open."),
    ),
    (
        CARE,
        _("Rights and care for members"),
        _("Visit members who are ill or in hardship, and care for every member at the festivals."),
    ),
    (
        CULTURE,
        _("Sports and culture"),
        _("Run activities that keep the staff healthy and bring them together."),
    ),
    (
        WOMEN,
        _("Women staff"),
        _("Look after the rights and health of women staff."),
    ),
    (
        OWN,
        _("The union's own work"),
        _("Check the plan at mid-year, sum up the year and plan the next."),
    ),
)

DEFAULT_GOALS = _(
    "Serve the staff and the school's development: strengthen democratic management, care for "
    "every member, and keep the union's ledgers as the work happens, so that the year's summary "
    "is written from its records."
)


Window = Callable[[int], tuple[dt.date, dt.date]]


@dataclass(frozen=True)
class TemplateTask:
    key: str
    title: Promise
    area: str
    record_kind: str
    owner_role: str
    # (start year of the school year) → (from, due by)
    window: Window


def _around(festival: str, *, before: int, after: int, autumn: bool) -> Window:
    def window(start_year: int) -> tuple[dt.date, dt.date]:
        day = festival_date(festival, start_year if autumn else start_year + 1)
        return day - dt.timedelta(days=before), day + dt.timedelta(days=after)

    return window


def _dates(first: tuple[int, int], last: tuple[int, int]) -> Window:
    """From (month, day) to (month, day); September to December fall in the start year."""

    def on(start_year: int, month_day: tuple[int, int]) -> dt.date:
        month, day = month_day
        return dt.date(start_year if month >= 9 else start_year + 1, month, day)

    return lambda start_year: (on(start_year, first), on(start_year, last))


def _new_year_and_spring(start_year: int) -> tuple[dt.date, dt.date]:
    spring = festival_date(Festival.SPRING, start_year + 1)
    return dt.date(start_year, 12, 20), spring + dt.timedelta(days=14)


TASKS: tuple[TemplateTask, ...] = (
    TemplateTask(
        "teachers_day",
        _("Teachers' Day: celebrate and visit the staff"),
        CARE,
        "care.festival",
        Role.COMMITTEE_WELFARE,
        _dates((9, 1), (9, 15)),
    ),
    TemplateTask(
        "new_members",
        _("Welcome new staff into the union and regroup the union groups"),
        ORGANISATION,
        "members.joined",
        Role.COMMITTEE_ORGANISATION,
        _dates((9, 1), (9, 30)),
    ),
    TemplateTask(
        "mid_autumn",
        _("Mid-Autumn Festival care"),
        CARE,
        "care.festival",
        Role.COMMITTEE_WELFARE,
        _around(Festival.MID_AUTUMN, before=14, after=3, autumn=True),
    ),
    TemplateTask(
        "autumn_session",
        _("Autumn session of the staff congress"),
        DEMOCRACY,
        "congress.session",
        Role.CHAIR,
        _dates((10, 1), (12, 31)),
    ),
    TemplateTask(
        "year_end_care",
        _("Year-end care for members in hardship"),
        CARE,
        "care.hardship",
        Role.COMMITTEE_WELFARE,
        _dates((12, 1), (12, 31)),
    ),
    TemplateTask(
        "new_year_spring",
        _("New Year and Spring Festival care"),
        CARE,
        "care.festival",
        Role.COMMITTEE_WELFARE,
        _new_year_and_spring,
    ),
    TemplateTask(
        "womens_day",
        _("Women's Day (8 March) for the women staff"),
        WOMEN,
        "activities.for_women",
        Role.COMMITTEE_WOMEN,
        _dates((3, 1), (3, 15)),
    ),
    TemplateTask(
        "spring_session",
        _("Spring session of the staff congress"),
        DEMOCRACY,
        "congress.session",
        Role.CHAIR,
        _dates((2, 15), (4, 30)),
    ),
    TemplateTask(
        "may_day",
        _("May Day: honour model workers and hold a staff activity"),
        CULTURE,
        "activities.activity",
        Role.COMMITTEE_CULTURE,
        _dates((4, 20), (5, 10)),
    ),
    TemplateTask(
        "health_checks",
        _("Health checks for the staff"),
        CARE,
        "",
        Role.COMMITTEE_WELFARE,
        _dates((5, 1), (6, 30)),
    ),
    TemplateTask(
        "summer",
        _("The summer: rest and recuperation, summer activities"),
        CULTURE,
        "",
        Role.COMMITTEE_CULTURE,
        _dates((7, 1), (8, 31)),
    ),
    TemplateTask(
        "summary",
        _("Sum up the school year and draft next year's plan"),
        OWN,
        "plans.next_plan",
        Role.CHAIR,
        _dates((6, 1), (8, 31)),
    ),
)

TASKS_BY_KEY = {task.key: task for task in TASKS}


def window_in(task: TemplateTask, school_year: Period, start_year: int) -> tuple[dt.date, dt.date]:
    """The task's window in that school year, kept inside the school's own dates."""
    starts_on, due_on = task.window(start_year)
    starts_on = min(max(starts_on, school_year.start), school_year.end)
    due_on = min(max(due_on, starts_on), school_year.end)
    return starts_on, due_on
