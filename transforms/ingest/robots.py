"""robots.txt: fetched once per site and run, and honoured for the pages we discover.

`RobotsRules.check(url)` raises `FetchError` when the site's robots.txt disallows `url` for our
User-Agent (`robots_disallowed`) or could not be read for a reason that means "do not crawl now"
(`robots_unreachable`). Conventions (RFC 9309): a 2xx answer is parsed (urllib.robotparser,
matched on our User-Agent's product token); 4xx, too many redirects or a redirect loop mean there
are no rules (everything allowed); 5xx after retries, time-outs, connection and DNS failures and
oversized files mean the site is skipped politely for this run (its pages are quarantined and
fetched again by the next run). It fetches only robots.txt (through the caller's fetch function).
"""

from __future__ import annotations

import threading
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from transforms.ingest.netpolicy import FetchError
from transforms.ingest.urls import site_netloc

#: Fetch failures that mean "no usable robots.txt: no restrictions" (RFC 9309 2.3.1.2-3).
_NO_RULES = {"too_many_redirects", "redirect_loop"}


@dataclass
class _Site:
    lock: threading.Lock = field(default_factory=threading.Lock)
    loaded: bool = False
    parser: urllib.robotparser.RobotFileParser | None = None  # None: everything allowed
    unreachable: str | None = None  # why robots.txt could not be read (then nothing is fetched)


def robots_url(url: str) -> str:
    """`scheme://host[:port]/robots.txt` for the site of `url`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return f"{scheme}://{site_netloc(scheme, parts.hostname or '', parts.port)}/robots.txt"


class RobotsRules:
    """Per-run cache of robots.txt rules by site (thread-safe; one fetch per site)."""

    def __init__(self, fetch: Callable[[str], bytes], user_agent: str) -> None:
        """`fetch(url)` returns the body of a 2xx answer or raises FetchError."""
        self._fetch = fetch
        self.user_agent = user_agent
        self._lock = threading.Lock()
        self._sites: dict[str, _Site] = {}

    def _site(self, url: str) -> tuple[str, _Site]:
        key = robots_url(url)
        with self._lock:
            site = self._sites.get(key)
            if site is None:
                site = self._sites[key] = _Site()
        with site.lock:
            if not site.loaded:
                self._load(key, site)
                site.loaded = True
        return key, site

    def _load(self, url: str, site: _Site) -> None:
        try:
            body = self._fetch(url)
        except FetchError as exc:
            if exc.reason in _NO_RULES or (exc.status is not None and 400 <= exc.status < 500):
                return  # no robots.txt: no restrictions
            site.unreachable = f"{exc.reason}: {exc.detail}"
            return
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        site.parser = parser

    def check(self, url: str) -> None:
        """Raise FetchError unless robots.txt lets our User-Agent fetch `url`."""
        key, site = self._site(url)
        if site.unreachable is not None:
            raise FetchError("robots_unreachable", f"{key} could not be read ({site.unreachable}); the site "
                             "is skipped politely this run and tried again by the next one")
        if site.parser is not None and not site.parser.can_fetch(self.user_agent, url):
            raise FetchError("robots_disallowed", f"{key} disallows {url} for our User-Agent; set [ingest] "
                             "respect_robots_txt = false only for sites that allowed you to ignore it")
