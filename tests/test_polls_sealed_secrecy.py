"""Whoever holds the database cannot tell who voted what.

After the count: 200 ballots cast in a known order (each with its own comment, so that the test
knows which ballot came when) and the box opened; then neither the physical order of the rows
(SQLite rowid, PostgreSQL ctid), nor PostgreSQL's xmin, nor the order of any column of the
ballots and answers, nor pairing them with the voted register in its own order, tells that order
better than chance. Tolerance: for 200 ballots in random order, Spearman's rank correlation with
the casting order has a standard deviation of 1/√199 ≈ 0.071; the test allows |ρ| < 0.3 (over 4
standard deviations: a false alarm about once in 30,000 checks). Pairing the register's rows with
the ballots' rows position by position matches about one by chance (a random permutation's fixed
points): the test allows at most 8 (once in 10^5).

Before the count: with every table read and the media folder, no comment or choice can be read,
and the sealed boxes open with no 32-byte value found in the database; the poll's private key,
rebuilt with the passphrases, is stored nowhere (nor in the SQLite file).
"""

import os
import re
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from tests.factories import SchoolFactory
from tests.factories_polls import count_box, passphrase_of, survey
from unionhall.polls import sealing, services
from unionhall.polls.models import Answer, Ballot, SealedBallot, VoteCode, Voted

N = 200
TOLERANCE = 0.3
MAX_PAIRED = 8
CLASSES = ("初一(1)班", "初一(2)班")
# What a ballot says (here its comment names its own place, so that the test knows it): content,
# not a column that could order the ballots.
CONTENT = {"value", "text"}


