"""Behind the reverse proxy the lockout after failed sign-ins counts the person's own address (the
proxy's X-Forwarded-For, believed only from the configured proxy) together with the username: an
attacker guessing a colleague's password locks out the attacker, not the colleague."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gabinete.proxies import client_ip
from tests.gabinete.factories import PASSWORD

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
COLLEAGUE_OFFICE = "192.0.2.44"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    return settings


def _sign_in(client, password, *, remote, forwarded=None, username="camila"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_failures_from_an_attacker_behind_the_proxy_do_not_lock_out_the_colleague(client, user_factory, behind_proxy):
    user_factory("enlace", "aseo", username="camila")
    answers = [_sign_in(client, "mala", remote=PROXY, forwarded=ATTACKER).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # the fifth failure locks
    # The attacker is locked out, even with the right password...
    assert _sign_in(client, PASSWORD, remote=PROXY, forwarded=ATTACKER).status_code == 429
    # ...and Camila, through the same proxy from her own computer, signs in.
    assert _sign_in(client, PASSWORD, remote=PROXY, forwarded=COLLEAGUE_OFFICE).status_code == 302


def test_what_the_client_writes_in_x_forwarded_for_does_not_get_it_out_of_the_lockout(
    client, user_factory, behind_proxy
):
    """nginx appends the address it was reached from: the client's own entries are on the left."""
    user_factory("enlace", "aseo", username="camila")
    for n in range(5):
        _sign_in(client, "mala", remote=PROXY, forwarded=f"198.51.100.{n}, {ATTACKER}")
    assert _sign_in(client, PASSWORD, remote=PROXY, forwarded=f"192.0.2.200, {ATTACKER}").status_code == 429


def test_a_forged_header_from_an_address_that_is_not_the_proxy_is_ignored(client, user_factory, behind_proxy):
    user_factory("enlace", "aseo", username="camila")
    for n in range(5):
        _sign_in(client, "mala", remote=ATTACKER, forwarded=f"192.0.2.{n}")
    # A new forged address each time changed nothing: the connection's own address is locked out.
    assert _sign_in(client, PASSWORD, remote=ATTACKER, forwarded=COLLEAGUE_OFFICE).status_code == 429
    # Nor can a forged header lock out someone else's address.
    assert _sign_in(client, PASSWORD, remote=COLLEAGUE_OFFICE).status_code == 302


def test_the_lockout_comes_at_the_fifth_failure(client, user_factory, behind_proxy):
    user_factory("enlace", "aseo", username="camila")
    user_factory("enlace", "aseo", username="berta")
    for _ in range(4):
        _sign_in(client, "mala", remote=PROXY, forwarded=ATTACKER)
    assert _sign_in(client, PASSWORD, remote=PROXY, forwarded=ATTACKER).status_code == 302
    client.logout()
    for _ in range(5):
        _sign_in(client, "mala", remote=PROXY, forwarded=ATTACKER, username="berta")
    assert _sign_in(client, PASSWORD, remote=PROXY, forwarded=ATTACKER, username="berta").status_code == 429


def _request(remote, forwarded=None, real=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("remote", "forwarded", "real", "expected"),
    [
        (PROXY, ATTACKER, None, ATTACKER),
        (PROXY, f"1.2.3.4, {ATTACKER}", None, ATTACKER),  # the client's own entry is not believed
        (PROXY, f"{ATTACKER}, 10.0.0.2", None, ATTACKER),  # a second hop through the same proxy
        (PROXY, None, ATTACKER, ATTACKER),  # nginx's X-Real-IP when there is no X-Forwarded-For
        (PROXY, None, None, PROXY),
        (PROXY, "basura", None, PROXY),
        (PROXY, f"basura, {ATTACKER}", None, ATTACKER),
        (PROXY, "2001:db8::7", None, "2001:db8::7"),
        (f"::ffff:{PROXY}", ATTACKER, None, ATTACKER),
        (ATTACKER, COLLEAGUE_OFFICE, COLLEAGUE_OFFICE, ATTACKER),  # not the proxy: headers ignored
    ],
)
def test_client_ip(behind_proxy, remote, forwarded, real, expected):
    assert client_ip(_request(remote, forwarded, real)) == expected


def test_without_trusted_proxies_the_headers_are_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request(PROXY, ATTACKER, ATTACKER)) == PROXY


def test_the_lockout_settings_are_five_failures_per_username_and_address(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_CLIENT_IP_CALLABLE == "gabinete.proxies.client_ip"
