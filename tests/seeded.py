"""The demo district seeded once for a test module (`seed_demo`), inside a transaction rolled
back afterwards, so that no other test sees it."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction


@contextmanager
def demo_seeded(django_db_blocker):
    """Use in a module-scoped fixture that asks for `django_db_setup` and `django_db_blocker`:
    the demo is in the database inside the block."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
