"""`manage.py seed_demo`: the demo district, or district-scale data for the benchmarks."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.storage import files_kept_with_their_rows
from unionhall.demo import register
from unionhall.demo.activities import seed_activities_demo
from unionhall.demo.care import seed_care_demo
from unionhall.demo.competitions import seed_competitions_demo
from unionhall.demo.congress import seed_congress_demo
from unionhall.demo.district import seed_district_demo
from unionhall.demo.funds import seed_funds_demo
from unionhall.demo.honours import seed_honours_demo
from unionhall.demo.mentoring import seed_mentoring_demo
from unionhall.demo.plans import seed_plans_demo
from unionhall.demo.polls import seed_polls_demo
from unionhall.demo.voice import seed_voice_demo
from unionhall.orgs.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Build the demo district (申江区教育工会) with one realistic school and a login per role; "
        "with --schools and --members-per-school, district-scale data for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any organisation.",
        )
        parser.add_argument(
            "--schools", type=int, default=1, help="Number of schools (the first is the demo one)."
        )
        parser.add_argument(
            "--members-per-school", type=int, default=120, help="Members in each school."
        )
        parser.add_argument(
            "--register-only",
            action="store_true",
            help="Build the organisations, members and logins only: no ledgers, congress or "
            "suggestions.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=register.DEFAULT_SEED,
            help="Random seed: same seed, same people.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even under production settings (UNIONHALL_ENV=production), for a trial "
            "server whose database holds nothing real.",
        )

    def handle(self, *args, if_empty, schools, members_per_school, force, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                _(
                    "This site runs with production settings (UNIONHALL_ENV=production): the demo "
                    "would add a made-up district, with its people and logins that share one "
                    "published password, to a real database. Nothing was changed. Seed a demo "
                    "database instead, or add --force if this server holds nothing real."
                )
            )
        if schools < 1:
            raise CommandError(_("--schools must be at least 1, not %(n)d.") % {"n": schools})
        if not 0 <= members_per_school <= 5000:
            raise CommandError(
                _("--members-per-school must be between 0 and 5000, not %(n)d.")
                % {"n": members_per_school}
            )
        # All or nothing: a seed that fails halfway leaves the database (and the media directory)
        # as it was, so that `--if-empty` seeds it again rather than finding half a district.
        with files_kept_with_their_rows(), transaction.atomic():
            self._seed(
                if_empty=if_empty, schools=schools, members_per_school=members_per_school, **options
            )

    def _seed(self, *, if_empty, schools, members_per_school, seed, register_only, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write(
                _("The database already holds organisations; the demo data was not loaded.")
            )
            return
        if Organisation.objects.filter(code=register.DISTRICT_CODE).exists():
            raise CommandError(
                _(
                    "The demo district “%(code)s” is already in this database; nothing was "
                    "changed. Use a fresh database, or --if-empty to skip quietly."
                )
                % {"code": register.DISTRICT_CODE}
            )
        usernames = [username for username, _role in register.DEMO_LOGINS]
        taken = list(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if taken:
            raise CommandError(
                _("These usernames are already taken: %(names)s; nothing was changed.")
                % {"names": ", ".join(sorted(taken))}
            )
        started = time.perf_counter()
        result = register.seed_district(
            schools=schools, members_per_school=members_per_school, seed=seed
        )
        if not register_only:
            self._seed_ledgers(result.schools[0])
            seed_district_demo(result.district)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(district)s built in %(seconds).1f s. Schools: %(schools)d; members: "
                    "%(members)d; logins: %(logins)d."
                )
                % {
                    "district": result.district.name,
                    "schools": len(result.schools),
                    "members": result.members,
                    "logins": len(result.logins),
                    "seconds": time.perf_counter() - started,
                }
            )
        )

    @staticmethod
    def _seed_ledgers(school):
        """The demo school's year of work: funds and budget, care visits and dues, a congress
        term with its proposals, and the suggestion box, for last year and this year so far."""
        today = timezone.localdate()
        for year in (today.year - 1, today.year):
            seed_funds_demo(school, year)
            seed_care_demo(school, year, today=today)
        seed_congress_demo(school, today=today)
        seed_voice_demo(school, today=today)
        seed_activities_demo(school, today=today)
        seed_honours_demo(school, today=today)
        seed_competitions_demo(school, today=today)
        seed_mentoring_demo(school, today=today)
        seed_plans_demo(school, today=today)
        seed_polls_demo(school, today=today)
