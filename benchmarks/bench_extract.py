"""Benchmark: `evw extract` throughput vs bare spaCy `nlp.pipe`, and worker scaling.

Usage: .venv/bin/python benchmarks/bench_extract.py [--corpus PATH] [--rounds N]
Measures, in one run and on the same texts with the same model: bare `nlp.pipe` (the floor any
spaCy-based coder pays), our full extract step (read lake file, parse, resolve actors, code
events, build and write mention rows) with 1 worker and with 2 workers, and peak RSS per worker.
Rounds alternate bare and ours; the best of each is kept. Besides wall-clock time, the CPU time of
this process is recorded for bare and 1-worker runs (less sensitive to other jobs on a shared
machine), with the load average before and after. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"


class WorkerMemory:
    """Samples the peak RSS (VmHWM, reset at exec) of this process's worker processes."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    with open(f"/proc/{child.pid}/status") as fh:
                        hwm = next((int(line.split()[1]) for line in fh if line.startswith("VmHWM")), 0)
                except (OSError, StopIteration):
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), hwm)
            self._stop.wait(0.2)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of bare vs 1 warm worker (after one warm-up run)")
    ap.add_argument("--scaling-rounds", type=int, default=2, help="rounds of 1 cold worker vs 2 workers")
    args = ap.parse_args()

    from transforms.coder import load_base_model
    from transforms.config import load_config
    from transforms.extract import coded_text, run_extract
    from transforms.ingest import run_ingest

    with tempfile.TemporaryDirectory() as tmp:
        lake = Path(tmp) / "lake"
        config = load_config(REPO / "evw.toml")
        ing = run_ingest([str(args.corpus)], lake=lake, config=config, progress=False)
        import pyarrow.parquet as pq

        from transforms.lake import list_files

        rows = [r for f in list_files(lake, "articles") for r in pq.read_table(f.path).to_pylist()]
        texts = [coded_text(r["title"], r["text"]) for r in rows]
        chars = sum(len(t) for t in texts)
        nlp = load_base_model(config.model)
        batch = int(config.section("coder").get("batch_size", 32))

        from transforms.extract import Coder

        t0 = time.perf_counter()
        coder = Coder(config)
        setup_s = time.perf_counter() - t0
        load_before = os.getloadavg()
        bare: list[float] = []
        ours: list[float] = []
        bare_cpu: list[float] = []
        ours_cpu: list[float] = []
        # Warm-up: lazily built tables (the place gazetteer) belong to set-up, not to a warm run.
        rep = run_extract(lake, config, workers=1, force=True, progress=False, coder=coder)
        sentences = 0

        def run_bare() -> None:
            nonlocal sentences
            t0, c0 = time.perf_counter(), time.process_time()
            sentences = sum(sum(1 for _ in d.sents) for d in nlp.pipe(texts, batch_size=batch))
            bare.append(time.perf_counter() - t0)
            bare_cpu.append(time.process_time() - c0)

        def run_ours() -> None:
            nonlocal rep
            c0 = time.process_time()
            rep = run_extract(lake, config, workers=1, force=True, progress=False, coder=coder)
            ours.append(rep.seconds)
            ours_cpu.append(time.process_time() - c0)

        for i in range(args.rounds):  # adjacent pairs, order alternating so slow drift cancels out
            for step in ((run_bare, run_ours) if i % 2 == 0 else (run_ours, run_bare)):
                step()
        colds, twos = [], []
        with WorkerMemory() as mem:
            for _ in range(args.scaling_rounds):  # alternating, best of each
                colds.append(run_extract(lake, config, workers=1, force=True, progress=False).seconds)
                twos.append(run_extract(lake, config, workers=2, force=True, progress=False).seconds)
        cold, two = (min(colds), min(twos)) if colds else (float("nan"), float("nan"))
        child_rss_mb = mem.peak_mb
        self_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        load_after = os.getloadavg()

    b, o = min(bare), min(ours)
    result = {
        "articles": ing.accepted, "chars": chars, "sentences": sentences, "events": rep.events,
        "bare_pipe_s": round(b, 2), "extract_1w_s": round(o, 2), "extract_2w_s": round(two, 2),
        "coder_setup_s": round(setup_s, 2), "extract_1w_cold_s": round(cold, 2),
        "ratio_vs_bare_cold": round(b / cold, 3),
        "ratio_vs_bare": round(b / o, 3), "speedup_2w_vs_1w_cold": round(cold / two, 3),
        "paired_ratios": [round(x / y, 3) for x, y in zip(bare, ours, strict=True)],
        "median_paired_ratio": round(statistics.median(x / y for x, y in zip(bare, ours, strict=True)), 3),
        "sentences_per_s_1w": round(sentences / o, 1), "sentences_per_s_2w": round(sentences / two, 1),
        "peak_rss_worker_mb": round(child_rss_mb), "peak_rss_main_mb": round(self_rss_mb),
        "all_bare_s": [round(x, 2) for x in bare], "all_extract_s": [round(x, 2) for x in ours],
        "all_extract_1w_cold_s": [round(x, 2) for x in colds], "all_extract_2w_s": [round(x, 2) for x in twos],
        "bare_cpu_s": round(min(bare_cpu), 2), "extract_1w_cpu_s": round(min(ours_cpu), 2),
        "cpu_ratio_vs_bare": round(min(bare_cpu) / min(ours_cpu), 3),
        "batch_size": batch, "max_batch_chars": coder.max_batch_chars,
        "load_avg_before": [round(x, 2) for x in load_before], "load_avg_after": [round(x, 2) for x in load_after],
    }
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "extract.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"\n| measure | value |\n|---|---|\n| articles / sentences | {ing.accepted} / {sentences} |")
    print(f"| bare nlp.pipe | {b:.1f} s ({sentences / b:.0f} sentences/s) |")
    print(f"| evw extract, 1 worker, coder loaded | {o:.1f} s ({sentences / o:.0f} sentences/s) = {b / o:.2f} x bare |")
    print(f"| median of per-round ratios (adjacent pairs) | {result['median_paired_ratio']:.2f} x "
          f"(rounds: {result['paired_ratios']}) |")
    print(f"| CPU time, bare vs 1 worker (this process) | {min(bare_cpu):.1f} s vs {min(ours_cpu):.1f} s = "
          f"{min(bare_cpu) / min(ours_cpu):.2f} x |")
    print(f"| evw extract, 1 worker, cold (incl. {setup_s:.1f} s set-up) | {cold:.1f} s = {b / cold:.2f} x bare |")
    print(f"| evw extract, 2 workers | {two:.1f} s ({sentences / two:.0f} sentences/s) = {cold / two:.2f} x cold 1w |")
    print(f"| peak RSS per worker | {child_rss_mb:.0f} MB |")
    print(f"| load average (1/5/15 min) before / after | {result['load_avg_before']} / {result['load_avg_after']} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
