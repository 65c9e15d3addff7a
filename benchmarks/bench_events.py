"""Benchmark of the event coder: throughput of bare `nlp.pipe` vs model + actors + events, and the
`cameo_events` component alone (sentences/s), on ../shared/corpus/wikinews-2019-2020.jsonl.

Usage: .venv/bin/python benchmarks/bench_events.py [N_ARTICLES]   (default 80; ratios within one run)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from transforms.coder import build_nlp, load_base_model
from transforms.model import register_extensions

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"


def main(n: int) -> None:
    register_extensions()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()[:n]]
    texts = [(r.get("title", "") + "\n\n" + r["text"]) if r.get("title") else r["text"] for r in rows]
    bare, full = load_base_model(), build_nlp()
    list(bare.pipe(texts[:5]))  # warm up both
    list(full.pipe(texts[:5]))

    t0 = time.perf_counter()
    bare_docs = list(bare.pipe(texts, batch_size=32))
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = list(full.pipe(texts, batch_size=32))
    t_full = time.perf_counter() - t0
    events = full.get_pipe("cameo_events")
    t0 = time.perf_counter()
    for d in docs:
        events(d)
    t_events = time.perf_counter() - t0
    sentences = sum(1 for d in bare_docs for _ in d.sents)
    n_events = sum(len(d._.events or []) for d in docs)
    print(f"articles {len(texts)}, sentences {sentences}, event mentions {n_events}")
    print(f"bare nlp.pipe         {t_bare:7.2f}s  {sentences / t_bare:8.1f} sentences/s")
    print(f"model+actors+events   {t_full:7.2f}s  {sentences / t_full:8.1f} sentences/s  "
          f"ratio {t_bare / t_full:.2f}x of bare")
    print(f"cameo_events alone    {t_events:7.2f}s  {sentences / t_events:8.1f} sentences/s  "
          f"({100 * t_events / t_bare:.1f}% of bare pipe time)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 80)
