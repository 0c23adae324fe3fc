"""The same code sent 50 times at once gives exactly one ballot: the register's unique constraint
decides, in the database, whatever the timing. A poll closed while 50 ballots are being cast
accounts for every one: cast and close take the poll's row lock, so each ballot is stored before
the close's snapshot (and counted) or refused with the voter told that voting has ended. Real
threads, each with its own connection.

On SQLite the test database is in memory with a shared cache, where a locked table fails at
once instead of waiting; so the SQLite run moves to a file database (WAL, as deployed) for the
threads, migrated in a thread of its own. PostgreSQL runs it as it is.
"""

import contextlib
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from tests.factories import SchoolFactory
from tests.factories_polls import count_box, survey
from unionhall.polls import services
from unionhall.polls.models import Answer, Ballot, SealedBallot, Voted
from unionhall.polls.workflow import State

ATTEMPTS = 50


def _same_code_at_once():
    school = SchoolFactory()
    poll, codes, _chair = survey(school, classes=("初二(3)班",), per_class=3)
    code = codes["初二(3)班"][0].code
    question = poll.questions.first()
    start = threading.Barrier(ATTEMPTS)

    def attempt(_i):
        try:
            start.wait()
            services.ballot_cast(
                org=school, poll=poll, code=code, choices={question.pk: "satisfied"}
            )
            return "ballot"
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        results = list(pool.map(attempt, range(ATTEMPTS)))
    assert results.count("ballot") == 1
    assert results.count("refused") == ATTEMPTS - 1
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    assert Voted.objects.filter(poll=poll).count() == 1
    count_box(school, _chair, poll)
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert Answer.objects.filter(ballot__poll=poll).count() == 1


def _close_while_casting():
    school = SchoolFactory()
    poll, codes, chair = survey(school, classes=("初三(1)班",), per_class=ATTEMPTS)
    question = poll.questions.get(scale="satisfaction")
    start = threading.Barrier(ATTEMPTS + 1)
    some_stored = threading.Event()

    def cast(code):
        try:
            start.wait()
            with translation.override("en"):
                services.ballot_cast(
                    org=school, poll=None, code=code.code, choices={question.pk: "satisfied"}
                )
            some_stored.set()
            return "stored"
        except ValidationError as error:
            return " ".join(error.messages)
        finally:
            connections.close_all()

    def close():
        try:
            start.wait()
            some_stored.wait(timeout=60)  # close while the others are still arriving
            return services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=ATTEMPTS + 1) as pool:
        closing = pool.submit(close)
        results = list(pool.map(cast, codes["初三(1)班"]))
        closed = closing.result()
    stored = results.count("stored")
    refused = [r for r in results if r != "stored"]
    # every ballot accounted for: stored and counted, or refused with the voter told why
    assert stored + len(refused) == ATTEMPTS
    assert stored >= 1
    assert set(refused) <= {"Voting has ended: this ballot was not counted."}
    assert closed.voted_count == stored
    assert Voted.objects.filter(poll=poll).count() == stored
    assert SealedBallot.objects.filter(poll=poll).count() == stored
    poll = count_box(school, chair, poll)
    assert Ballot.objects.filter(poll=poll).count() == stored == poll.voted_count
    # a ballot after the close is refused, however it arrives
    with pytest.raises(ValidationError, match="Voting has ended"), translation.override("en"):
        services.ballot_cast(
            org=school,
            poll=None,
            code=codes["初三(1)班"][0].code,
            choices={question.pk: "satisfied"},
        )
    return stored, len(refused)


@contextlib.contextmanager
def _file_database(tmp_path):
    """New connections (every thread's) open a migrated file database; the test's own in-memory
    connection is left as it was."""
    path = tmp_path / "polls.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)  # the migrated schema, in a blink
    copy.close()
    original = connections.settings["default"]
    connections.settings["default"] = original | {"NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def _in_thread(job):
    def run():
        try:
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.mark.django_db(transaction=True)
def test_the_same_code_fifty_times_at_once_gives_one_ballot(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant runs below")
    with _file_database(tmp_path):
        _in_thread(_same_code_at_once)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_code_fifty_times_at_once_gives_one_ballot_on_postgresql():
    _same_code_at_once()


@pytest.mark.django_db(transaction=True)
def test_a_poll_closed_while_fifty_ballots_are_cast_accounts_for_every_one(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant runs below")
    with _file_database(tmp_path):
        _in_thread(_close_while_casting)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_poll_closed_while_fifty_ballots_are_cast_accounts_for_every_one_on_postgresql():
    _close_while_casting()
