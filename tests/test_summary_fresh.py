"""The summary page never shows a figure older than its records (issue 20, §2).

The page keeps the built summary in the cache (README, "Speed") under the school, its data
version, the period, today's date and the language; these tests run with the cache on (local
memory, as a deployment without Redis has it) and hold it to what it must keep true. A figure
changes the moment its record changes, in the process that changed it and in another one (a
second gunicorn worker, with its own connection and its own cache); a figure that depends on
today changes at midnight; and what one school or one set of roles is shown is never shown to
another. A test's writes are never committed: `committed` runs what a commit would run.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.factories import MemberFactory, UserFactory, grant
from tests.factories_funds import post
from tests.personas import chair_of
from tests.served import postgres_url, served

URL = "/o/{code}/reports/summary/"
PERIOD = "2025-2026"


def _figure(page: str, name: str) -> str:
    """What the page shows for the indicator `name`: the text of the link to its records."""
    found = re.search(
        rf'/reports/indicator/{re.escape(name)}/\?period=[^"]*"[^>]*>([^<]+)</a>', page
    )
    assert found, f"no figure of {name} on the page"
    return found.group(1).strip()


def _page(client, school) -> str:
    response = client.get(URL.format(code=school.code), {"period": PERIOD})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def kept(settings, tmp_path):
    """The cache on, empty for each test (tests/conftest.py turns it off elsewhere)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Inside it, writes run what their commit would run (the data version's move)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def _members(school, n: int) -> None:
    for _ in range(n):
        MemberFactory(org=school, joined_on=dt.date(2020, 9, 1))


@pytest.mark.django_db
def test_the_kept_page_is_read_in_six_queries_until_a_record_changes(
    client, school, chair, committed, django_assert_num_queries
):
    with committed():
        _members(school, 3)
    first = _page(client, school)
    # session, user, roles, the school's data version, the custom template, unread notices
    with django_assert_num_queries(6):
        again = _page(client, school)
    assert _figure(again, "members.count") == _figure(first, "members.count") == "3"
    with committed():
        _members(school, 1)
    assert _figure(_page(client, school), "members.count") == "4"  # built again
    with django_assert_num_queries(6):
        assert _figure(_page(client, school), "members.count") == "4"  # kept again


@pytest.mark.django_db
def test_a_figure_changes_the_moment_its_record_changes(client, school, chair, committed):
    """Through the service (an audited save) and through a bulk insert that sends no signal
    (a batch of attendance ticks: `versions.bump` in its service)."""
    from tests.factories_activities import activity
    from unionhall.activities import services as activities
    from unionhall.members import services as members

    with committed():
        _members(school, 3)
        held = activity(school, session_dates=[dt.date(2025, 10, 15)])
        activities.attendance_tick(
            session=held.sessions.get(), actor=chair, present=list(school.members.all()[:1])
        )
    page = _page(client, school)
    assert _figure(page, "members.count") == "3"
    assert _figure(page, "activities.attendances") == "1"
    with committed():  # joined after the period: not on its register at its end
        members.member_update(
            member=school.members.last(), actor=chair, data={"joined_on": dt.date(2026, 10, 1)}
        )
    assert _figure(_page(client, school), "members.count") == "2"
    with committed():
        activities.attendance_tick(
            session=held.sessions.get(), actor=chair, present=list(school.members.all()[:2])
        )
    assert _figure(_page(client, school), "activities.attendances") == "2"


@pytest.mark.django_db
def test_a_change_rolled_back_or_a_read_logged_keeps_the_page(
    client, school, chair, committed, django_assert_num_queries
):
    """Only a committed change of the school's records moves its version: a failed write and
    the read log (who read sensitive data) do not."""
    from django.db import transaction

    from unionhall.core import versions
    from unionhall.core.audit import log_sensitive_read
    from unionhall.members.models import Member

    with committed():
        _members(school, 2)
    _page(client, school)
    version = versions.current(school.pk)
    with committed():
        try:
            with transaction.atomic():
                _members(school, 1)
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
        log_sensitive_read(
            org=school,
            actor=chair,
            model=Member,
            object_id=school.members.first().pk,
            purpose="member_detail",
            fields=["id_number"],
        )
    assert versions.current(school.pk) == version
    assert _figure(_page(client, school), "members.count") == "2"


@pytest.mark.django_db(transaction=True)
def test_another_worker_shows_the_change_at_once(school, tmp_path):
    """gunicorn with two workers, each with its own connection kept open: both have served the
    page before the change, and every page after it shows the new figure."""
    _members(school, 3)
    chair = chair_of(school)
    signed_in = Client()
    signed_in.force_login(chair)
    settings_dict = connection.settings_dict
    url = (
        f"sqlite:///{settings_dict['NAME']}"
        if connection.vendor == "sqlite"
        else postgres_url(settings_dict)
    )
    path = f"{URL.format(code=school.code)}?period={PERIOD}"
    with served(database_url=url, media_root=tmp_path / "media", workers=2) as server:
        browser = server.browser(signed_in.cookies["sessionid"].value)
        before = {_figure(browser.get(path).body, "members.count") for _ in range(6)}
        assert before == {"3"}
        _members(school, 1)
        after = {_figure(browser.get(path).body, "members.count") for _ in range(6)}
        assert after == {"4"}, server.log_text()[-2000:]


@pytest.mark.django_db
def test_a_figure_of_today_changes_at_midnight(client, school, chair, time_machine):
    """plans.tasks_done counts the tasks due up to today: at midnight the tasks due that day
    join it, with no record written in between."""
    from unionhall.plans import services

    plan = services.plan_create_from_template(org=school, actor=chair, start_year=2025)
    due = sorted({task.due_on for task in plan.tasks.all()})
    day = due[1]  # a day some task is due on, after an earlier one
    eve = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=1), dt.time(23, 59)))
    time_machine.move_to(eve, tick=False)
    before = _figure(_page(client, school), "plans.tasks_done")
    time_machine.move_to(eve + dt.timedelta(minutes=2), tick=False)
    after = _figure(_page(client, school), "plans.tasks_done")
    assert before != after


