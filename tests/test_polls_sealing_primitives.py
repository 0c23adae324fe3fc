"""The sealed ballot box's primitives: Shamir's secret sharing over GF(2^521 − 1), the key a
passphrase gives, and the sealed boxes themselves. No database."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.polls import sealing

SECRETS = st.binary(min_size=32, max_size=32)


@settings(max_examples=60, deadline=None)
@given(secret=SECRETS, shape=st.tuples(st.integers(1, 6), st.integers(0, 4)))
def test_any_threshold_of_the_shares_rebuild_the_secret(secret, shape):
    threshold, extra = shape
    points = sealing.split(secret, shares=threshold + extra, threshold=threshold)
    assert [x for x, _y in points] == list(range(1, threshold + extra + 1))
    for chosen in itertools.combinations(points, threshold):
        assert sealing.combine(chosen) == secret
    assert sealing.combine(points) == secret  # more than enough also works


@settings(max_examples=60, deadline=None)
@given(secret=SECRETS, threshold=st.integers(2, 5))
def test_fewer_shares_than_the_threshold_give_something_else(secret, threshold):
    points = sealing.split(secret, shares=threshold, threshold=threshold)
    for chosen in itertools.combinations(points, threshold - 1):
        try:
            assert sealing.combine(chosen) != secret
        except sealing.SealingError:
            pass  # a number too large to be a key: also nothing


@settings(max_examples=40, deadline=None)
@given(secret=SECRETS)
def test_one_share_of_two_is_uniform_whatever_the_secret(secret):
    # With threshold 2 a share is secret + a·x for a random a: it is a fresh random number each
    # time, not a function of the secret.
    first = sealing.split(secret, shares=3, threshold=2)
    second = sealing.split(secret, shares=3, threshold=2)
    assert first[0] != second[0]


@settings(max_examples=40, deadline=None)
@given(secret=SECRETS, threshold=st.integers(1, 4))
def test_a_share_survives_its_bytes(secret, threshold):
    for point in sealing.split(secret, shares=4, threshold=threshold):
        data = sealing.share_to_bytes(point)
        assert len(data) == 1 + sealing.SHARE_BYTES
        assert sealing.share_from_bytes(data) == point


def test_a_wrong_share_does_not_rebuild_the_secret():
    secret = bytes(range(32))
    (x1, y1), (x2, y2) = sealing.split(secret, shares=2, threshold=2)
    try:
        assert sealing.combine([(x1, y1), (x2, y2 + 1)]) != secret
    except sealing.SealingError:
        pass


def test_shares_must_have_distinct_positions():
    point = sealing.split(b"\x01" * 32, shares=2, threshold=2)[0]
    with pytest.raises(sealing.SealingError):
        sealing.combine([point, point])
    with pytest.raises(sealing.SealingError):
        sealing.combine([])


@pytest.mark.parametrize("shares,threshold", [(2, 3), (0, 0), (256, 2), (3, 0)])
def test_impossible_splits_are_refused(shares, threshold):
    with pytest.raises(ValueError):
        sealing.split(b"\x01" * 32, shares=shares, threshold=threshold)


def test_a_passphrase_gives_the_same_key_with_its_salt_and_another_without():
    salt = sealing.new_salt()
    key = sealing.holder_key("春风又绿江南岸-2026", salt)
    again = sealing.holder_key("春风又绿江南岸-2026", salt)
    assert bytes(key) == bytes(again)
    assert bytes(sealing.holder_key("春风又绿江南岸-2025", salt)) != bytes(key)
    assert bytes(sealing.holder_key("春风又绿江南岸-2026", sealing.new_salt())) != bytes(key)


def test_a_ballot_opens_only_with_the_poll_key_and_its_length_says_nothing():
    key = sealing.new_poll_key()
    public = bytes(key.public_key)
    short = sealing.seal(public, sealing.pad(b'{"a":[]}', 512))
    long = sealing.seal(public, sealing.pad(b'{"a":[[1,null,"","' + b"x" * 400 + b'"]]}', 512))
    assert len(short) == len(long)
    assert sealing.unseal(key, short).rstrip() == b'{"a":[]}'
    with pytest.raises(sealing.SealingError):
        sealing.unseal(sealing.new_poll_key(), short)
    with pytest.raises(ValueError):
        sealing.pad(b"x" * 600, 512)


def test_the_poll_key_split_among_holders_opens_the_box():
    poll_key = sealing.new_poll_key()
    holders = [sealing.holder_key(f"passphrase-{i}-long", sealing.new_salt()) for i in range(3)]
    sealed_shares = [
        sealing.seal(bytes(h.public_key), sealing.share_to_bytes(p))
        for h, p in zip(holders, sealing.split(bytes(poll_key), shares=3, threshold=2), strict=True)
    ]
    box = sealing.seal(bytes(poll_key.public_key), b"ballot")
    for a, b in itertools.combinations(range(3), 2):
        points = [
            sealing.share_from_bytes(sealing.unseal(holders[i], sealed_shares[i])) for i in (a, b)
        ]
        rebuilt = sealing.combine(points)
        assert sealing.unseal(sealing.PrivateKey(rebuilt), box) == b"ballot"
    with pytest.raises(sealing.SealingError):
        sealing.unseal(holders[1], sealed_shares[0])
