"""Login throttling that locks out attackers, not schools.

django-axes counts failed logins per account-and-address pair (AXES_LOCKOUT_PARAMETERS
[["username", "ip_address"]]): a teacher's typos lock only that teacher, and only at the
address they typed from, so an attacker elsewhere typing the chair's name locks only himself.
What axes cannot say is "this address fails for many different accounts" (guessing one
password across the staff list): `LoginThrottle` adds that lock, counted from the same
AccessAttempt rows (one per username, address and browser), so nothing else is stored.

An address is locked while at least UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT different usernames
failed from it within the cool-off, far above what a staff room mistypes behind one school
address. A successful login clears that account's failures at the address (axes'
AXES_RESET_ON_SUCCESS), so only accounts still failing count.
"""

import datetime as dt
import ipaddress
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.utils import timezone

from unionhall.core.security import client_address
from unionhall.orgs.models import Organisation, User


def throttled_address(request) -> str:
    """The address login failures count against (AXES_CLIENT_IP_CALLABLE): the client's
    address, as every throttle reads it; for IPv6, its /64 network (written as its first
    address), which one home or school holds whole, so that hopping from address to address
    within it buys an attacker no new guesses."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network((ip, 64), strict=False).network_address)


def _recent_failures(now: dt.datetime | None = None):
    """The failed logins that still count: those within the cool-off."""
    since = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def address_locked(address: str | None, *, now: dt.datetime | None = None) -> bool:
    """Whether logins from `address` are refused: too many different accounts failed there."""
    accounts = (
        _recent_failures(now).filter(ip_address=address).values("username").distinct().count()
    )
    return accounts >= settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler (the pair lock) with the address lock added (AXES_HANDLER)."""

    def is_locked(self, request, credentials=None) -> bool:
        # Asked by the login backend before the password is tried.
        return super().is_locked(request, credentials) or address_locked(
            request.axes_ip_address, now=request.axes_attempt_time
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # axes refuses the failure that reaches the pair's limit at once; so does the address.
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if address_locked(request.axes_ip_address, now=request.axes_attempt_time):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def _district_logins(district: Organisation):
    """The usernames of a district's own logins and of its schools' logins."""
    return User.objects.filter(
        models.Q(role_assignments__org=district) | models.Q(role_assignments__org__parent=district)
    ).values("username")


@dataclass(frozen=True)
class LockedAddress:
    address: str
    accounts: int  # different usernames that failed there within the cool-off
    last_failure: dt.datetime

    @property
    def shown(self) -> str:
        """An IPv6 address stands for its /64 network (see throttled_address)."""
        return f"{self.address}/64" if ":" in self.address else self.address


def locked_addresses(*, district: Organisation) -> list[LockedAddress]:
    """The addresses logins are refused from now that `district` may lift: those where one of
    its own or its schools' logins failed, or a username that is no login at all (a guess;
    an address guessing only another district's logins is that district's)."""
    recent = _recent_failures()
    concerned = recent.filter(
        models.Q(username__in=_district_logins(district))
        | ~models.Q(username__in=User.objects.values("username"))
    ).values("ip_address")
    rows = (
        recent.filter(ip_address__in=concerned)
        .values("ip_address")
        .annotate(
            accounts=models.Count("username", distinct=True),
            last_failure=models.Max("attempt_time"),
        )
        .filter(accounts__gte=settings.UNIONHALL_LOGIN_ADDRESS_ACCOUNT_LIMIT)
        .order_by("-last_failure", "ip_address")
    )
    return [LockedAddress(row["ip_address"], row["accounts"], row["last_failure"]) for row in rows]


def locked_usernames():
    """The usernames refused now at some address after too many wrong passwords there (the
    pair lock; failures from several browsers at one address add up, as axes counts them)."""
    return (
        _recent_failures()
        .filter(username__isnull=False)
        .values("username", "ip_address")
        .annotate(failures=models.Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )
