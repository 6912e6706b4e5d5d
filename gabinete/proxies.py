"""The address of the person behind a request, when the intranet runs behind a reverse proxy.

Behind nginx every request comes from the proxy's address; the person's address travels in the
proxy's `X-Forwarded-For` header (and `X-Real-IP`). Anyone can send those headers, so they are read
only when the request comes from a configured proxy (settings.TRUSTED_PROXIES: addresses or
networks); from anywhere else the connection's own address counts. The lockout after failed sign-ins
(django-axes, AXES_CLIENT_IP_CALLABLE) counts this address together with the username, so guessing a
colleague's password from outside locks out the guesser, not the colleague.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES parsed ("127.0.0.1", "10.0.0.0/24", "::1"); a wrong entry stops the start."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES contiene «{entry}», que no es una dirección IP ni una red (p. ej. 10.0.0.0/24)."
            ) from exc
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped  # "::ffff:10.0.0.1" is 10.0.0.1
    return address


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the person who sent `request`.

    From a trusted proxy: `X-Forwarded-For` read from the right (each proxy appends the address it
    was reached from, so what the client wrote itself is on the left and never trusted), skipping
    the trusted proxies; the first other address is the client. Without that header, `X-Real-IP`.
    From any other address, the headers are ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    remote_address = _address(remote)
    if not _is_trusted(remote_address, networks):
        return str(remote_address) if remote_address is not None else remote
    candidate = remote_address
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        address = _address(hop)
        if address is None:
            break  # garbage before a trusted hop: keep the last address a trusted proxy vouched for
        candidate = address
        if not _is_trusted(address, networks):
            return str(address)
    if not forwarded:
        real = _address(request.META.get("HTTP_X_REAL_IP", ""))
        if real is not None:
            candidate = real
    return str(candidate)
