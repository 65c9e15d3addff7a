"""Normalisation, dates, canonical URLs, language detection, HTML decoding and the builder."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.ingest.builder import ArticleBuilder
from transforms.ingest.dates import parse_published
from transforms.ingest.language import detect_language
from transforms.ingest.normalise import normalise_text, normalise_title
from transforms.ingest.pages import decode_html, extract_page
from transforms.ingest.records import Article, Candidate, Rejected
from transforms.ingest.settings import IngestSettings
from transforms.ingest.sources.documents import markdown_to_text
from transforms.ingest.urls import canonical_url, derived_article_id, url_host

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("raw", "clean"), [
    ("Talks &amp; trade&nbsp;deals", "Talks & trade deals"),
    ("Cafe\u0301 owners", "Café owners"),  # NFC
    ("bad\x00 con\x07trol\u200b chars\ufeff", "bad control chars"),
    ("line one\r\nline two\n\n\n\n  second   paragraph\t here  ", "line one line two\n\nsecond paragraph here"),
    ("KYIV (Newswire) - The army said it had withdrawn.", "The army said it had withdrawn."),
    ("LONDON, March 3 (AP) — Ministers met.\n\nLONDON was quiet.", "Ministers met.\n\nLONDON was quiet."),
    ("Nairobi, 12 May: Heavy rains fell.", "Heavy rains fell."),
    ("US - China talks resumed on Monday.", "US - China talks resumed on Monday."),  # not a dateline
    ("WASHINGTON", "WASHINGTON"),  # a paragraph that is only a place name is kept
    ("First.\n\nAdvertisement\n\nRead more: other stories\n\nLast.\n\n© 2026 Example Media",
     "First.\n\nLast."),
    ("lone \ud800 surrogate", "lone surrogate"),
    # one paragraph a line, headline first: each line stays a paragraph
    ("Talks agreed in Keld\nThe ministers met on Monday.\nThey agreed to meet again.",
     "Talks agreed in Keld\n\nThe ministers met on Monday.\n\nThey agreed to meet again."),
    # hard-wrapped prose: the wrap inside a sentence is joined
    ("The ministers met on\nMonday and agreed that\nthe crossings would reopen.",
     "The ministers met on\n\nMonday and agreed that the crossings would reopen."),
    ("   \n\t  ", ""),
])
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean


def test_boilerplate_is_only_removed_when_the_whole_paragraph_matches() -> None:
    text = "Advertisement revenue at the state broadcaster fell by a third, the minister said."
    assert normalise_text(text) == text
    assert normalise_title("  Big\n news &quot;today&quot; ") == 'Big news "today"'


@pytest.mark.parametrize(("value", "expected", "fallback"), [
    ("2015-12-15", dt.datetime(2015, 12, 15, tzinfo=dt.UTC), False),
    ("2015-12-15T10:00:00+03:00", dt.datetime(2015, 12, 15, 7, tzinfo=dt.UTC), False),
    ("2015-12-15T10:00:00Z", dt.datetime(2015, 12, 15, 10, tzinfo=dt.UTC), False),
    ("2015-12-15 10:00", dt.datetime(2015, 12, 15, 10, tzinfo=dt.UTC), False),  # naive = UTC
    ("Tue, 15 Dec 2015 10:00:00 GMT", dt.datetime(2015, 12, 15, 10, tzinfo=dt.UTC), False),
    ("Tue, 15 Dec 2015 10:00:00 -0500", dt.datetime(2015, 12, 15, 15, tzinfo=dt.UTC), False),
    ("December 15, 2015", dt.datetime(2015, 12, 15, tzinfo=dt.UTC), False),
    (1450173600, dt.datetime(2015, 12, 15, 10, tzinfo=dt.UTC), False),
    ("yesterday", NOW, True),
    ("3", NOW, True),
    ("", NOW, True),
    (None, NOW, True),
    ("2999-01-01", NOW, True),  # in the future: not believable
    ("0201-05-05", NOW, True),  # a typo for 2015
    (float("nan"), NOW, True),
])
def test_parse_published(value: object, expected: dt.datetime, fallback: bool) -> None:
    assert parse_published(value, NOW) == (expected, fallback)


@pytest.mark.parametrize(("url", "canon"), [
    ("HTTPS://www.Example.com:443/a/b/?utm_source=x&b=2&a=1#frag", "https://www.example.com/a/b?a=1&b=2"),
    ("http://example.com:8080/", "http://example.com:8080"),
    ("http://example.com/p?fbclid=1&gclid=2&UTM_Campaign=z", "http://example.com/p"),
    ("http://example.com/p?q=a%20b&utm%5Fsource=1", "http://example.com/p?q=a%20b"),
    ("https://example.com/a//", "https://example.com/a"),
    ("urn:uuid:1234", "urn:uuid:1234"),
    ("  ", None),
    ("http://[::1", "http://[::1"),  # unparsable: kept as given
])
def test_canonical_url(url: str, canon: str | None) -> None:
    assert canonical_url(url) == canon


def test_ids_and_hosts() -> None:
    assert derived_article_id("https://example.com/a", "0" * 64) == derived_article_id("https://example.com/a",
                                                                                        "f" * 64)
    assert derived_article_id(None, "ab" * 32).startswith("t")
    assert url_host("https://www.bbc.co.uk/news") == "bbc.co.uk"


def test_language_detection() -> None:
    en = detect_language("The minister said on Monday that the talks with the rebels would continue next week.")
    assert (en.language, en.method) == ("en", "function_words")
    fr = detect_language("Le gouvernement a annoncé mardi une nouvelle série de mesures contre la crise.")
    assert fr.language == "fr" and fr.confidence > 0.9 and fr.method == "py3langid"
    de = detect_language("Die Regierung hat am Dienstag neue Maßnahmen gegen die Krise angekündigt.")
    assert de.language == "de"
    assert detect_language("Talks held.").method == "too_short"


def test_decode_html_charsets() -> None:
    page = "<html><body><p>Café in São Tomé</p></body></html>"
    assert decode_html(page.encode("latin-1"), "text/html; charset=utf-8") == \
        decode_html(page.encode("latin-1"), "text/html; charset=utf-8")
    latin = decode_html(page.encode("latin-1"), "text/html; charset=utf-8")
    assert "Café in São Tomé" in latin.text and latin.fallback
    meta = decode_html(b"<meta charset='iso-8859-1'><p>" + "Tomé".encode("latin-1"))
    assert "Tomé" in meta.text and not meta.fallback
    assert decode_html(b"\xef\xbb\xbf<p>ok</p>").text == "<p>ok</p>"
    assert decode_html(b"\xff\xfe\x00garbage", "text/html; charset=nonsense").fallback


def test_extract_page_none_for_empty_markup() -> None:
    assert extract_page("<html><body><nav>Home</nav></body></html>") is None
    assert extract_page("\x00\x01 not html at all <<<") is None


def test_markdown_to_text() -> None:
    md = "## Heading\n\n> quoted *text* with `code`\n\n1. first [link](http://x)\n\n---\n\n![img](a.png) end"
    assert markdown_to_text(md).split() == ["Heading", "quoted", "text", "with", "code", "first", "link", "end"]


def build(fields: dict[str, object], settings: IngestSettings | None = None) -> Article | Rejected:
    return ArticleBuilder(settings or IngestSettings(), NOW).build(Candidate("in", 1, fields, b"raw", "Cfg"))


ENGLISH = "The defence minister visited troops near the border on Sunday and promised new equipment soon."


def test_builder_fields_and_rejections() -> None:
    a = build({"text": ENGLISH, "id": 17, "url": "https://www.site.example/x/?utm_source=t"})
    assert isinstance(a, Article)
    assert (a.article_id, a.source_name, a.canonical_url) == ("17", "Cfg", "https://www.site.example/x")
    assert a.date_is_fallback and a.published_at == NOW
    b = build({"text": ENGLISH, "url": "https://www.site.example/y"}, IngestSettings())
    assert isinstance(b, Article) and b.source_name == "Cfg"
    bad = {
        "missing_text": {"title": "t"},
        "bad_field": {"text": ["list"]},
    }
    for reason, fields in bad.items():
        r = build(fields)
        assert isinstance(r, Rejected) and r.reason == reason and r.raw == b"raw"
    for fields in ({"text": ENGLISH, "title": 5}, {"text": ENGLISH, "id": True}, {"text": ENGLISH, "id": "x" * 600},
                   {"text": ENGLISH, "published": {"y": 1}}, {"text": ENGLISH, "url": "http://\ud800"}):
        r = build(fields)
        assert isinstance(r, Rejected) and r.reason == "bad_field", fields
    small = IngestSettings(max_record_bytes=20)
    r = build({"text": ENGLISH}, small)
    assert isinstance(r, Rejected) and r.reason == "text_too_large"


def test_builder_languages() -> None:
    fr = build({"text": "Le gouvernement a annoncé mardi une nouvelle série de mesures contre la crise."})
    assert isinstance(fr, Rejected) and (fr.reason, fr.language) == ("unsupported_language", "fr")
    short = build({"text": "Talks held."})  # too short to judge: the configured language
    assert isinstance(short, Article) and short.language == "en"
    declared = build({"text": "Talks held.", "language": "es-ES"})
    assert isinstance(declared, Rejected) and declared.language == "es"
    multi = build({"text": "Le gouvernement a annoncé mardi une nouvelle série de mesures contre la crise."},
                  IngestSettings(languages=("en", "fr")))
    assert isinstance(multi, Article) and multi.language == "fr"
