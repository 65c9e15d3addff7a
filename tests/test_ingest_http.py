"""Ingestion over HTTP against a real server on 127.0.0.1 started by the tests.

Feeds (RSS, Atom, broken XML), article pages, redirects, errors, retries, time-outs, size caps,
charsets, the private-address policy, conditional requests and per-host concurrency.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from transforms.config import Config
from transforms.ingest import IngestReport, run_ingest
from transforms.ingest.fetch import Fetcher
from transforms.ingest.netpolicy import AddressPolicy, FetchError
from transforms.ingest.settings import HttpSettings
from transforms.lake import list_files, read_file

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)

# Invented news stories, written for these tests.
STORY_HARBOUR = [
    "Dock workers in the port city of Valmora walked off the job on Tuesday, halting the loading of "
    "grain ships for the first time in a decade, union leaders said at a rally outside the harbour gates.",
    "The union is demanding a pay rise that keeps pace with food prices and a guarantee that night "
    "shifts will not be extended. Talks with the port authority broke down late on Monday evening.",
    "A spokeswoman for the port authority said the strike was unlawful because the required notice "
    "had not been given, and she urged the workers to return while a mediator is appointed.",
    "Traders warned that a long stoppage could delay exports to neighbouring countries that depend "
    "on the harbour, and shipping agents said several vessels had already been diverted to the south.",
]
STORY_BRIDGE = [
    "The transport ministry of Northland opened a new road bridge across the river Esk on Wednesday, "
    "cutting the journey between the two largest towns of the province by almost an hour.",
    "The minister told reporters at the opening ceremony that the bridge had been finished three "
    "months ahead of schedule and slightly under budget, thanks to a mild winter and extra crews.",
    "Residents of the riverside villages welcomed the project but asked the government to add a "
    "footpath and a cycle lane, which were removed from the plans during the tender process.",
    "Officials said the old ferry service would keep running at weekends for tourists until the end "
    "of the summer season, after which its future will be decided by the provincial council.",
]
STORY_SUMMIT = [
    "Leaders of the five lake states agreed on Thursday to share water data every week, ending a "
    "dispute that had soured relations between the upstream and downstream countries for years.",
    "Under the agreement signed at the summit, each state will publish river levels and dam releases "
    "on a common website, and a joint commission will meet every three months to review the figures.",
    "Environmental groups praised the deal as a first step but said it did nothing to limit new "
    "irrigation projects, which they blame for the falling level of the lake since the drought.",
]
STORY_CAFE = [
    "Le café de la place centrale de São Tomé a rouvert ses portes après des travaux qui ont duré "
    "près de deux ans, au grand plaisir des habitants du quartier.",
]
STORY_LATIN1 = [
    "The Café Ribeira in São Tomé reopened on Saturday after a two-year renovation, and the mayor "
    "said the building would also house a small museum about the history of the coffee trade.",
    "The owners told the local paper that the old tiles had been restored by hand and that the menu "
    "would keep the dishes that made the café famous among sailors and traders in the last century.",
    "Visitors queued along the square for most of the afternoon, and the council said it would study "
    "whether the street in front of the café could be closed to cars at weekends during the summer.",
]


def page_html(title: str, paragraphs: list[str], published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
            "<header><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav></header>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            "<footer><p>Contact the newsroom</p></footer></body></html>")


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    handler: Callable[[BaseHTTPRequestHandler, Route], None] | None = None


class Server:
    """A threading HTTP server on 127.0.0.1 with programmable routes and a request log."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    server.hits[self.path] += 1
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                try:
                    route = server.routes.get(self.path)
                    if route is None:
                        self.send_response(404)
                        self.send_header("Content-Length", "9")
                        self.end_headers()
                        self.wfile.write(b"not found")
                    elif route.handler is not None:
                        route.handler(self, route)
                    else:
                        self.send_response(route.status)
                        for k, v in route.headers.items():
                            self.send_header(k, v)
                        self.send_header("Content-Length", str(len(route.body)))
                        self.end_headers()
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server.lock:
                        server.active -= 1

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, title: str, paragraphs: list[str], published: str | None = None) -> None:
        self.routes[path] = Route(body=page_html(title, paragraphs, published).encode("utf-8"),
                                  headers={"Content-Type": "text/html; charset=utf-8"})

    def headers_for(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server()
    s.thread.start()
    try:
        yield s
    finally:
        s.release.set()
        s.httpd.shutdown()
        s.httpd.server_close()
        s.thread.join(timeout=5)


def config(**ingest: Any) -> Config:
    settings: dict[str, Any] = {
        "allow_addresses": ["127.0.0.1"], "connect_timeout": 2.0, "read_timeout": 0.5, "total_timeout": 3.0,
        "retries": 2, "backoff_base": 0.01, "backoff_max": 0.05, "max_response_bytes": 1_000_000,
        "concurrency": 4, "per_host_concurrency": 2, "user_agent": "evw-test-agent/1.0 (+tests)",
    }
    settings.update(ingest)
    return Config(raw={"ingest": settings})


def ingest(inputs: list[str], lake: Path, cfg: Config | None = None, **kw: Any) -> IngestReport:
    report = run_ingest(inputs, lake=lake, config=cfg or config(), progress=False, now=NOW, **kw)
    assert report.balanced, report.summary()
    return report


def table(lake: Path, name: str) -> pa.Table:
    files = [read_file(f.path) for f in list_files(lake, name)]
    return pa.concat_tables(files) if files else pa.table({})


def quarantine_reasons(lake: Path) -> dict[tuple[str, int | None], str]:
    q = table(lake, "quarantine")
    if not q.num_rows:
        return {}
    return {(r["input_name"], r["record_number"]): r["reason"] for r in q.to_pylist()}


def rss(items: list[dict[str, str]], title: str = "Valmora Daily") -> bytes:
    parts = []
    for it in items:
        parts.append("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in it.items()) + "</item>")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>http://example.invalid/</link><description>news</description>{''.join(parts)}"
            "</channel></rss>").encode()


def atom(entries: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<entry><title>{t}</title><link href='{href}'/><id>{href}</id><updated>{u}</updated></entry>"
                   for t, href, u in entries)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Northland Wire</title><id>urn:x:wire</id><updated>2026-03-01T00:00:00Z</updated>{body}</feed>"
            ).encode()


