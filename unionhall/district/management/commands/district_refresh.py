"""For cron (every few minutes): work out again each district's comparison figures (the
snapshots the comparison page reads) and collect the congress sessions its schools have held.

    python manage.py district_refresh                 # every district, this year
    python manage.py district_refresh --org shenjiang --year 2025
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.district import selectors, services, snapshots
from unionhall.orgs.models import Organisation


class Command(BaseCommand):
    help = "Refresh the districts' comparison figures and collect their schools' congress reports."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this district (its code)")
        parser.add_argument("--year", type=int, help="the year of the figures (default: this year)")

    def handle(self, *args, org=None, year=None, **options):
        year = year or timezone.localdate().year
        districts = Organisation.objects.filter(kind=Organisation.Kind.DISTRICT)
        if org:
            districts = districts.filter(code=org)
        chosen = selectors.comparable()
        for district in districts:
            snapshots.snapshots_refresh(district=district, year=year, chosen=chosen)
            arrived = services.congress_reports_collect(district=district)
            self.stdout.write(
                _(
                    "%(district)s: %(figures)s figures worked out, %(reports)s congress "
                    "reports arrived."
                )
                % {"district": district.name, "figures": len(chosen), "reports": arrived}
            )
