"""`evw report` benchmark: seconds to build the HTML report and the page size over a synthetic lake.

Usage: .venv/bin/python benchmarks/bench_report.py --mentions 1000000 10000000 [--workdir DIR] [--prepare-only]
Generates each synthetic lake (warehouse/synthetic.py) and loads it into a warehouse once (both
cached under --workdir), then builds the report in a fresh process (cold start, imports included)
and reports build seconds, the in-process query/render split, page bytes and peak RSS. Targets:
< 10 s and < 5 MB at 10 M mentions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

START = dt.date(2024, 1, 1)

BUILD = textwrap.dedent("""
    import json, resource, sys, time
    t0 = time.perf_counter()
    from pathlib import Path
    from warehouse.report import build_report
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    t1 = time.perf_counter()
    r = build_report(db, out)
    t2 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "query_s": r.query_seconds,
                      "render_s": r.render_seconds, "bytes": out.stat().st_size,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def prepare(workdir: Path, n: int, days: int) -> Path:
    """The cached warehouse for `n` mentions (lake generated and loaded when missing)."""
    from transforms.config import Config
    from warehouse.load import run_load
    from warehouse.synthetic import generate_lake

    lake, db = workdir / f"lake-{n}", workdir / f"w-{n}.duckdb"
    if not (lake / "event_mentions").is_dir():
        t = time.perf_counter()
        generate_lake(lake, n, days=days, start=START)
        print(f"generated {n:,} mentions in {time.perf_counter() - t:.0f}s", file=sys.stderr, flush=True)
    if not db.exists():
        t = time.perf_counter()
        run_load(lake, db, Config(raw={"warehouse": {"memory_limit": "4GB"}}), progress=False)
        print(f"loaded {n:,} mentions in {time.perf_counter() - t:.0f}s", file=sys.stderr, flush=True)
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mentions", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/evw-bench-report"))
    ap.add_argument("--runs", type=int, default=3, help="report builds per size (fresh process each)")
    ap.add_argument("--prepare-only", action="store_true")
    args = ap.parse_args()
    results = []
    for n in args.mentions:
        db = prepare(args.workdir, n, args.days)
        if args.prepare_only:
            continue
        runs = []
        for k in range(args.runs):
            out = args.workdir / f"report-{n}-{k}.html"
            done = subprocess.run([sys.executable, "-c", BUILD, str(db), str(out)], capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0:
                raise SystemExit(f"report build failed:\n{done.stderr}")
            t_wall = json.loads(done.stdout.strip().splitlines()[-1])
            runs.append(t_wall)
        first = (args.workdir / f"report-{n}-0.html").read_bytes()
        same = all((args.workdir / f"report-{n}-{k}.html").read_bytes() == first for k in range(args.runs))
        best = min(runs, key=lambda r: r["import_s"] + r["build_s"])
        row = {"mentions": n, "warehouse_mb": round(db.stat().st_size / 2**20),
               "seconds_total": round(best["import_s"] + best["build_s"], 2),
               "seconds_build": round(best["build_s"], 2), "seconds_queries": round(best["query_s"], 2),
               "seconds_render": round(best["render_s"], 2),
               "all_runs_s": [round(r["import_s"] + r["build_s"], 2) for r in runs],
               "page_bytes": best["bytes"], "page_mb": round(best["bytes"] / 1e6, 3),
               "identical_across_runs": same, "rss_mb": round(best["rss_mb"])}
        results.append(row)
        print(json.dumps(row), flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
