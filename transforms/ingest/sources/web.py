"""Web inputs: RSS/Atom feeds, URL lists and single pages, fetched politely, pages extracted.

Feed entries and listed URLs already taken are not fetched again (counted as duplicates).
Pages (feed entries, listed URLs, `page:` inputs) are fetched only where the site's robots.txt
allows it; a feed, URL list or URL named by the user is fetched as asked. Page fetches run in a
small thread pool but results come back in input order (deterministic). Feed validators
(ETag/Last-Modified) are remembered only when every entry was handled without a fetch error, so
failures are retried by the next run. Never raises on content or network errors.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin

from transforms.ingest.fetch import Fetcher, Response
from transforms.ingest.netpolicy import FetchError
from transforms.ingest.pages import decode_html, extract_page
from transforms.ingest.records import Candidate, Duplicate, Rejected
from transforms.ingest.urls import canonical_url

Item = Candidate | Rejected | Duplicate
T = TypeVar("T")
R = TypeVar("R")
FETCH_REASONS = {"http_error", "connect_failed", "timeout", "dns_error", "too_many_redirects",
                 "redirect_loop", "response_too_large", "robots_unreachable"}
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass
class WebContext:
    """What web adapters need from the run."""

    fetcher: Fetcher
    seen_url: Callable[[str], str | None]
    feed_state: dict[str, dict[str, str]]
    workers: int = 4
    notes: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, what: str) -> None:
        """Count a run note (thread-safe: page fetches run in a pool)."""
        with self.lock:
            self.notes[what] += 1


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """fn over items in a thread pool, results in input order, at most 4 x workers in flight."""
    if workers <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="evw-fetch") as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= 4 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _raw(info: dict[str, Any]) -> bytes:
    return json.dumps(info, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")


@dataclass(frozen=True, slots=True)
class _Job:
    url: str
    input_name: str
    number: int | None
    source_name: str | None
    hints: dict[str, Any]  # title/published from the feed entry


def _fetch_article(job: _Job, ctx: WebContext) -> Candidate | Rejected:
    raw = _raw({"url": job.url, **job.hints})
    try:
        resp = ctx.fetcher.get(job.url, accept=_PAGE_ACCEPT, robots=True)
    except FetchError as exc:
        return Rejected(job.input_name, job.number, exc.reason, exc.detail, raw)
    except Exception as exc:  # a bug or an exotic transport error must not end the run
        return Rejected(job.input_name, job.number, "connect_failed", f"{job.url}: {exc!r}", raw)
    return _page_candidate(resp, job, ctx)


def _page_candidate(resp: Response, job: _Job, ctx: WebContext) -> Candidate | Rejected:
    if b"\x00" in resp.body[:8192]:  # a PDF, image or archive: recorded by size and hash, not kept
        sha = hashlib.sha256(resp.body).hexdigest()
        return Rejected(job.input_name, job.number, "binary_file",
                        f"{job.url}: the response is binary ({resp.content_type or 'no content type'}, "
                        f"{len(resp.body):,} bytes, sha256 {sha}), not an HTML page", None, len(resp.body),
                        raw_sha256=sha)
    decoded = decode_html(resp.body, resp.content_type)
    if decoded.fallback:
        ctx.note("charset_fallback")
    page = extract_page(decoded.text, resp.url)
    if page is None:
        return Rejected(job.input_name, job.number, "no_main_text",
                        f"{job.url}: no article text found in {len(resp.body):,} bytes of HTML", resp.body)
    fields: dict[str, Any] = {
        "url": job.url,
        "title": job.hints.get("title") or page.title,
        "published": job.hints.get("published") or page.published,
        "text": page.text,
    }
    return Candidate(job.input_name, job.number, fields, resp.body, job.source_name)


def _jobs_or_items(entries: Iterable[tuple[int, str | None, dict[str, Any]]], base: str, input_name: str,
                   source_name: str | None, ctx: WebContext) -> Iterator[_Job | Item]:
    for number, link, hints in entries:
        if not link or not link.strip():
            yield Rejected(input_name, number, "bad_url", "entry has no link", _raw(hints))
            continue
        url = urljoin(base, link.strip()) if base else link.strip()
        canon = canonical_url(url)
        first = ctx.seen_url(canon) if canon else None
        if first is not None:
            yield Duplicate(input_name, number, first, first, "duplicate_url")
            continue
        try:
            ctx.fetcher.policy.check(url)
        except FetchError as exc:
            yield Rejected(input_name, number, exc.reason, exc.detail, _raw({"url": url, **hints}))
            continue
        yield _Job(url, input_name, number, source_name, hints)


def _run_jobs(items: Iterable[_Job | Item], ctx: WebContext) -> Iterator[Item]:
    def work(x: _Job | Item) -> Item:
        return _fetch_article(x, ctx) if isinstance(x, _Job) else x

    yield from ordered_map(work, items, ctx.workers)


_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _bad_code_point(m: re.Match[bytes]) -> bytes:
    cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    ok = cp in (0x9, 0xA, 0xD) or 0x20 <= cp < 0xD800 or 0xE000 <= cp < 0xFFFE or 0x10000 <= cp <= 0x10FFFF
    return m.group() if ok else b"&#xFFFD;"


def _safe_char_refs(body: bytes) -> bytes:
    """Character references to what XML cannot hold (lone surrogates, NUL, out of range) become
    U+FFFD: feedparser crashes on some of them, and the field sanitiser would reject the rest."""
    return _CHAR_REF.sub(_bad_code_point, body) if b"&#" in body else body


def feed_items(body: bytes, content_type: str, feed_url: str, input_name: str, source_name: str | None,
               ctx: WebContext) -> Iterator[Item]:
    """Entries of an RSS/Atom document, each fetched and extracted."""
    import feedparser  # imported when a feed is first read (not by runs over local files)

    try:
        parsed = feedparser.parse(_safe_char_refs(body),
                                  response_headers={"content-type": content_type or "application/xml",
                                                    "content-location": feed_url})
    except Exception as err:  # feedparser has raised on hostile input; the feed is reported, not the run
        yield Rejected(input_name, None, "feed_parse_error", f"not a readable RSS/Atom feed: {err!r}"[:500], body)
        return
    if not parsed.entries:
        if parsed.bozo:
            exc = parsed.get("bozo_exception")
            yield Rejected(input_name, None, "feed_parse_error",
                           f"not a readable RSS/Atom feed: {exc}", body)
        return
    if parsed.bozo:
        ctx.note("feed_recovered_from_errors")

    def entries() -> Iterator[tuple[int, str | None, dict[str, Any]]]:
        for i, e in enumerate(parsed.entries, 1):
            hints = {"title": e.get("title"), "published": e.get("published") or e.get("updated"),
                     "entry_id": e.get("id")}
            yield i, e.get("link"), hints

    yield from _run_jobs(_jobs_or_items(entries(), feed_url, input_name, source_name, ctx), ctx)


def urllist_items(body: bytes, base: str, input_name: str, source_name: str | None,
                  ctx: WebContext) -> Iterator[Item]:
    """One URL a line (blank lines and `#` comments skipped), each fetched and extracted."""
    text = body.decode("utf-8", errors="replace")

    def entries() -> Iterator[tuple[int, str | None, dict[str, Any]]]:
        for i, line in enumerate(text.splitlines(), 1):
            s = line.strip()
            if s and not s.startswith("#"):
                yield i, s, {}

    yield from _run_jobs(_jobs_or_items(entries(), base, input_name, source_name, ctx), ctx)


def _looks_like_feed(resp: Response) -> bool:
    ct = resp.content_type.lower()
    if any(t in ct for t in ("rss", "atom", "/xml", "+xml")) and "xhtml" not in ct:
        return True
    head = resp.body[:1024].lstrip().lower()
    if head.startswith((b"<rss", b"<feed")):
        return True
    return head.startswith(b"<?xml") and any(t in head for t in (b"<rss", b"<feed", b"<rdf"))


def _looks_like_url_list(resp: Response) -> bool:
    if "text/plain" not in resp.content_type.lower():
        return False
    lines = [s.strip() for s in resp.body[:65536].decode("utf-8", "replace").splitlines()]
    lines = [s for s in lines if s and not s.startswith("#")]
    return bool(lines) and all(s.lower().startswith(("http://", "https://")) for s in lines)


def url_items(url: str, kind: str, source_name: str | None, ctx: WebContext) -> Iterator[Item]:
    """Everything a URL input yields: kind is feed | urls | page | url (sniff the response)."""
    if kind == "page":  # a page already taken is not fetched again
        canon = canonical_url(url)
        first = ctx.seen_url(canon) if canon else None
        if first is not None:
            yield Duplicate(url, 1, first, first, "duplicate_url")
            return
    state = ctx.feed_state.get(url, {}) if kind in ("feed", "url") else {}
    if kind == "url" and state:
        kind = "feed"  # it was a feed last time: ask conditionally
    raw = _raw({"url": url})
    try:
        resp = ctx.fetcher.get(url, etag=state.get("etag"), last_modified=state.get("last_modified"),
                               accept=_FEED_ACCEPT if kind in ("feed", "url") else None, robots=kind == "page")
    except FetchError as exc:
        yield Rejected(url, None, exc.reason, exc.detail, raw)
        return
    except Exception as exc:
        yield Rejected(url, None, "connect_failed", f"{url}: {exc!r}", raw)
        return
    if resp.not_modified:
        ctx.note("feed_not_modified")
        return
    if kind == "url":
        kind = "feed" if _looks_like_feed(resp) else "urls" if _looks_like_url_list(resp) else "page"
    if kind == "page":
        yield _page_candidate(resp, _Job(url, url, 1, source_name, {}), ctx)
        return
    if kind == "urls":
        yield from urllist_items(resp.body, resp.url, url, source_name, ctx)
        return
    failed = False
    for item in feed_items(resp.body, resp.content_type, resp.url, url, source_name, ctx):
        if isinstance(item, Rejected) and (item.reason in FETCH_REASONS or item.reason == "feed_parse_error"):
            failed = True
        yield item
    validators = {k: resp.headers[h] for k, h in (("etag", "etag"), ("last_modified", "last-modified"))
                  if resp.headers.get(h)}
    if failed:
        ctx.feed_state.pop(url, None)
    elif validators:
        ctx.feed_state[url] = validators
