"""Tests never depend on the real date. A test that needs "today" travels to a fixed day:

    pytestmark = pytest.mark.time_machine(morning_of(TODAY), tick=False)

or moves within a test with the `time_machine` fixture:

    time_machine.move_to(morning_of(dt.date(2024, 2, 29)), tick=False)

and `pytest --today 2025-01-15` runs the whole suite as if it were that day. A run started late
in the site's evening runs as if it were the next morning, so that it never passes midnight.
"""

import datetime as dt
import zoneinfo

from django.conf import settings


def morning_of(day: dt.date) -> dt.datetime:
    """10:00 on `day` in the site's time zone, so timezone.localdate() is `day`."""
    return dt.datetime.combine(day, dt.time(10), zoneinfo.ZoneInfo(settings.TIME_ZONE))


def site_now() -> dt.datetime:
    """The time now in the site's time zone."""
    return dt.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE))
