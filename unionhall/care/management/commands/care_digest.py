"""Print the care reminders digest of one school, or of every school, for cron."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unionhall.care.reminders import digest, digest_text
from unionhall.orgs.models import Organisation


class Command(BaseCommand):
    help = "Print the care reminders (birthdays, festivals, hardship, hospital) of schools."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="the school's code; all schools when left out")
        parser.add_argument("--days", type=int, default=14, help="look ahead this many days")
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, org=None, days=14, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date like 2026-09-01") from None
        schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("code")
        if org:
            schools = schools.filter(code=org)
            if not schools.exists():
                raise CommandError(f"no school with the code {org!r}")
        for school in schools:
            self.stdout.write(f"== {school.name} ({school.code}) ==")
            self.stdout.write(digest_text(digest(org=school, today=today, days=days)))
            self.stdout.write("")
