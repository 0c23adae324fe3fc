"""Mainland resident ID numbers (居民身份证号码, GB 11643-1999): 18 characters with a checksum."""

import datetime as dt
import re

from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CODES = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdNumberError(ValueError):
    pass


def check_digit(first17: str) -> str:
    return _CHECK_CODES[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def birth_date_of(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def validate(raw: str) -> str:
    """The normalised number, or IdNumberError with a message a person can act on."""
    number = normalise(raw)
    if len(number) != 18:
        raise IdNumberError(_("must be 18 characters, not %(n)d") % {"n": len(number)})
    if not _SHAPE.match(number):
        raise IdNumberError(_("must be 17 digits followed by a digit or X"))
    try:
        born = birth_date_of(number)
    except ValueError:
        raise IdNumberError(_("the birth date inside it is not a real date")) from None
    if born.year < 1900 or born > dt.date.today():
        raise IdNumberError(_("the birth date inside it is not plausible"))
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError(_("check digit is wrong"))
    return number


def gender_of(number: str) -> str:
    """'M' or 'F' from the 17th digit (odd is male)."""
    return "M" if int(number[16]) % 2 else "F"


def mask(number: str) -> str:
    if not number:
        return ""
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}"


def make(area: str, born: dt.date, sequence: int) -> str:
    """A valid number for demo and test data: area code, birth date, 3-digit sequence."""
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
