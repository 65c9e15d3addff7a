"""Which URLs we are allowed to fetch: http(s) only, and no private/loopback/link-local targets.

Host names are resolved and every address checked, so `http://intranet/` or a name pointing at
169.254.169.254 is refused unless allow-listed (host names, IPs or CIDR networks). Raises
`FetchError`; performs DNS look-ups (through an injectable resolver) but no HTTP.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(Exception):
    """A URL could not be fetched; `reason` is a quarantine reason code. `status` is the HTTP
    status when the server answered; `retryable` marks failures worth another attempt."""

    def __init__(self, reason: str, detail: str, *, status: int | None = None, retryable: bool = False) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.status = status
        self.retryable = retryable


#: getaddrinfo-compatible resolver (host, port, type=...) -> address infos.
Resolver = Callable[..., list[tuple[Any, ...]]]


def _is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _is_public(ip.ipv4_mapped)
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified or not ip.is_global)


class AddressPolicy:
    """Checks URLs before every request (including each redirect hop), and the addresses a
    connection is about to use (`addresses`, see `transforms.ingest.pinning`)."""

    def __init__(self, block_private: bool = True, allow: Sequence[str] = (),
                 resolve: Resolver = socket.getaddrinfo) -> None:
        self.block_private = block_private
        self.allow_hosts: set[str] = set()
        self.allow_nets: list[IPNetwork] = []
        self._resolve = resolve
        for entry in allow:
            try:
                self.allow_nets.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.allow_hosts.add(entry.lower().rstrip("."))

    def _allowed_ip(self, ip: IPAddress) -> bool:
        return any(ip in net for net in self.allow_nets if net.version == ip.version)

    def restricts(self, host: str) -> bool:
        """True when addresses of `host` must be checked (blocking on and host not allow-listed)."""
        return self.block_private and host.lower().rstrip(".") not in self.allow_hosts

    def check(self, url: str) -> None:
        """Raise FetchError unless `url` may be fetched."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError as exc:
            raise FetchError("bad_url", f"{url[:200]!r} is not a valid URL ({exc})") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError("unsupported_scheme", f"{scheme or 'no'} scheme in {url[:200]!r}; only http(s)")
        if not host:
            raise FetchError("bad_url", f"no host in {url[:200]!r}")
        if self.restricts(host):
            self.addresses(host, port or (443 if scheme == "https" else 80))

    def addresses(self, host: str, port: int) -> list[IPAddress]:
        """The addresses `host` resolves to now, in resolver order, all of them allowed; raise
        FetchError (dns_error, blocked_address) otherwise. One resolution: a connection made to
        these addresses uses exactly what was checked."""
        try:
            ips: list[IPAddress] = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            try:
                infos = self._resolve(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                raise FetchError("dns_error", f"cannot resolve {host!r}: {exc}") from None
            ips = []
            for info in infos:
                try:
                    ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
                except ValueError:
                    continue
                if ip not in ips:
                    ips.append(ip)
        if not ips:
            raise FetchError("dns_error", f"{host!r} resolves to no usable address")
        for ip in ips:
            if not self._allowed_ip(ip) and not _is_public(ip):
                raise FetchError("blocked_address",
                                 f"{host} resolves to {ip}, a private/loopback/reserved address; "
                                 "add it to [ingest] allow_addresses to fetch it anyway")
        return ips
