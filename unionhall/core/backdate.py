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


def shown_when(value: dt.datetime | dt.date) -> str:
    """A moment or a day as the refusals show it."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def not_before(
    value: dt.datetime | dt.date, earliest: dt.datetime | dt.date, *, field: str, message: str
) -> None:
    """Refuse a record dated before the one it follows. `message` is a whole translated sentence
    with %(date)s (this record's date) and %(earlier)s (the date of the one it follows)."""
    if isinstance(value, dt.datetime) and not isinstance(earliest, dt.datetime):
        too_early = timezone.localdate(value) < earliest
    elif isinstance(earliest, dt.datetime) and not isinstance(value, dt.datetime):
        too_early = value < timezone.localdate(earliest)
    else:
        too_early = value < earliest
    if too_early:
        raise ValidationError(
            {field: message % {"date": shown_when(value), "earlier": shown_when(earliest)}}
        )


def paper_time(day: dt.date | None) -> dt.datetime | None:
    """The moment a paper record dated `day` is stored at: noon of that day, or now for today
    (noon today may still be ahead). None stays None (now); a later day stays in the future, for
    the service to refuse."""
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
