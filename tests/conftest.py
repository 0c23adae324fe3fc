import datetime as dt

import pytest
import time_machine


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        help="run every test as if today were this date (10:00 in the site's time zone), "
        "to show that no test depends on the real date",
    )


# A run that starts this late in the site's evening may pass midnight half way, and then a test
# whose module took "today" when it was imported disagrees with the app about the date.
LATE_EVENING_HOUR = 21


def pytest_configure(config):
    from tests.clock import morning_of, site_now

    if today := config.getoption("--today"):
        day = dt.date.fromisoformat(today)
    elif (now := site_now()).hour >= LATE_EVENING_HOUR:
        day = now.date() + dt.timedelta(days=1)
    else:
        return
    traveller = time_machine.travel(morning_of(day), tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """On SQLite the test database is a file, not Django's default in-memory database.

    With an in-memory database, Django hands the live server's threads the test's own
    connection, so that the browser journeys' requests (a page and its chart images at once)
    and the test itself use one SQLite connection from several threads. SQLite then deadlocks
    when one thread is inside a query calling one of Django's Python functions while another,
    holding the interpreter's lock, waits for the connection's mutex: a journey hung that way
    in CI. With a file each thread has its own connection, as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(scope="session", autouse=True)
def _tasks_run_at_once():
    """Tasks (the year's archive) run at once, in the test's own transaction, instead of
    waiting in the database for a `db_worker`: for the whole session, so that module-scoped
    fixtures get them too. A test of the worker sets the database backend back itself."""
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "unionhall.orgs.hashers.OneTimePasswordHasher",  # the slips' one-time passwords
    ]
    # Nothing kept between requests unless a test asks for the cache (tests/test_summary_fresh.py
    # does): a test's writes are never committed, so the data versions they move never move.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from unionhall.core import workdays

    workdays.forget()  # the official days entered by an earlier test were rolled back


@pytest.fixture
def english(client, settings):
    """Messages in English, in services and in pages, whatever the Chinese catalogue says: for
    tests that read the English msgids. Mark a module `pytest.mark.usefixtures("english")`."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def school(db):
    from tests.factories import SchoolFactory

    return SchoolFactory()


@pytest.fixture
def other_school(db, school):
    from tests.factories import SchoolFactory

    return SchoolFactory(parent=school.parent)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when UNIONHALL_DATABASE_URL points at PostgreSQL
    (.ci/run's second pass); on SQLite they are skipped with the reason shown by `-ra`."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: UNIONHALL_DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
