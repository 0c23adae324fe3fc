"""The summary page keeps each of its parts (a section, a problem, the opening) under the data
versions of the apps the part reads (README, "Speed"; `reports.build._Parts`), so that a change
of one app's records builds again only what reads that app. A part that read an app it does not
declare would be shown stale after a change of that app: each part is built here on its own,
on the demo school, and every table it reads must belong to an app it declares."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.seeded import demo_seeded
from unionhall.core import indicators as indicator_registry
from unionhall.core import summary as summary_registry
from unionhall.orgs.models import Organisation
from unionhall.reports import build, periods

pytestmark = pytest.mark.django_db

DEMO_SCHOOL = "sj-diyi-xiaoxue"
TABLES = {
    model._meta.db_table: model._meta.app_label
    for model in apps.get_models(include_auto_created=True)
}
PARTS = [
    *(("section", spec) for spec in summary_registry.all_sections()),
    *(("problem", spec) for spec in summary_registry.all_problems()),
]


@pytest.fixture(scope="module")
def demo_school(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker):
        yield Organisation.objects.get(code=DEMO_SCHOOL)


def _apps_read(build_part) -> set[str]:
    """The apps of the tables the part's build reads, built alone (nothing computed before)."""
    sql: list[str] = []

    def noted(execute, statement, params, many, context):
        sql.append(statement)
        return execute(statement, params, many, context)

    with indicator_registry.computed_together(), connection.execute_wrapper(noted):
        build_part()
    names = {name for statement in sql for name in re.findall(r'"(\w+)"', statement)}
    return {TABLES[name] for name in names if name in TABLES}


@pytest.mark.parametrize(
    ("kind", "spec"), PARTS, ids=[f"{kind}-{spec.key}" for kind, spec in PARTS]
)
def test_each_part_reads_only_the_apps_it_declares(demo_school, kind, spec):
    read = set()
    for period in _periods():
        values = build._Values(demo_school, period)
        if kind == "section":
            read |= _apps_read(lambda: build._built_section(spec, values))  # noqa: B023
        else:
            read |= _apps_read(lambda: build._problem(spec, values))  # noqa: B023
    assert spec.reads is not None, f"{kind} {spec.key} says nothing of what it reads: {read}"
    assert read <= {"orgs", *spec.reads}, f"{kind} {spec.key} reads {sorted(read)}"


def test_the_opening_reads_only_the_apps_it_declares(demo_school):
    for period in _periods():
        values = build._Values(demo_school, period)
        read = _apps_read(lambda: build._opening(demo_school, period, values))  # noqa: B023
        assert read <= {"orgs", *build.OPENING_READS}, sorted(read)


def _periods() -> list[periods.Period]:
    """This school year (the default) and the last, both with the demo's records."""
    this = periods.default()
    return [this, periods.parse(f"{this.start.year - 1}-{this.start.year}")]


@pytest.fixture
def built(monkeypatch, settings, tmp_path):
    """The cache on (local memory), and the keys of the sections built from their records."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    keys: list[str] = []
    original = build._built_section

    def noted(spec, values):
        keys.append(spec.key)
        return original(spec, values)

    monkeypatch.setattr(build, "_built_section", noted)
    return keys


def test_a_change_builds_again_only_the_parts_that_read_its_app(
    client, school, built, django_capture_on_commit_callbacks
):
    import datetime as dt

    from tests.factories import MemberFactory
    from tests.factories_activities import activity
    from tests.personas import chair_of
    from unionhall.activities import services as activities
    from unionhall.core import versions

    chair = chair_of(school)
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            MemberFactory(org=school, joined_on=dt.date(2020, 9, 1))
        held = activity(school, session_dates=[dt.date(2025, 10, 15)])

    def page() -> str:
        response = client.get(f"/o/{school.code}/reports/summary/", {"period": "2025-2026"})
        assert response.status_code == 200
        return response.content.decode()

    page()
    assert {"members", "activities", "care"} <= set(built)
    built.clear()
    with django_capture_on_commit_callbacks(execute=True):
        activities.attendance_tick(
            session=held.sessions.get(), actor=chair, present=list(school.members.all()[:2])
        )
    shown = page()
    reading = {
        spec.key
        for spec in summary_registry.all_sections()
        if spec.reads is None or "activities" in spec.reads
    }
    assert set(built) == reading and "members" not in built
    assert re.search(r"/reports/indicator/activities\.attendances/[^>]*>\s*2\s*<", shown)
    built.clear()
    page()
    assert built == []  # nothing changed: all kept
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump(school.pk)  # a change that does not say its app: everything again
    page()
    assert set(built) == {spec.key for spec in summary_registry.all_sections()}


def test_a_database_made_anew_empties_the_cache(built):
    """The cache (files beside the database, by default) may outlive the database; a database
    migrated from nothing or restored counts its versions again, so nothing kept is kept."""
    from django.core.cache import cache

    cache.set("reports.summary:whole", "built for the database before")
    call_command("migrate", verbosity=0)
    assert cache.get("reports.summary:whole") is None


def test_a_page_of_kept_parts_is_the_page_built_afresh(
    demo_school, client, built, django_capture_on_commit_callbacks
):
    """On the demo school: the page after a change of one app, its other parts read from the
    cache, and the page kept whole, are the page built from nothing, to the byte (the forms'
    one-time tokens aside): the sections numbered in their places, the chair's own paragraphs
    and choices where they were."""
    from tests.personas import chair_of
    from unionhall.core import versions

    client.force_login(chair_of(demo_school))

    def page() -> str:
        response = client.get(f"/o/{demo_school.code}/reports/summary/")
        assert response.status_code == 200
        html = response.content.decode()
        html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    def ticked() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            versions.bump(demo_school.pk, "activities")

    ticked()  # also moves what the seeding noted: its transaction never commits
    fresh = page()
    built.clear()
    ticked()
    again = page()
    assert "activities" in built and "members" not in built
    assert again == fresh
    assert page() == fresh
