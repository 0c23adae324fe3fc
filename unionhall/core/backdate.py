"""Records entered after the fact carry the date they happened, never one in the future.

Services that accept such a date take it as an optional keyword (`None` means now); the audit
entry still says who typed it and when."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def _future(field: str, value) -> ValidationError:
    return ValidationError(
        {field: _("%(date)s is in the future: enter the date it happened.") % {"date": value}}
    )


def stated_time(value: dt.datetime | None, *, field: str) -> dt.datetime:
    """The moment a record happened: now when not given, else a past moment (made aware)."""
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now:
        raise _future(field, timezone.localtime(value).strftime("%Y-%m-%d %H:%M"))
    return value


def stated_date(value: dt.date | None, *, field: str) -> dt.date:
    """The day a record happened: today when not given, else today or a day before."""
    today = timezone.localdate()
    if value is None:
        return today
    if value > today:
        raise _future(field, value.isoformat())
    return value