@pytest.mark.django_db
def test_one_schools_figures_are_never_shown_to_another(client, school, other_school, committed):
    with committed():
        _members(school, 3)
        _members(other_school, 5)
    for org, expected in [(school, "3"), (other_school, "5"), (school, "3")]:
        client.force_login(chair_of(org))
        assert _figure(_page(client, org), "members.count") == expected


@pytest.mark.django_db
def test_what_one_role_is_shown_is_not_shown_to_another(client, school):
    """The chair's page links the funds figures to their entries; a committee member who may
    not read the accounts sees the same figures, unlinked, whoever opened the page before."""
    chair = chair_of(school)
    post(school, Decimal("500.00"), actor=chair, date=dt.date(2025, 10, 9))
    culture = grant(UserFactory(), school, "committee_culture")
    for user, linked in [(chair, True), (culture, False), (chair, True), (culture, False)]:
        client.force_login(user)
        page = _page(client, school)
        assert ("/reports/indicator/funds.income/" in page) is linked, user


@pytest.mark.django_db
def test_a_ballot_cast_moves_no_version_and_its_count_does(school, chair, committed):
    """Casting writes the ballot and its register row and nothing more (no version row moved
    after each of 3,000 students' ballots); the count, which makes the poll's figures, moves it."""
    from tests.factories_polls import count_box, survey
    from unionhall.core import versions
    from unionhall.polls import services

    with committed():
        poll, codes, chair_user = survey(school, classes=("初一(1)班",), per_class=3)
    question = poll.questions.get(scale="satisfaction")
    version = versions.current(school.pk)
    with committed():
        for vote_code in codes["初一(1)班"]:
            services.ballot_cast(
                org=school, poll=poll, code=vote_code.code, choices={question.pk: "satisfied"}
            )
    assert versions.current(school.pk) == version
    with committed():
        count_box(school, chair_user, poll)
    assert versions.current(school.pk) > version


@pytest.mark.django_db
def test_the_chairs_paragraph_shows_at_once_and_only_she_is_offered_to_edit(
    client, school, committed
):
    """A section is kept as shown, with the chair's paragraphs in it and the openers of her
    forms: her paragraph is on the page the moment she saves it, and a committee member who
    may read the summary but not write it sees the paragraph without the openers, whoever
    opened the page before."""
    from unionhall.reports.models import NarrativeParagraph

    with committed():
        _members(school, 3)
    chair = chair_of(school)
    culture = grant(UserFactory(), school, "committee_culture")
    client.force_login(chair)
    _page(client, school)
    with committed():
        client.post(
            f"/o/{school.code}/reports/summary/narrative/",
            {"period": PERIOD, "section": "members", "position": 1, "text": "新教师全部入会。"},
        )
    paragraph = NarrativeParagraph.objects.get(org=school)
    edit = f'hx-get="/o/{school.code}/reports/summary/narrative/{paragraph.pk}/"'
    for user, offered in [(chair, True), (culture, False), (chair, True), (culture, False)]:
        client.force_login(user)
        page = _page(client, school)
        assert "新教师全部入会。" in page
        assert (edit in page) is offered, user
    client.force_login(chair)
    with committed():
        client.post(
            f"/o/{school.code}/reports/summary/narrative/{paragraph.pk}/", {"text": "改过的一段。"}
        )
    page = _page(client, school)
    assert "改过的一段。" in page and "新教师全部入会。" not in page
