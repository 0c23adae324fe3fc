"""The address of the client a request came from, seen through a trusted proxy.

Behind nginx every request comes from nginx's own address, so a limit per address would count
every visitor together. The proxy says who its client was in X-Forwarded-For, but anyone can send
that header, so it is believed only when the peer is a proxy the setting
UNIONHALL_TRUSTED_PROXIES names (addresses or networks: "127.0.0.1", "10.0.0.0/8"):

    from unionhall.core.clients import client_address
    address = client_address(request)   # use this, never REMOTE_ADDR, for limits and throttles

Each proxy appends the address it saw, so the header is read from the right: the first address
that is not a trusted proxy is the client. Addresses further left were written by the client
itself and are ignored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(names: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(name, strict=False) for name in names)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless the peer is a trusted proxy: then the right-most untrusted address of
    X-Forwarded-For (the peer's own address when the header is missing or malformed)."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "UNIONHALL_TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if _is_trusted(hop, networks):
            continue
        # A trusted proxy writes a bare address; anything else means the chain is not what it
        # should be, so fall back to the peer rather than believe it.
        return hop if _is_address(hop) else peer
    return peer
