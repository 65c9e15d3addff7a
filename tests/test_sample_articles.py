"""Checks the built-in demo corpus transforms/data/sample_articles.jsonl against the input contract.

Validates data only (format, spread, the documented near-duplicate pairs); it does not ingest anything.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ARTICLES = Path(__file__).resolve().parents[1] / "transforms" / "data" / "sample_articles.jsonl"
NEAR_DUPLICATES = {("sample-010", "sample-011"), ("sample-018", "sample-019")}
KEYS = {"id", "url", "title", "published", "source", "language", "text"}


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    rows = []
    for lineno, line in enumerate(ARTICLES.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            pytest.fail(f"{ARTICLES.name}:{lineno}: not valid JSON ({exc})")
    return rows


def _jaccard(a: str, b: str) -> float:
    def grams(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i : i + 3]) for i in range(len(w) - 2)}

    ga, gb = grams(a), grams(b)
    return len(ga & gb) / len(ga | gb)


def test_articles_follow_the_input_contract(articles: list[dict[str, Any]]) -> None:
    assert len(articles) >= 24
    for art in articles:
        assert art.keys() == KEYS, art.get("id")
        assert all(isinstance(art[k], str) and art[k].strip() for k in KEYS), art["id"]
        assert art["language"] == "en"
        url = urlparse(art["url"])
        assert url.scheme == "https" and url.hostname and ".example." in url.hostname, art["url"]
        published = dt.datetime.fromisoformat(art["published"])
        assert 2014 <= published.year <= 2024, art["id"]
        assert art["url"].split("/")[3:6] == published.strftime("%Y/%m/%d").split("/"), art["id"]
        paragraphs = art["text"].split("\n\n")
        assert 3 <= len(paragraphs) <= 8, f"{art['id']}: {len(paragraphs)} sentences"


def test_ids_urls_and_outlets(articles: list[dict[str, Any]]) -> None:
    assert len({a["id"] for a in articles}) == len(articles)
    assert len({a["url"] for a in articles}) == len(articles)
    hosts = {urlparse(a["url"]).hostname for a in articles}
    assert len(hosts) >= 6
    assert len({a["source"] for a in articles}) == len(hosts)
    years = {a["published"][:4] for a in articles}
    assert len(years) >= 10, f"published dates should spread over 2014-2024, got {sorted(years)}"


def test_only_the_documented_pairs_are_near_duplicates(articles: list[dict[str, Any]]) -> None:
    by_id = {a["id"]: a for a in articles}
    for a, b in NEAR_DUPLICATES:
        assert by_id[a]["title"] != by_id[b]["title"]
        assert urlparse(by_id[a]["url"]).hostname != urlparse(by_id[b]["url"]).hostname
        assert by_id[b]["text"].startswith(by_id[a]["text"]), "the copy adds one paragraph at the end"
        assert by_id[b]["text"].count("\n\n") == by_id[a]["text"].count("\n\n") + 1
        assert _jaccard(by_id[a]["text"], by_id[b]["text"]) >= 0.8
    for x, y in itertools.combinations(articles, 2):
        if (x["id"], y["id"]) not in NEAR_DUPLICATES:
            assert _jaccard(x["text"], y["text"]) < 0.3, (x["id"], y["id"])
