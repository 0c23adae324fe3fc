"""The client's address is read from X-Forwarded-For only when the peer is a trusted proxy, so
limits see the real visitor behind nginx and cannot be dodged by sending the header directly."""

import pytest
from django.test import RequestFactory

from tests.factories_voice import enable_public
from tests.test_voice_public import _form
from unionhall.core.clients import client_address
from unionhall.voice.models import Suggestion

PROXY = "10.0.0.5"


def _request(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.UNIONHALL_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_peer_that_is_not_a_trusted_proxy_cannot_name_another_client(settings):
    settings.UNIONHALL_TRUSTED_PROXIES = [PROXY]
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_the_trusted_proxy_the_client_is_the_address_it_appended(settings):
    settings.UNIONHALL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request(PROXY, "198.51.100.1")) == "198.51.100.1"
    # What the client wrote itself (left of what the proxy appended) is not believed.
    assert client_address(_request(PROXY, "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    # Two proxies in a row: the right-most address that is not one of them.
    assert client_address(_request(PROXY, "1.2.3.4, 198.51.100.1, 10.1.1.1")) == "198.51.100.1"


def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings):
    settings.UNIONHALL_TRUSTED_PROXIES = [PROXY]
    assert client_address(_request(PROXY)) == PROXY
    assert client_address(_request(PROXY, "")) == PROXY
    assert client_address(_request(PROXY, "not-an-address")) == PROXY
    assert client_address(_request("2001:db8::1", "198.51.100.1")) == "2001:db8::1"


@pytest.mark.usefixtures("english")
def test_the_suggestion_box_limits_each_visitor_behind_the_proxy(client, school, settings):
    settings.UNIONHALL_TRUSTED_PROXIES = ["127.0.0.1"]
    enable_public(school, public_per_hour=1)
    url = f"/p/{school.code}/suggest/"

    def post(forwarded: str):
        data = _form(client, url)
        return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert post("198.51.100.1").status_code == 200
    assert post("198.51.100.1").status_code == 429
    # Another visitor through the same proxy has their own allowance.
    assert post("198.51.100.2").status_code == 200
    # A forged address to the left of the proxy's does not buy a new allowance.
    assert post("192.0.2.99, 198.51.100.2").status_code == 429
    assert Suggestion.objects.count() == 2
