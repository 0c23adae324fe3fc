"""The sealed ballot box's cryptography, with no Django in it.

- A key holder's key pair comes from their passphrase: Argon2id (libsodium's "interactive"
  limits) stretches passphrase + salt into a 32-byte X25519 private key. Only the salt and the
  public key are stored; the passphrase and the private key live only while the holder types it.
- The poll's key pair is made at opening. Its private key is split by Shamir's secret sharing
  over the prime field GF(2^521 − 1): any `threshold` shares rebuild it, fewer say nothing about
  it. Each share is sealed to one key holder's public key; the private key itself is never stored.
- A ballot is a libsodium sealed box (X25519 + XSalsa20-Poly1305) to the poll's public key,
  padded to a length fixed per poll, so its size says nothing about what it holds.
"""

import secrets
from collections.abc import Sequence

import nacl.exceptions
import nacl.pwhash.argon2id as argon2id
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

# A Mersenne prime, larger than any 32-byte secret: shares are numbers below it.
PRIME = 2**521 - 1
SHARE_BYTES = 66  # 521 bits
KEY_BYTES = 32
SALT_BYTES = argon2id.SALTBYTES
OPSLIMIT = argon2id.OPSLIMIT_INTERACTIVE
MEMLIMIT = argon2id.MEMLIMIT_INTERACTIVE

Share = tuple[int, int]


class SealingError(Exception):
    """A share, a key or a box that does not fit: nothing can be read from it."""


# Shamir's secret sharing ------------------------------------------------------------------------


def split(secret: bytes, *, shares: int, threshold: int) -> list[Share]:
    """`shares` points (x, y) of a random polynomial of degree threshold − 1 whose value at 0 is
    `secret`; any `threshold` of them give the secret back."""
    if not 1 <= threshold <= shares <= 255:
        raise ValueError("need 1 ≤ threshold ≤ shares ≤ 255")
    value = int.from_bytes(secret, "big")
    if value >= PRIME:
        raise ValueError("secret too long")
    coefficients = [value] + [secrets.randbelow(PRIME) for _i in range(threshold - 1)]
    points = []
    for x in range(1, shares + 1):
        y = 0
        for coefficient in reversed(coefficients):  # Horner
            y = (y * x + coefficient) % PRIME
        points.append((x, y))
    return points


def combine(points: Sequence[Share], *, length: int = KEY_BYTES) -> bytes:
    """The polynomial's value at 0 from `points` (Lagrange interpolation). With fewer points
    than the threshold, or a wrong one, the result is some other number."""
    xs = [x for x, _y in points]
    if not points or len(set(xs)) != len(xs) or any(not 0 < x < PRIME for x in xs):
        raise SealingError("the shares must have distinct positions")
    total = 0
    for i, (xi, yi) in enumerate(points):
        numerator, denominator = 1, 1
        for j, (xj, _yj) in enumerate(points):
            if i != j:
                numerator = numerator * xj % PRIME
                denominator = denominator * (xj - xi) % PRIME
        total = (total + yi * numerator * pow(denominator, -1, PRIME)) % PRIME
    if total >= 1 << (8 * length):
        raise SealingError("the shares do not rebuild a key")
    return total.to_bytes(length, "big")


def share_to_bytes(point: Share) -> bytes:
    x, y = point
    return bytes([x]) + y.to_bytes(SHARE_BYTES, "big")


def share_from_bytes(data: bytes) -> Share:
    if len(data) != 1 + SHARE_BYTES:
        raise SealingError("not a share")
    return data[0], int.from_bytes(data[1:], "big")


# Keys -------------------------------------------------------------------------------------------


def new_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


def holder_key(passphrase: str, salt: bytes) -> PrivateKey:
    """A key holder's private key, from their passphrase (about 0.1 s and 64 MB, by design)."""
    seed = argon2id.kdf(
        KEY_BYTES, passphrase.encode("utf-8"), bytes(salt), opslimit=OPSLIMIT, memlimit=MEMLIMIT
    )
    return PrivateKey(seed)


def new_poll_key() -> PrivateKey:
    return PrivateKey.generate()


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    return SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext)


def sealer(public_key: bytes) -> SealedBox:
    return SealedBox(PublicKey(bytes(public_key)))


def unseal(private_key: PrivateKey, box: bytes) -> bytes:
    try:
        return SealedBox(private_key).decrypt(bytes(box))
    except nacl.exceptions.CryptoError:
        raise SealingError("the box does not open with this key") from None


def pad(plaintext: bytes, length: int) -> bytes:
    """`plaintext` followed by spaces up to `length` bytes (JSON reads past trailing spaces)."""
    if len(plaintext) > length:
        raise ValueError("payload longer than the poll's fixed length")
    return plaintext + b" " * (length - len(plaintext))
