"""The page walk reaches the demo school's pages, and every link it follows leads somewhere."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.pagewalk import demo_starts, walk
from unionhall.orgs.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def walks(django_db_setup, django_db_blocker):
    """Each user's walk over the demo district, seeded once for the module inside a transaction
    rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            result = {}
            for username, start in demo_starts().items():
                client = Client()
                if username:
                    client.force_login(User.objects.get(username=username))
                result[username] = walk(client, start)
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("user", ["chair", "district", None])
def test_every_link_leads_to_a_page(walks, user):
    broken = [f"{p.url}: {p.status}" for p in walks[user] if p.status not in (200, 302)]
    assert not broken, "\n".join(broken)


def test_the_chair_reaches_every_area_of_the_school(walks):
    routes = {p.route for p in walks["chair"]}
    for area in ("members", "care", "funds", "dues", "congress", "voice", "activities", "polls"):
        assert any(r.startswith(f"{area}:") for r in routes), area
    assert len(walks["chair"]) > 80
