"""The address guard: which hosts are loopback, private, link-local or otherwise not on the public internet."""

from __future__ import annotations

import ipaddress
import socket


def is_private_host(host: str) -> bool:
    """True when `host` (a name or an IP literal) resolves to any non-public address."""
    return private_address(host) is not None


def private_address(host: str) -> str | None:
    """The first loopback, private, link-local, reserved, multicast or unspecified address of `host`."""
    host = host.strip().strip("[]")
    if not host:
        return None
    try:
        literal = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        # No lookup for IP literals: getaddrinfo rejects IPv6 ones on hosts without IPv6.
        return str(literal) if _is_private_ip(literal) else None
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None  # unresolvable: the request itself fails later with a clear DNS error
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if _is_private_ip(ip):
            return address
    return None


def _is_private_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global  # also shared (100.64/10) and documentation ranges
    )
