"""Warehouse benchmark: load time vs a bare CTAS, mart query time, memory limit, growth with size.

Usage: .venv/bin/python benchmarks/bench_warehouse.py --mentions 1000000 10000000 [--memory-limit 2GB]
Generates synthetic lakes (cached under --workdir), then for each size runs, each in a fresh process:
a bare `CREATE TABLE AS SELECT * FROM read_parquet(...)` of the mention files, `run_load` (phase
timings), the `daily_dyad_counts` query for one year, then an incremental `run_load` after one day's
mention file is replaced (its mtime touched: same rows), and reports peak RSS. One run each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

START = dt.date(2024, 1, 1)

CTAS = textwrap.dedent("""
    import json, resource, sys, time, duckdb
    lake, db, mem = sys.argv[1], sys.argv[2], sys.argv[3]
    con = duckdb.connect(db, config={"storage_compatibility_version": "v1.5.0", "memory_limit": mem})
    con.execute("SET enable_progress_bar = false")
    t = time.perf_counter()
    con.execute(f"CREATE TABLE event_mentions AS SELECT * FROM read_parquet('{lake}/event_mentions/*/*.parquet')")
    con.execute("CHECKPOINT")
    s = time.perf_counter() - t
    print(json.dumps({"seconds": s, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")

LOAD = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    from transforms.config import Config
    from warehouse.load import run_load
    lake, db, mem = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    r = run_load(lake, db, Config(raw={"warehouse": {"memory_limit": mem}}), progress=False)
    print(json.dumps({"seconds": r.seconds, "phases": r.phases, "rows": r.rows, "events": r.events_rows,
                      "marts": r.marts, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")

QUERY = textwrap.dedent("""
    import json, resource, sys, time, duckdb
    db, start, end, mem = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    con = duckdb.connect(db, read_only=True, config={"memory_limit": mem})
    con.execute("SET enable_progress_bar = false")
    out = {}
    for name, q in [
        ("mart_rows_one_year", f"SELECT * FROM daily_dyad_counts WHERE day BETWEEN '{start}' AND '{end}'"),
        ("mart_year_by_dyad", f"SELECT actor1_country_code, actor2_country_code, sum(events) AS events, "
                              f"sum(material_conflict_events) AS conflict, "
                              f"sum(goldstein_weighted_mean * mentions) / sum(mentions) AS goldstein "
                              f"FROM daily_dyad_counts WHERE day BETWEEN '{start}' AND '{end}' GROUP BY ALL"),
        ("from_events_adhoc", f"SELECT day, actor1_country_code, actor2_country_code, count(*) AS events, "
                              f"sum(goldstein_scale * num_mentions) / sum(num_mentions) AS g FROM events "
                              f"WHERE day BETWEEN '{start}' AND '{end}' AND actor1_country_code IS NOT NULL "
                              f"AND actor2_country_code IS NOT NULL GROUP BY ALL"),
    ]:
        t = time.perf_counter()
        n = con.sql(q).to_arrow_table().num_rows
        out[name] = {"seconds": time.perf_counter() - t, "rows": n}
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
""")


def child(code: str, *args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr}")
    line = next(ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{"))
    result: dict[str, object] = json.loads(line)
    return result


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mentions", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--memory-limit", default="2GB")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/evw-bench-warehouse"))
    ap.add_argument("--keep", action="store_true", help="keep the warehouse files")
    args = ap.parse_args()
    from warehouse.synthetic import generate_lake

    results = []
    for n in args.mentions:
        lake = args.workdir / f"lake-{n}"
        if not (lake / "event_mentions").is_dir():
            t = time.perf_counter()
            generate_lake(lake, n, days=args.days, start=START)
            print(f"generated {n:,} mentions in {time.perf_counter() - t:.0f}s", file=sys.stderr)
        runs = args.workdir / f"run-{n}"
        shutil.rmtree(runs, ignore_errors=True)
        runs.mkdir(parents=True)
        ctas = child(CTAS, str(lake), str(runs / "ctas.duckdb"), args.memory_limit)
        load = child(LOAD, str(lake), str(runs / "w.duckdb"), args.memory_limit)
        end = START + dt.timedelta(days=364)
        query = child(QUERY, str(runs / "w.duckdb"), START.isoformat(), end.isoformat(), args.memory_limit)
        mention_files = sorted((lake / "event_mentions").glob("day=*/*.parquet"))
        os.utime(mention_files[len(mention_files) // 2])  # "re-extracted": the next load replaces that day
        reload = child(LOAD, str(lake), str(runs / "w.duckdb"), args.memory_limit)
        phases, reload_phases = load["phases"], reload["phases"]
        assert isinstance(phases, dict) and isinstance(reload_phases, dict)
        mention_phase = next(v for k, v in phases.items() if k.startswith("event_mentions"))
        row = {
            "mentions": n, "lake_mb": round(du_mb(lake)), "ctas_s": round(float(str(ctas["seconds"])), 2),
            "load_mentions_s": round(float(mention_phase), 2),
            "ratio_mentions_vs_ctas": round(float(mention_phase) / float(str(ctas["seconds"])), 2),
            "run_load_total_s": round(float(str(load["seconds"])), 2),
            "ratio_total_vs_ctas": round(float(str(load["seconds"])) / float(str(ctas["seconds"])), 2),
            "phases": {k: round(float(v), 2) for k, v in phases.items() if float(v) >= 0.01},
            "events": load["events"], "load_rss_mb": round(float(str(load["rss_mb"]))),
            "ctas_rss_mb": round(float(str(ctas["rss_mb"]))),
            "query": {k: v for k, v in query.items() if k != "rss_mb"},
            "warehouse_mb": round((runs / "w.duckdb").stat().st_size / 2**20),
            "reload_one_day_s": round(float(str(reload["seconds"])), 2),
            "reload_phases": {k: round(float(v), 2) for k, v in reload_phases.items() if float(v) >= 0.01},
            "reload_marts": reload["marts"], "reload_rss_mb": round(float(str(reload["rss_mb"]))),
            "uptime_after": os.getloadavg(),
        }
        results.append(row)
        print(json.dumps(row, indent=1), flush=True)
        if not args.keep:
            shutil.rmtree(runs, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