# --------------------------------------------------------------------------------------------


def test_rss_feed_pages_extracted_with_feed_metadata(server: Server, tmp_path: Path) -> None:
    server.page("/news/harbour-strike", "Dock workers strike in Valmora", STORY_HARBOUR)
    server.page("/news/bridge?utm_source=rss", "Bridge opens", STORY_BRIDGE)
    server.routes["/feed.xml"] = Route(body=rss([
        {"title": "Valmora dock workers strike", "link": server.url("/news/harbour-strike"),
         "pubDate": "Tue, 24 Feb 2026 09:30:00 +0100"},
        {"title": "Esk bridge opens early", "link": server.url("/news/bridge?utm_source=rss"),
         "pubDate": "Wed, 25 Feb 2026 14:00:00 GMT"},
    ]), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    report = ingest(["feed:" + server.url("/feed.xml")], tmp_path)
    assert (report.records_read, report.accepted, report.quarantined) == (2, 2, 0)
    arts = {r["title"]: r for r in table(tmp_path, "articles").to_pylist()}
    strike = arts["Valmora dock workers strike"]  # the feed's title wins over the page's
    assert strike["published_at"] == dt.datetime(2026, 2, 24, 8, 30, tzinfo=dt.UTC)
    assert strike["date_is_fallback"] is False
    assert strike["text"].startswith("Dock workers in the port city of Valmora walked off the job")
    assert "Contact the newsroom" not in strike["text"] and "Home" not in strike["text"]
    assert strike["text"].count("\n\n") == 3  # four paragraphs
    assert strike["source_name"] == "127.0.0.1"
    bridge = arts["Esk bridge opens early"]
    assert bridge["canonical_url"] == server.url("/news/bridge")
    # good-citizen headers on every request
    assert all(h["user-agent"] == "evw-test-agent/1.0 (+tests)" for _, h in server.log)


def test_atom_feed_and_second_run_is_conditional_and_incremental(server: Server, tmp_path: Path) -> None:
    server.page("/wire/summit", "Lake states share water data", STORY_SUMMIT)
    server.page("/wire/bridge", "Bridge across the Esk", STORY_BRIDGE)
    feed = atom([("Lake summit deal", server.url("/wire/summit"), "2026-02-26T10:00:00Z"),
                 ("Esk bridge", server.url("/wire/bridge"), "2026-02-25T10:00:00Z")])

    def conditional(h: BaseHTTPRequestHandler, route: Route) -> None:
        if h.headers.get("If-None-Match") == '"atom-1"':
            h.send_response(304)
            h.send_header("ETag", '"atom-1"')
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Type", "application/atom+xml")
        h.send_header("ETag", '"atom-1"')
        h.send_header("Content-Length", str(len(feed)))
        h.end_headers()
        h.wfile.write(feed)

    server.routes["/atom"] = Route(handler=conditional)
    first = ingest([server.url("/atom")], tmp_path)  # kind sniffed from the response
    assert first.accepted == 2
    titles = {r["title"] for r in table(tmp_path, "articles").to_pylist()}
    assert titles == {"Lake summit deal", "Esk bridge"}

    second = ingest([server.url("/atom")], tmp_path)
    assert second.records_read == 0 and second.notes["feed_not_modified"] == 1
    assert server.headers_for("/atom")[-1].get("if-none-match") == '"atom-1"'
    assert server.hits["/wire/summit"] == 1  # pages were not fetched again

    # the feed changes (new ETag, one new entry): old entries are duplicates without a page fetch
    server.page("/wire/harbour", "Strike", STORY_HARBOUR)
    feed = atom([("Port strike", server.url("/wire/harbour"), "2026-02-27T10:00:00Z"),
                 ("Lake summit deal", server.url("/wire/summit"), "2026-02-26T10:00:00Z")])
    server.routes["/atom"] = Route(body=feed, headers={"Content-Type": "application/atom+xml", "ETag": '"atom-2"'})
    third = ingest([server.url("/atom")], tmp_path)
    assert (third.accepted, third.duplicates) == (1, 1)
    assert third.reasons["duplicate_url"] == 1
    assert server.hits["/wire/summit"] == 1


def test_page_failures_are_quarantined_with_reasons(server: Server, tmp_path: Path) -> None:
    server.page("/ok", "Harbour strike", STORY_HARBOUR)
    server.routes["/loop-a"] = Route(status=302, headers={"Location": "/loop-b"})
    server.routes["/loop-b"] = Route(status=301, headers={"Location": server.url("/loop-a")})

    def flaky(h: BaseHTTPRequestHandler, route: Route) -> None:
        if server.hits["/flaky"] == 1:
            h.send_response(500)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        body = page_html("Bridge opens", STORY_BRIDGE).encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def never_finishes(h: BaseHTTPRequestHandler, route: Route) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html><body><p>The beginning of a story that never")
        h.wfile.flush()
        server.release.wait(10)

    def huge_announced(h: BaseHTTPRequestHandler, route: Route) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        for _ in range(800):  # 50 MB, stopped early when the client hangs up
            h.wfile.write(chunk)

    def huge_streamed(h: BaseHTTPRequestHandler, route: Route) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")  # no length: the body ends when the connection closes
        h.end_headers()
        h.close_connection = True
        chunk = b"<p>" + b"y" * 65536 + b"</p>"
        for _ in range(800):
            h.wfile.write(chunk)

    server.routes["/flaky"] = Route(handler=flaky)
    server.routes["/hang"] = Route(handler=never_finishes)
    server.routes["/huge"] = Route(handler=huge_announced)
    server.routes["/huge-stream"] = Route(handler=huge_streamed)
    urls = ["/ok", "/missing", "/loop-a", "/flaky", "/hang", "/huge", "/huge-stream"]
    (tmp_path / "list.urls").write_text("# pages to take\n" + "\n".join(server.url(u) for u in urls) + "\n\n")
    started = time.monotonic()
    report = ingest([str(tmp_path / "list.urls")], tmp_path / "lake")
    assert time.monotonic() - started < 20
    reasons = quarantine_reasons(tmp_path / "lake")
    name = str(tmp_path / "list.urls")
    assert reasons == {(name, 3): "http_error", (name, 4): "redirect_loop", (name, 6): "timeout",
                       (name, 7): "response_too_large", (name, 8): "response_too_large"}
    assert report.accepted == 2  # /ok and /flaky after one retry
    assert server.hits["/flaky"] == 2
    assert server.hits["/hang"] == 3  # read time-outs are retried: 1 try + 2 retries
    q = {r["record_number"]: r for r in table(tmp_path / "lake", "quarantine").to_pylist()}
    assert "404" in q[3]["detail"]
    assert "after 3 attempts" in q[6]["detail"]
    assert json.loads(q[4]["raw_record"])["url"] == server.url("/loop-a")


def test_last_modified_is_sent_back(server: Server, tmp_path: Path) -> None:
    server.page("/p", "Summit", STORY_SUMMIT)
    stamp = "Sun, 01 Mar 2026 08:00:00 GMT"

    def feed(h: BaseHTTPRequestHandler, route: Route) -> None:
        if h.headers.get("If-Modified-Since") == stamp:
            h.send_response(304)
            h.end_headers()
            return
        body = rss([{"title": "Summit", "link": server.url("/p")}])
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Last-Modified", stamp)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.routes["/lm"] = Route(handler=feed)
    assert ingest(["feed:" + server.url("/lm")], tmp_path).accepted == 1
    second = ingest(["feed:" + server.url("/lm")], tmp_path)
    assert second.records_read == 0 and server.headers_for("/lm")[-1]["if-modified-since"] == stamp


def test_retry_after_429_then_success(server: Server, tmp_path: Path) -> None:
    def limited(h: BaseHTTPRequestHandler, route: Route) -> None:
        if server.hits["/limited"] < 3:
            h.send_response(429)
            h.send_header("Retry-After", "0")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        body = page_html("Summit", STORY_SUMMIT).encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.routes["/limited"] = Route(handler=limited)
    report = ingest(["page:" + server.url("/limited")], tmp_path)
    assert report.accepted == 1 and server.hits["/limited"] == 3
    # more failures than retries: quarantined, not crashed
    server.routes["/down"] = Route(status=503)
    report = ingest(["page:" + server.url("/down")], tmp_path)
    assert report.reasons["http_error"] == 1 and server.hits["/down"] == 3  # 1 try + 2 retries


def test_latin1_page_declared_utf8_is_decoded_and_flagged(server: Server, tmp_path: Path) -> None:
    body = page_html("Café Ribeira reopens", STORY_LATIN1).replace("<meta charset='utf-8'>", "")
    server.routes["/cafe"] = Route(body=body.encode("latin-1"), headers={"Content-Type": "text/html; charset=utf-8"})
    report = ingest(["page:" + server.url("/cafe")], tmp_path)
    assert report.accepted == 1 and report.notes["charset_fallback"] == 1
    art = table(tmp_path, "articles").to_pylist()[0]
    assert "The Café Ribeira in São Tomé reopened" in art["text"]
    assert "\ufffd" not in art["text"]


def test_non_english_page_is_quarantined_with_its_language(server: Server, tmp_path: Path) -> None:
    server.page("/fr", "Réouverture", STORY_CAFE * 3)
    report = ingest(["page:" + server.url("/fr")], tmp_path)
    assert report.reasons["unsupported_language"] == 1
    q = table(tmp_path, "quarantine").to_pylist()[0]
    assert q["language"] == "fr" and q["raw_size"] > 0


def test_broken_feeds(server: Server, tmp_path: Path) -> None:
    server.routes["/broken.xml"] = Route(body=b"<rss><<channel> this & that </not-closed", headers={
        "Content-Type": "application/rss+xml"})
    server.page("/ok", "Summit", STORY_SUMMIT)
    truncated = rss([{"title": "Summit", "link": server.url("/ok")}]).decode()
    truncated = truncated.replace("</channel></rss>", "<item><title>Half an ite")
    server.routes["/truncated.xml"] = Route(body=truncated.encode(), headers={"Content-Type": "application/rss+xml"})
    report = ingest(["feed:" + server.url("/broken.xml"), "feed:" + server.url("/truncated.xml")], tmp_path)
    reasons = quarantine_reasons(tmp_path)
    assert reasons[(server.url("/broken.xml"), None)] == "feed_parse_error"
    assert report.accepted == 1  # the complete entry before the break
    assert reasons[(server.url("/truncated.xml"), 2)] == "bad_url"  # the half entry has no link


def test_entries_linking_to_private_addresses_are_refused(server: Server, tmp_path: Path) -> None:
    server.page("/public", "Harbour", STORY_HARBOUR)
    links = ["http://10.0.0.7/story", "http://192.168.1.20/x", "http://169.254.169.254/latest/meta-data",
             f"http://[::1]:{server.port}/public", "ftp://example.org/file.txt", server.url("/public")]
    server.routes["/feed"] = Route(body=rss([{"title": f"t{i}", "link": u} for i, u in enumerate(links)]),
                                   headers={"Content-Type": "application/rss+xml"})
    report = ingest(["feed:" + server.url("/feed")], tmp_path)
    reasons = quarantine_reasons(tmp_path)
    feed = server.url("/feed")
    assert [reasons[(feed, i)] for i in range(1, 6)] == ["blocked_address"] * 4 + ["unsupported_scheme"]
    assert report.accepted == 1
    # nothing else was requested (robots.txt of the allowed site is asked for before its page)
    assert {p for p, _ in server.log} == {"/feed", "/robots.txt", "/public"}
    # without the allow-list even 127.0.0.1 is refused
    blocked = ingest(["feed:" + feed], tmp_path / "other", config(allow_addresses=[]))
    assert blocked.reasons["blocked_address"] == 1 and blocked.records_read == 1


def test_near_duplicate_syndicated_copy_links_to_first(server: Server, tmp_path: Path) -> None:
    server.page("/a/original", "Dock workers strike", STORY_HARBOUR)
    edited = [*STORY_HARBOUR[:2], STORY_HARBOUR[2].replace("Tuesday", "Tuesday morning"), *STORY_HARBOUR[3:],
              "The strike is expected to continue until at least the end of the week, organisers said."]
    server.page("/b/copy", "Strike shuts Valmora port", edited)
    server.routes["/feed"] = Route(body=rss([
        {"title": "Dock workers strike", "link": server.url("/a/original")},
        {"title": "Strike shuts Valmora port", "link": server.url("/b/copy")}]),
        headers={"Content-Type": "application/rss+xml"})
    report = ingest(["feed:" + server.url("/feed")], tmp_path)
    assert report.accepted == 2 and report.near_duplicates == 1
    arts = {r["url"]: r for r in table(tmp_path, "articles").to_pylist()}
    assert arts[server.url("/b/copy")]["duplicate_of"] == arts[server.url("/a/original")]["article_id"]
    assert arts[server.url("/a/original")]["duplicate_of"] is None


def test_per_host_concurrency_is_respected(server: Server, tmp_path: Path) -> None:
    def slow(h: BaseHTTPRequestHandler, route: Route) -> None:
        time.sleep(0.15)
        body = page_html("Bridge", [*STORY_BRIDGE, h.path]).encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    for i in range(4):
        server.routes[f"/slow/{i}"] = Route(handler=slow)
    (tmp_path / "pages.urls").write_text("\n".join(server.url(f"/slow/{i}") for i in range(4)))
    ingest([str(tmp_path / "pages.urls")], tmp_path / "lake", config(concurrency=4, per_host_concurrency=1))
    assert server.max_active == 1
    server.max_active = 0
    for i in range(4):
        server.routes[f"/slow/{i + 4}"] = Route(handler=slow)
    (tmp_path / "more.urls").write_text("\n".join(server.url(f"/slow/{i + 4}") for i in range(4)))
    ingest([str(tmp_path / "more.urls")], tmp_path / "lake", config(concurrency=4, per_host_concurrency=2))
    assert server.max_active == 2


def test_fetcher_policy_and_redirect_cap(server: Server) -> None:
    for i in range(4):
        server.routes[f"/r{i}"] = Route(status=302, headers={"Location": f"/r{i + 1}"})
    server.routes["/r4"] = Route(body=b"done", headers={"Content-Type": "text/plain"})
    settings = HttpSettings(allow_addresses=("127.0.0.1",), max_redirects=3, read_timeout=1.0)
    with Fetcher(settings) as f, pytest.raises(FetchError) as err:
        f.get(server.url("/r0"))
    assert err.value.reason == "too_many_redirects"
    with Fetcher(HttpSettings(allow_addresses=("127.0.0.1",), max_redirects=4)) as f:
        assert f.get(server.url("/r0")).body == b"done"
    policy = AddressPolicy(True, ["10.1.0.0/16", "intranet.example"])
    policy.check("http://10.1.2.3/ok")
    policy.check("http://intranet.example/ok")
    with pytest.raises(FetchError):
        policy.check("http://10.2.0.1/no")
    with pytest.raises(FetchError):
        policy.check("http://[::ffff:127.0.0.1]/mapped")


# -- robots.txt, read time-out retries, connections pinned to checked addresses ----------------

ROBOTS = b"""# rules for the test site
User-agent: *
Disallow: /private/

User-agent: evw-test-agent
Disallow: /members/
"""


def test_robots_txt_is_fetched_once_per_site_and_honoured(server: Server, tmp_path: Path) -> None:
    server.routes["/robots.txt"] = Route(body=ROBOTS, headers={"Content-Type": "text/plain"})
    server.page("/members/a", "Harbour strike", STORY_HARBOUR)
    server.page("/private/b", "Bridge opens", STORY_BRIDGE)  # only `*` disallows it: our group does not
    server.page("/news/c", "Summit", STORY_SUMMIT)
    (tmp_path / "l.urls").write_text("\n".join(server.url(p) for p in ("/members/a", "/private/b", "/news/c")))
    report = ingest([str(tmp_path / "l.urls")], tmp_path / "lake")
    assert report.accepted == 2 and report.reasons["robots_disallowed"] == 1
    q = table(tmp_path / "lake", "quarantine").to_pylist()
    assert [(r["record_number"], r["reason"]) for r in q] == [(1, "robots_disallowed")]
    assert "robots.txt" in q[0]["detail"] and json.loads(q[0]["raw_record"])["url"] == server.url("/members/a")
    assert server.hits["/members/a"] == 0 and server.hits["/robots.txt"] == 1
    assert server.headers_for("/robots.txt")[0]["user-agent"] == "evw-test-agent/1.0 (+tests)"
    # a feed the user names is fetched even where robots.txt disallows crawling; its pages are not
    server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    server.routes["/feed"] = Route(body=rss([{"title": "Strike", "link": server.url("/members/d")}]),
                                   headers={"Content-Type": "application/rss+xml"})
    report = ingest(["feed:" + server.url("/feed")], tmp_path / "lake2")
    assert report.reasons["robots_disallowed"] == 1 and server.hits["/feed"] == 1
    assert server.hits["/members/d"] == 0
    # switched off: robots.txt is not even asked for
    before = server.hits["/robots.txt"]
    report = ingest(["page:" + server.url("/members/a")], tmp_path / "lake3", config(respect_robots_txt=False))
    assert report.accepted == 1 and server.hits["/robots.txt"] == before


def test_robots_txt_missing_allows_and_unreachable_skips(server: Server, tmp_path: Path) -> None:
    server.page("/a", "Harbour strike", STORY_HARBOUR)
    server.routes["/robots.txt"] = Route(status=404)  # 4xx: no rules
    assert ingest(["page:" + server.url("/a")], tmp_path / "l1").accepted == 1
    server.routes["/robots.txt"] = Route(status=503)  # 5xx after retries: skip the site this run
    report = ingest(["page:" + server.url("/a")], tmp_path / "l2")
    assert report.accepted == 0 and report.reasons["robots_unreachable"] == 1
    assert server.hits["/robots.txt"] == 1 + 3 and server.hits["/a"] == 1  # robots retried; page not fetched
    detail = table(tmp_path / "l2", "quarantine").to_pylist()[0]["detail"]
    assert "HTTP 503" in detail and "next" in detail

    def stall(h: BaseHTTPRequestHandler, route: Route) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", "100")
        h.end_headers()
        server.release.wait(3)

    server.routes["/robots.txt"] = Route(handler=stall)  # a time-out is "unreachable" too
    report = ingest(["page:" + server.url("/a")], tmp_path / "l3")
    assert report.reasons["robots_unreachable"] == 1 and server.hits["/a"] == 1


def test_read_timeout_is_retried_then_succeeds(server: Server, tmp_path: Path) -> None:
    def slow_first(h: BaseHTTPRequestHandler, route: Route) -> None:
        body = page_html("Bridge opens", STORY_BRIDGE).encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if server.hits["/slow"] == 1:
            h.wfile.write(body[:50])
            h.wfile.flush()
            server.release.wait(2)  # far beyond read_timeout = 0.5 s
            return
        h.wfile.write(body)

    server.routes["/slow"] = Route(handler=slow_first)
    report = ingest(["page:" + server.url("/slow")], tmp_path)
    assert report.accepted == 1 and server.hits["/slow"] == 2


def test_connection_uses_the_checked_address(tmp_path: Path) -> None:
    """DNS rebinding: the name resolves to an allowed address for the check and to another one
    afterwards; the connection is made to what was checked when it is opened, never to a later,
    unchecked answer. Two real servers on the same port: 127.0.0.1 (allowed) and 127.0.0.2."""
    good = Server()
    try:
        evil = Server("127.0.0.2", good.port)
    except OSError:
        good.httpd.server_close()
        pytest.skip("cannot bind 127.0.0.2 on this machine")
    for s in (good, evil):
        s.routes["/x"] = Route(body=b"from " + str(s.httpd.server_address[0]).encode(),
                               headers={"Content-Type": "text/plain"})
        s.thread.start()
    answers: list[str] = []

    def resolve(host: str, port: int, type: int = 0) -> list[tuple[Any, ...]]:
        assert host == "news.rebind.test"
        ip = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(2, 1, 6, "", (ip, port))]

    settings = HttpSettings(allow_addresses=("127.0.0.1",), read_timeout=2.0, respect_robots_txt=False)
    url = f"http://news.rebind.test:{good.port}/x"
    try:
        answers[:] = ["127.0.0.1"]
        with Fetcher(settings, resolve=resolve) as f:
            assert f.get(url).body == b"from 127.0.0.1"
        assert good.headers_for("/x")[0]["host"] == f"news.rebind.test:{good.port}"  # name kept
        answers[:] = ["127.0.0.1", "127.0.0.2"]  # checked: allowed; asked again: a private address
        with Fetcher(settings, resolve=resolve) as f, pytest.raises(FetchError) as err:
            f.get(url)
        assert err.value.reason == "blocked_address" and "127.0.0.2" in err.value.detail
        assert evil.hits["/x"] == 0
        # with 127.0.0.2 allowed as well, the connection goes where the connect-time check said
        answers[:] = ["127.0.0.1", "127.0.0.2"]
        both = HttpSettings(allow_addresses=("127.0.0.1", "127.0.0.2"), respect_robots_txt=False)
        with Fetcher(both, resolve=resolve) as f:
            assert f.get(url).body == b"from 127.0.0.2"
    finally:
        for s in (good, evil):
            s.release.set()
            s.httpd.shutdown()
            s.httpd.server_close()
