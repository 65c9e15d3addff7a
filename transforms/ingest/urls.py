"""Canonical URLs and deterministic article ids.

Canonical form: lower-case scheme and host, default port and fragment dropped, tracking
parameters (data/tracking_params.txt) removed, remaining parameters sorted (kept as written),
trailing slash stripped. Pure functions; no network.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from transforms.ingest.datafiles import load_list

_DEFAULT_PORTS = {"http": 80, "https": 443}
#: The common shape, split without urlsplit: http(s), a plain host name (no user, port, IPv6 or
#: non-ASCII), printable ASCII without spaces. Splits exactly like urlsplit for such URLs.
_SIMPLE_URL = re.compile(r"([Hh][Tt][Tt][Pp][Ss]?)://([A-Za-z0-9._~-]+)((?:[/?#][!-~]*)?)\Z")


@cache
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    names = [n.lower() for n in load_list("tracking_params.txt")]
    exact = frozenset(n for n in names if not n.endswith("*"))
    prefixes = tuple(n[:-1] for n in names if n.endswith("*"))
    return exact, prefixes


def _is_tracking(name: str) -> bool:
    exact, prefixes = _tracking()
    low = name.lower()
    return low in exact or low.startswith(prefixes)


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str | None) -> str | None:
    """The canonical form of an http(s) URL; other strings are returned stripped (None if empty)."""
    if url is None:
        return None
    url = url.strip()
    if not url:
        return None
    simple = _SIMPLE_URL.match(url)
    if simple is not None:
        scheme, netloc, rest = simple.group(1).lower(), simple.group(2).lower(), simple.group(3)
        path, _, query = rest.partition("#")[0].partition("?")
        return _canonical(scheme, netloc, path, query)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return url
    return urlunsplit((scheme, site_netloc(scheme, host, port), _canonical_path(parts.path or ""),
                       _canonical_query(parts.query), ""))


def site_netloc(scheme: str, host: str, port: int | None) -> str:
    """The canonical `host[:port]` of a site: host lower-cased, IPv6 literals bracketed, the
    scheme's default port left out."""
    netloc = host.lower()
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    return netloc


def _canonical_path(path: str) -> str:
    while path.endswith("/"):
        path = path[:-1]
    return path


@lru_cache(maxsize=4096)  # feeds repeat the same query strings (utm_source=rss, ...)
def _canonical_query(query: str) -> str:
    if not query:
        return ""
    kept = [pair for pair in query.split("&") if pair and not _is_tracking(_param_name(pair))]
    kept.sort()
    return "&".join(kept)


def _canonical(scheme: str, netloc: str, path: str, query: str) -> str:
    """urlunsplit((scheme, netloc, path, query, "")) for a non-empty netloc and a path that is empty
    or starts with "/" (as the fast path guarantees), with path and query canonicalised."""
    path = _canonical_path(path)
    query = _canonical_query(query)
    return f"{scheme}://{netloc}{path}?{query}" if query else f"{scheme}://{netloc}{path}"


def _param_name(pair: str) -> str:
    name = pair.split("=", 1)[0]
    return unquote_plus(name) if ("%" in name or "+" in name) else name


def url_host(url: str | None) -> str | None:
    """The host of a URL without a leading `www.` (used as outlet name when none is given)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def derived_article_id(canonical: str | None, text_sha256: str) -> str:
    """Deterministic id: from the canonical URL when there is one, else from the text hash."""
    if canonical:
        return "u" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return "t" + text_sha256[:24]
