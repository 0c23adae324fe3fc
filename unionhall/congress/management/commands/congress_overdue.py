"""The overdue digest for cron: prints, per school, the proposals whose answer is overdue or due
soon, and sends each responsible leader a notice (once per proposal and kind).

    python manage.py congress_overdue            # every school
    python manage.py congress_overdue --org school-1 --no-notices
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress import selectors, services
from unionhall.core.i18n import Msg
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send
from unionhall.orgs.models import Organisation


class Command(BaseCommand):
    help = "Print the digest of overdue and due-soon proposal answers, and notify the leaders."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this organisation (its code)")
        parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD)")
        parser.add_argument("--no-notices", action="store_true", help="print only")

    def handle(self, *args, org=None, today=None, no_notices=False, **options):
        today = dt.date.fromisoformat(today) if today else timezone.localdate()
        orgs = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
        if org:
            orgs = orgs.filter(code=org)
        total = 0
        for organisation in orgs:
            rules = services.rules_for(organisation)
            overdue = list(selectors.overdue(org=organisation, today=today))
            soon = list(selectors.due_soon(org=organisation, today=today, days=rules.due_soon_days))
            if not overdue and not soon:
                continue
            self.stdout.write(f"== {organisation.name} ({organisation.code})")
            for kind, rows in ((Notice.Kind.OVERDUE, overdue), (Notice.Kind.DUE_SOON, soon)):
                for p in rows:
                    days = (today - p.answer_due).days
                    if kind == Notice.Kind.OVERDUE:
                        line = _("OVERDUE by %(days)s days") % {"days": days}
                        title = gettext_noop("The answer to “%(title)s” was due on %(due)s.")
                    else:
                        line = _("due on %(due)s") % {"due": p.answer_due}
                        title = gettext_noop("The answer to “%(title)s” is due on %(due)s.")
                    self.stdout.write(
                        f"  [{line}] {p.session} #{p.number} {p.title} — {p.responsible or '-'}"
                    )
                    if not no_notices:
                        notice_send(
                            org=organisation,
                            user=p.responsible,
                            kind=kind,
                            title=Msg(title, title=p.title, due=p.answer_due),
                            url=reverse(
                                "congress:proposal", kwargs={"org": organisation.code, "pk": p.pk}
                            ),
                            key=f"congress:{kind}:{p.pk}:{p.answer_due}",
                        )
            total += len(overdue)
        self.stdout.write(_("%(n)s overdue answers in total.") % {"n": total})
