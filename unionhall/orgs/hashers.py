"""The hash of a one-time password an officer hands out (`orgs.services.login_create`,
`password_reset`).

The default hasher's million PBKDF2 rounds protect passwords people choose. A one-time password
is 10 characters drawn at random from 31 (about 49 bits), lives until its holder's first login
and is replaced there by their own (stored with the default hasher): fewer rounds keep it as
hard to guess, and let a chair issue logins to a whole school in one request (60 logins take
about 25 s at a million rounds, within the server's 60 s only on a fast machine)."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

ONE_TIME = "pbkdf2_onetime"


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = ONE_TIME
    iterations = 20_000


def one_time_hash(password: str) -> str:
    return make_password(password, hasher=ONE_TIME)
