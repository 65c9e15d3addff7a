"""Benchmark: ingest N generated JSONL articles (with exact and near duplicates) into a fresh lake.

Usage:
    .venv/bin/python benchmarks/bench_ingest.py                 # 10,000 and 100,000 articles
    .venv/bin/python benchmarks/bench_ingest.py --sizes 20000 --workers 2

Each size runs in its own subprocess so the peak RSS (ru_maxrss) belongs to that size alone.
Prints articles/s (whole run: reading, cleaning, language, dedup, Parquet writing) by wall clock
and by CPU time of the process (the honest figure on a shared machine), and peak RSS.
One-off imports happen before timing, including pandas, which pyarrow imports lazily on its first
`pa.array` of Python objects (0.5-1.7 CPU-s on the shared machine, whatever the input size).
The generated text is synthetic news-like English from a small grammar (written for this script).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACTORS = ["the foreign minister", "the prime minister", "the defence ministry", "opposition leaders",
          "the central bank", "union representatives", "the army", "police officers", "the president",
          "a government spokesman", "the interior minister", "rebel commanders", "the parliament",
          "local officials", "the United Nations envoy", "trade negotiators", "the finance minister"]
VERBS = ["met", "criticised", "praised", "warned", "accused", "thanked", "invited", "urged",
         "threatened", "welcomed", "rejected an offer from", "signed an agreement with", "called on"]
PLACES = ["in the capital", "near the northern border", "at the summit", "in a televised address",
          "during a visit to the port city", "after talks in the region", "at a press conference"]
TAILS = ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday morning", "on Friday",
         "over the weekend", "earlier this month"]
EXTRA = ["Officials said the talks would continue next week.",
         "The statement did not give further details.",
         "Analysts said the move could raise tensions in the region.",
         "Both sides said they were committed to a peaceful solution.",
         "Hundreds of people gathered outside the building as the meeting went on."]


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(ACTORS, 2)
    n = rng.randint(2, 9000)
    return (f"{a.capitalize()} {rng.choice(VERBS)} {b} {rng.choice(PLACES)} {rng.choice(TAILS)}, "
            f"according to report number {n}. {rng.choice(EXTRA)}")


def generate(path: Path, n: int, seed: int = 7) -> dict[str, int]:
    """Write n JSONL records: ~90% unique, ~5% exact copies, ~5% near-duplicates (one paragraph added)."""
    rng = random.Random(seed)
    kept: list[dict[str, str]] = []
    counts = {"unique": 0, "exact": 0, "near": 0}
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = rng.random()
            if kept and r < 0.05:
                rec = dict(rng.choice(kept))
                counts["exact"] += 1
            elif kept and r < 0.10:
                base = rng.choice(kept)
                rec = {"text": base["text"] + "\n\n" + sentence(rng), "title": "Update: " + base["title"],
                       "url": f"https://mirror{rng.randint(1, 9)}.example.net/story/{i}",
                       "published": base["published"], "source": "mirror.example.net"}
                counts["near"] += 1
            else:
                paras = ["\n".join(sentence(rng) for _ in range(2)) for _ in range(rng.randint(4, 7))]
                rec = {"id": f"gen-{i}", "text": "\n\n".join(paras), "title": sentence(rng)[:70],
                       "url": f"https://news{rng.randint(1, 30)}.example.com/a/{i}?utm_source=feed",
                       "published": f"2024-03-{rng.randint(1, 30):02d}T{rng.randint(0, 23):02d}:00:00Z",
                       "source": "example.com"}
                counts["unique"] += 1
                if len(kept) < 2000 or rng.random() < 0.01:
                    kept.append(rec)
            fh.write(json.dumps(rec) + "\n")
    return counts


def run_one(n: int, workers: int) -> None:
    import pyarrow as pa

    from transforms.config import Config
    from transforms.ingest import run_ingest

    pa.array(["warm-up"])  # pyarrow's lazy `import pandas`: an import cost, not an ingest cost

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        counts = generate(src, n)
        size = src.stat().st_size
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0, c0 = time.perf_counter(), time.process_time()
        cfg = Config(raw={"ingest": {"workers": workers}})
        report = run_ingest([str(src)], lake=Path(tmp) / "lake", config=cfg, progress=False)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert report.balanced, report.summary()
        print(json.dumps({
            "articles": n, "workers": workers, "input_mb": round(size / 1e6, 1), "seconds": round(secs, 2),
            "articles_per_s": round(n / secs), "cpu_seconds": round(cpu, 2),
            "articles_per_cpu_s": round(n / cpu), "accepted": report.accepted, "duplicates": report.duplicates,
            "near_duplicates": report.near_duplicates, "quarantined": report.quarantined,
            "generated": counts, "peak_rss_mb_before_run": round(rss_before / 1024),
            "peak_rss_mb": round(peak / 1024), "load_avg_1m": round(os.getloadavg()[0], 1),
        }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workers", type=int, default=1, help="[ingest] workers (processes preparing batches)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.workers)
        return
    print(f"# load average before: {os.getloadavg()}", flush=True)
    for n in args.sizes:
        subprocess.run([sys.executable, __file__, "--one", str(n), "--workers", str(args.workers)], check=True)
    print(f"# load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
