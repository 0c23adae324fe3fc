"""`manage.py demo_logins`: the demo logins, one per role, as a table to copy from."""

import unicodedata

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from unionhall.demo import register
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import Role

URL = "http://127.0.0.1:8000"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]


class Command(BaseCommand):
    help = "Print the demo logins (username, password, role, organisation) and the demo address."

    def handle(self, *args, **options):
        usernames = [username for username, _role in register.DEMO_LOGINS]
        order = {username: i for i, username in enumerate(usernames)}
        assignments = sorted(
            RoleAssignment.objects.filter(user__username__in=usernames).select_related(
                "user", "org"
            ),
            key=lambda a: (order[a.user.username], a.org.code, a.role),
        )
        if not assignments:
            self.stdout.write(_("No demo logins here: run `manage.py seed_demo` first."))
            return
        header = (_("username"), _("password"), _("role"), _("organisation"))
        rows = [
            (a.user.username, register.DEMO_PASSWORD, str(Role(a.role).label), a.org.name)
            for a in assignments
        ]
        self.stdout.write(_("Demo logins (one per role):"))
        for line in table([header, *rows]):
            self.stdout.write("  " + line)
        self.stdout.write(_("Open %(url)s and log in with one of them.") % {"url": URL})