def _ranks(values: list) -> list[float]:
    """Ranks 1..n, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list, ys: list) -> float:
    """Rank correlation; 0 when either side is constant (it orders nothing)."""
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(rx)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return 0.0 if not vx or not vy else cov / (vx * vy) ** 0.5


def _comment(i: int) -> str:
    return f"第{i:03d}张选票的意见"


def _cast_in_known_order(n: int):
    """n ballots, the classes taking turns; ballot i says comment i. Returns the poll, the
    chair and the codes in casting order."""
    school = SchoolFactory()
    poll, codes, chair = survey(school, classes=CLASSES, per_class=n // 2)
    satisfaction = poll.questions.get(scale="satisfaction")
    comment = poll.questions.get(scale="comment")
    order = [codes[CLASSES[i % 2]][i // 2] for i in range(n)]
    points = ["satisfied", "fairly", "basic", "dissatisfied", "unknown"]
    for i, code in enumerate(order):
        services.ballot_cast(
            org=school,
            poll=None,
            code=code.code,
            choices={satisfaction.pk: points[i % len(points)], comment.pk: _comment(i)},
        )
    return school, poll, chair, order


def _index(text: str) -> int:
    return int(re.fullmatch(r"第(\d{3})张选票的意见", text)[1])


def _physical(model, poll) -> list:
    """The model's rows of the poll in their physical order: rowid (SQLite), ctid (PostgreSQL).

    Raw SQL on purpose: the ORM can neither order by rowid/ctid nor read xmin, and this test reads
    the database as whoever holds the file or a backup would."""
    table = model._meta.db_table
    where = "poll_id" if model is not Answer else "ballot_id IN (SELECT id FROM polls_ballot)"
    place = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        if model is Answer:
            cursor.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY {place}")
        else:
            cursor.execute(
                f"SELECT id FROM {table} WHERE {where} = %s ORDER BY {place}",
                [poll.pk],
            )
        return [uuid.UUID(str(row[0])) for row in cursor.fetchall()]


def _after_the_count():
    school, poll, chair, order = _cast_in_known_order(N)
    position_of_code = {code.pk: i for i, code in enumerate(order)}
    poll = count_box(school, chair, poll)
    assert poll.voted_count == N
    # which ballot came when: its comment says
    comments = Answer.objects.filter(ballot__poll=poll).exclude(text="")
    cast_at = {a.ballot_id: _index(a.text) for a in comments}
    assert sorted(cast_at.values()) == list(range(N))
    ballots = list(Ballot.objects.filter(poll=poll))
    answers = list(Answer.objects.filter(ballot__poll=poll))
    checks: dict[str, float] = {}
    # 1. the physical order of the rows
    physical = _physical(Ballot, poll)
    checks["ballot rows"] = spearman(list(range(N)), [cast_at[pk] for pk in physical])
    answer_ballot = {a.pk: a.ballot_id for a in answers}
    physical_answers = _physical(Answer, poll)
    checks["answer rows"] = spearman(
        list(range(len(physical_answers))),
        [cast_at[answer_ballot[pk]] for pk in physical_answers],
    )
    # 2. every column of the ballots and the answers, sorted
    for model, rows, ballot_of in (
        (Ballot, ballots, lambda row: row.pk),
        (Answer, answers, lambda row: row.ballot_id),
    ):
        for field in model._meta.concrete_fields:
            if field.name in CONTENT:
                continue
            values = [str(getattr(row, field.attname)) for row in rows]
            checks[f"{model.__name__}.{field.name}"] = spearman(
                values, [cast_at[ballot_of(row)] for row in rows]
            )
    # 3. the register in its own order, paired with the ballots in theirs
    register = _physical(Voted, poll)
    code_of = dict(Voted.objects.filter(poll=poll).values_list("pk", "code_id"))
    register_positions = [position_of_code[code_of[pk]] for pk in register]
    # the register itself is in casting order (it is the record of who voted, not how) ...
    assert spearman(list(range(N)), register_positions) > 0.9
    # ... but its n-th row says nothing about the n-th ballot
    paired = sum(
        1
        for ballot, voter in zip(physical, register_positions, strict=True)
        if cast_at[ballot] == voter
    )
    assert paired <= MAX_PAIRED, paired
    for name, rho in checks.items():
        assert abs(rho) < TOLERANCE, (name, rho)
    if connection.vendor == "postgresql":
        # 4. xmin: every opened row was written by the one transaction that opened the box
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT xmin::text FROM polls_ballot WHERE poll_id = %s", [poll.pk]
            )
            assert len(cursor.fetchall()) == 1
            cursor.execute(
                "SELECT DISTINCT a.xmin::text FROM polls_answer a "
                "JOIN polls_ballot b ON a.ballot_id = b.id WHERE b.poll_id = %s",
                [poll.pk],
            )
            assert len(cursor.fetchall()) == 1
    return checks, paired


@pytest.mark.django_db(transaction=True)
def test_after_the_count_nothing_orders_the_ballots_like_the_voters():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant runs below")
    _after_the_count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_the_count_nothing_orders_the_ballots_like_the_voters_on_postgresql():
    _after_the_count()


def _everything_stored() -> tuple[list[str], list[bytes]]:
    """Every value of every row of every table, as text and as bytes."""
    texts, blobs = [], []
    for model in apps.get_models(include_auto_created=True):
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.values_list(*names):
            for value in row:
                if isinstance(value, bytes | memoryview):
                    blobs.append(bytes(value))
                elif value is not None:
                    texts.append(str(value))
    return texts, blobs


def _media_files() -> list[bytes]:
    root = Path(settings.MEDIA_ROOT)
    return [p.read_bytes() for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _database_files() -> list[bytes]:
    if connection.vendor != "sqlite":
        return []
    name = connection.settings_dict["NAME"]
    return [Path(p).read_bytes() for p in (name, f"{name}-wal") if os.path.exists(p)]


def _before_the_count():
    school, poll, chair, _order = _cast_in_known_order(30)
    poll.refresh_from_db()
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not Answer.objects.filter(ballot__poll=poll).exists()
    boxes = [bytes(b) for b in SealedBallot.objects.filter(poll=poll).values_list("box", flat=True)]
    assert len(boxes) == 30
    assert len({len(b) for b in boxes}) == 1  # one length: a box's size tells nothing
    texts, blobs = _everything_stored()
    files = _media_files() + _database_files()
    everything = "\n".join(texts).encode() + b"\n".join(blobs) + b"".join(files)
    for i in range(30):
        assert _comment(i).encode() not in everything, i
    # every 32-byte value the database holds (in any blob but the boxes themselves, the boxes'
    # first 32 bytes, and in any text), tried as a private key on the boxes: none opens them
    candidates = set()
    for blob in [*blobs, *(t.encode() for t in texts)]:
        if blob in boxes:
            candidates.add(blob[:32])
            continue
        for start in range(max(0, len(blob) - 31)):
            candidates.add(blob[start : start + 32])
    for text in texts:  # a key written out in hexadecimal
        for found in re.findall(r"[0-9a-fA-F]{64}", text):
            candidates.add(bytes.fromhex(found))
    assert len(candidates) > 100
    for candidate in candidates:
        for key in (sealing.PrivateKey(candidate), sealing.PrivateKey.from_seed(candidate)):
            for box in boxes[:2]:
                with pytest.raises(sealing.SealingError):
                    sealing.unseal(key, box)
    # the poll's private key, rebuilt from two passphrases as at the count, is stored nowhere
    holders = list(services.key_holders(poll)[:2])
    points = [
        sealing.share_from_bytes(
            sealing.unseal(sealing.holder_key(passphrase_of(h), h.key_salt), h.key_share)
        )
        for h in holders
    ]
    private = sealing.combine(points)
    assert bytes(sealing.PrivateKey(private).public_key) == bytes(poll.public_key)
    assert private not in everything
    assert private.hex() not in everything.decode(errors="replace")
    assert sealing.unseal(sealing.PrivateKey(private), boxes[0])  # it is the key
    # and the register names codes, never what they chose
    assert (
        Voted.objects.filter(poll=poll).count()
        == VoteCode.objects.filter(voted__isnull=False).count()
        == 30
    )
    return school, poll, chair, boxes


@pytest.mark.django_db(transaction=True)
def test_before_the_count_the_database_and_media_do_not_read_a_ballot():
    _school, _poll, _chair, _boxes = _before_the_count()


@pytest.mark.django_db(transaction=True)
def test_opened_boxes_leave_no_sealed_bytes_in_the_sqlite_file():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's secure_delete; PostgreSQL keeps dead rows until VACUUM")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
    school, poll, chair, boxes = _before_the_count()
    count_box(school, chair, poll)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (stored,) = [f for f in _database_files() if f]
    assert not any(box[40:80] in stored for box in boxes)
