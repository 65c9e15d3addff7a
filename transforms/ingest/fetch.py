"""HTTP fetching as a good citizen: time-outs, size cap, User-Agent, retries with back-off (429,
5xx, connection failures, read time-outs), conditional requests, per-host concurrency, capped
redirects, address policy on every hop with connections pinned to the checked addresses, and
robots.txt for the pages we discover (`get(..., robots=True)`).

One `Fetcher` per run (thread-safe). Returns bytes or raises `FetchError` with a reason code;
it does not parse what it fetches.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from transforms.ingest.netpolicy import AddressPolicy, FetchError, Resolver
from transforms.ingest.robots import RobotsRules
from transforms.ingest.settings import HttpSettings

if TYPE_CHECKING:  # httpx is imported on first use: runs over local files never load it
    import httpx

REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class Response:
    """A completed GET: final URL, status (200 or 304), lower-cased headers, body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: dt.datetime
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(cap, max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds()))


class Fetcher:
    """A shared HTTP client with politeness rules; use as a context manager."""

    def __init__(self, settings: HttpSettings, sleep: Callable[[float], None] = time.sleep,
                 resolve: Resolver = socket.getaddrinfo) -> None:
        self.settings = settings
        self.policy = AddressPolicy(settings.block_private_addresses, settings.allow_addresses, resolve)
        self._sleep = sleep
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self.robots = RobotsRules(self._robots_txt, settings.user_agent) if settings.respect_robots_txt else None

    @property
    def client(self) -> httpx.Client:
        """The HTTP client, made on first use (a run over local files never pays for TLS setup)."""
        with self._lock:
            if self._client is None:
                import httpx

                from transforms.ingest.pinning import PinnedTransport

                s = self.settings
                timeout = httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                        write=s.read_timeout, pool=s.total_timeout)
                limits = httpx.Limits(max_connections=max(1, s.concurrency),
                                      max_keepalive_connections=max(1, s.concurrency))
                self._client = httpx.Client(
                    timeout=timeout, follow_redirects=False, transport=PinnedTransport(self.policy, limits),
                    headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"})
            return self._client

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            sem = self._hosts.get(host)
            if sem is None:
                sem = self._hosts[host] = threading.BoundedSemaphore(max(1, self.settings.per_host_concurrency))
        with sem:
            yield

    def _robots_txt(self, url: str) -> bytes:
        resp = self.get(url, accept="text/plain")
        return resp.body

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None, robots: bool = False) -> Response:
        """GET `url` following at most max_redirects redirects; raise FetchError on failure.
        With `robots`, every hop must be allowed by its site's robots.txt (when enabled)."""
        seen = {url}
        current = url
        for _ in range(self.settings.max_redirects + 1):
            self.policy.check(current)
            if robots and self.robots is not None:
                self.robots.check(current)
            headers = {}
            if accept:
                headers["Accept"] = accept
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, resp_headers, body, attempts = self._with_retries(current, headers)
            if status in REDIRECTS:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError("http_error", f"HTTP {status} redirect without a Location from {current}")
                nxt = urljoin(current, location)
                if nxt in seen:
                    raise FetchError("redirect_loop", f"{current} redirects back to {nxt}")
                seen.add(nxt)
                current = nxt
                continue
            return Response(current, status, resp_headers, body, dt.datetime.now(dt.UTC), attempts)
        raise FetchError("too_many_redirects",
                         f"more than {self.settings.max_redirects} redirects starting at {url}")

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, int]:
        import httpx

        s = self.settings
        attempt = 0
        while True:
            attempt += 1
            wait: float | None = None
            try:
                with self._host_slot(url):
                    status, resp_headers, body = self._once(url, headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                if attempt > s.retries:
                    raise FetchError("connect_failed", f"{url}: {exc or type(exc).__name__} "
                                     f"(after {attempt} attempts)") from None
            except FetchError as exc:  # read time-outs are retried like 429/5xx
                if not exc.retryable or attempt > s.retries:
                    if exc.retryable:
                        exc.detail += f" (after {attempt} attempts)"
                        exc.args = (f"{exc.reason}: {exc.detail}",)
                    raise
            else:
                if status == 429 or 500 <= status <= 599:
                    if attempt > s.retries:
                        raise FetchError("http_error", f"HTTP {status} from {url} after {attempt} attempts",
                                         status=status)
                    wait = _retry_after(resp_headers.get("retry-after"), s.backoff_max)
                elif status in REDIRECTS or status == 304 or 200 <= status < 300:
                    return status, resp_headers, body, attempt
                else:
                    raise FetchError("http_error", f"HTTP {status} from {url}", status=status)
            if wait is None:
                wait = min(s.backoff_max, s.backoff_base * (2 ** (attempt - 1)))
            self._sleep(wait)

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        import httpx

        s = self.settings
        deadline = time.monotonic() + s.total_timeout
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                resp_headers = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code in REDIRECTS or r.status_code == 304 or r.status_code >= 400:
                    return r.status_code, resp_headers, b""
                length = resp_headers.get("content-length", "")
                if length.isdigit() and int(length) > s.max_response_bytes:
                    raise FetchError("response_too_large", f"{url} announces {int(length):,} bytes; "
                                     f"the limit is max_response_bytes = {s.max_response_bytes:,}")
                parts: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > s.max_response_bytes:
                        raise FetchError("response_too_large", f"{url} sent more than "
                                         f"max_response_bytes = {s.max_response_bytes:,}")
                    if time.monotonic() > deadline:
                        raise FetchError("timeout", f"{url} did not finish within "
                                         f"total_timeout = {s.total_timeout} s")
                    parts.append(chunk)
                return r.status_code, resp_headers, b"".join(parts)
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout) as exc:
            raise FetchError("timeout", f"{url}: no data for read_timeout = {s.read_timeout} s "
                             f"({type(exc).__name__})", retryable=isinstance(exc, httpx.ReadTimeout)) from None
        except httpx.DecodingError as exc:
            raise FetchError("http_error", f"{url}: cannot decode the response body ({exc})") from None
        except (httpx.ReadError, httpx.WriteError) as exc:
            raise FetchError("connect_failed", f"{url}: connection broken ({exc})") from None
        except httpx.InvalidURL as exc:
            raise FetchError("bad_url", f"{url}: {exc}") from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError("unsupported_scheme", f"{url}: {exc}") from None

