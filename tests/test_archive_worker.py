"""The year's archive in `make demo`: the request only queues the build on django-tasks' database
backend, and the `db_worker` process builds it.

Its own module, as it commits for real: the worker closes its database connection between
tasks, as a long-running process should, and on PostgreSQL that would end any transaction a
test (or a module's fixture) holds open around it."""

import pytest
from django.core.management import call_command

from tests.personas import chair_of
from unionhall import settings as site_settings
from unionhall.archive import services
from unionhall.archive.models import Archive


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_build_for_the_worker(school, settings):
    # The settings a deployed site reads (tests/conftest.py runs tasks at once instead).
    settings.TASKS = site_settings.TASKS
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    chair = chair_of(school)
    archive = services.archive_request(org=school, actor=chair, year=2024)
    assert archive.state == Archive.State.QUEUED and archive.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    archive.refresh_from_db()
    assert archive.state == Archive.State.DONE and archive.file_count >= 1
