"""Connections pinned to checked addresses: closes the DNS-rebinding window of the address policy.

`PinnedBackend` is an httpcore network backend: when a connection is opened it resolves the host
once through `AddressPolicy.addresses` (which refuses private/loopback addresses unless allowed)
and connects to exactly those checked addresses, in resolver order. The URL, the Host header,
TLS SNI and certificate checks keep the host name: only the address lookup is shared. A name that
answers a public address to the check and a private one to the connection can therefore not
reach the private one. Direct connections only: through an HTTP(S) proxy taken from the
environment the proxy resolves names (the per-hop URL check still applies). No HTTP logic here.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

from transforms.ingest.netpolicy import AddressPolicy


class PinnedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to addresses the policy has just checked."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        if not self.policy.restricts(host):
            return self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        error: Exception | None = None
        for ip in self.policy.addresses(host, port):  # raises FetchError when refused
            try:
                return self._inner.connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc  # try the next checked address
        assert error is not None  # addresses() returns at least one address
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                            ) -> httpcore.NetworkStream:
        return self._inner.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport with the connection pool opening connections through
    `PinnedBackend` (same TLS context and limits as `httpx.HTTPTransport`)."""

    def __init__(self, policy: AddressPolicy, limits: httpx.Limits) -> None:
        # HTTPTransport.__init__ only builds `_pool`; build it here with our backend instead
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(policy),
        )
