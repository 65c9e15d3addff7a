"""Benchmark: time the `cameo_actors` component adds to the bare spaCy pipeline, as a ratio in one run.

Runs the model over the Wikinews corpus (headline + body, as the coder sees them), then runs the actor
resolver over the same parsed Docs, in alternating rounds, and prints both times and their ratio
(target: actors <= 10% of spaCy). Usage:
    .venv/bin/python benchmarks/bench_actors.py [--limit N] [--rounds R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.progress import track

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"


def load_articles(limit: int | None) -> list[tuple[str, dt.date | None]]:
    out: list[tuple[str, dt.date | None]] = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = f"{rec['title']}\n\n{rec['text']}" if rec.get("title") else rec["text"]
        day = dt.date.fromisoformat(rec["published"][:10]) if rec.get("published") else None
        out.append((text, day))
    return out[:limit] if limit else out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3, help="alternating timing rounds (median reported)")
    args = parser.parse_args()
    console = Console()

    from transforms.coder import build_nlp

    t0 = time.perf_counter()
    nlp = build_nlp(components=("cameo_actors",))
    resolver = nlp.get_pipe("cameo_actors")
    load_s = time.perf_counter() - t0
    articles = load_articles(args.limit)
    texts = [t for t, _ in articles]
    words = sum(len(t.split()) for t in texts)
    spacy_times: list[float] = []
    actor_times: list[float] = []
    mentions = coded = 0
    for r in range(args.rounds):
        t0 = time.perf_counter()
        docs = list(track(nlp.pipe(texts, disable=["cameo_actors"]), total=len(texts),
                          description=f"round {r + 1}: spaCy", transient=True, console=console))
        spacy_times.append(time.perf_counter() - t0)
        for doc, (_, day) in zip(docs, articles, strict=True):
            doc._.event_date = day
        t0 = time.perf_counter()
        for doc in docs:
            resolver(doc)
        actor_times.append(time.perf_counter() - t0)
        mentions = sum(len(d._.actors) for d in docs)
        coded = sum(1 for d in docs for a in d._.actors if a.code)
    s, a = statistics.median(spacy_times), statistics.median(actor_times)
    sentences = sum(1 for d in docs for _ in d.sents)
    console.print(f"articles {len(texts)}, words {words}, sentences {sentences}, rounds {args.rounds}")
    console.print(f"component load (model + dictionaries): {load_s:.2f}s")
    console.print(f"spaCy pipeline: {s:.2f}s ({words / s:,.0f} words/s)  (rounds: "
                  + ", ".join(f"{x:.2f}" for x in spacy_times) + ")", markup=False)
    console.print(f"actor resolver: {a:.3f}s ({sentences / a:,.0f} sentences/s)  (rounds: "
                  + ", ".join(f"{x:.3f}" for x in actor_times) + ")", markup=False)
    console.print(f"ratio actors/spaCy: {a / s:.3f} (target <= 0.10)")
    console.print(f"mentions {mentions}, coded {coded} ({coded / max(mentions, 1):.0%})")


if __name__ == "__main__":
    main()
