"""newsetl benchmark: end-to-end throughput against bare nlp.pipe, memory, no-op re-runs, query latency.

Usage: .venv/bin/python bench/bench.py --corpus ../shared/corpus/bbc [--replicas 10] [--notes BENCHMARKS.md]
Each measurement runs in its own process; peak RSS is the sum over the process tree, sampled every 0.1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

QUERIES = {
    "top entities": """
        SELECT e.name, e.type, count(*) AS n FROM mentions m JOIN entities e USING (entity_id)
        GROUP BY ALL ORDER BY n DESC LIMIT 20""",
    "co-occurring pairs": """
        SELECT entity_id_a, entity_id_b, count(*) AS sentences FROM cooccurrences
        GROUP BY ALL ORDER BY sentences DESC LIMIT 20""",
    "actor timeline": """
        WITH top AS (SELECT actor_entity_id FROM events WHERE actor_entity_id IS NOT NULL
                     GROUP BY ALL ORDER BY count(*) DESC LIMIT 1)
        SELECT e.event_date, e.type, e.mode, e.target_text FROM events e JOIN top USING (actor_entity_id)
        ORDER BY e.event_date NULLS LAST""",
}


@dataclass
class Measured:
    """Wall time, peak RSS of the process tree, and what the command printed."""

    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str = ""


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(cmd: list[str], env: dict | None = None) -> Measured:
    """Run a command, sampling the peak RSS of its process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return Measured(time.perf_counter() - started, peak / 1024, out, err)


def replicate(corpus: Path, copies: int, into: Path) -> Path:
    """A folder holding `copies` copies of the corpus (distinct paths, same texts)."""
    for i in range(copies):
        shutil.copytree(corpus, into / f"copy{i:02d}", ignore=shutil.ignore_patterns("*.TXT", "SOURCE*"))
    return into


def query_latency(warehouse: Path, repeats: int = 5) -> dict[str, float]:
    """Median milliseconds of each example query on a read-only connection."""
    import duckdb

    con = duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True,
                         config={"file_search_path": str(warehouse)})
    out = {}
    for name, sql in QUERIES.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            con.sql(sql).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        out[name] = statistics.median(times)
    con.close()
    return out


def stage_seconds(warehouse: Path) -> dict:
    """Per-stage seconds of the warehouse's first run, from the runs table."""
    import duckdb

    con = duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True,
                         config={"file_search_path": str(warehouse)})
    cols = [r[0] for r in con.sql("DESCRIBE runs").fetchall()]
    row = con.sql("SELECT * FROM runs ORDER BY started_at LIMIT 1").fetchall()[0]
    con.close()
    record = dict(zip(cols, row))
    stages = record.get("stage_seconds")
    return json.loads(stages) if isinstance(stages, str) else (stages or {"total": record.get("seconds")})


def init_prefect_home(env: dict, workdir: Path) -> float:
    """Seconds of a one-file run that creates Prefect's database in PREFECT_HOME.

    Creating it (SQLite migrations) happens once per machine, not per run: measured apart, reported, not counted.
    """
    folder = workdir / "prefect-init" / "input"
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text("Officials met in the capital on Monday to discuss the budget.\n")
    return measure([str(BIN / "newsetl"), "run", "--input", str(folder), "--warehouse", str(folder.parent / "wh"),
                    "--quiet"], env).seconds


def flow_seconds(warehouse: Path) -> float:
    """Seconds of the warehouse's first run inside the flow (without the process start and Prefect's server)."""
    import duckdb

    con = duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True,
                         config={"file_search_path": str(warehouse)})
    seconds = con.sql("SELECT seconds FROM runs ORDER BY started_at LIMIT 1").fetchall()[0][0]
    con.close()
    return seconds


def bench_corpus(label: str, corpus: Path, workdir: Path, repeat: int = 1) -> dict:
    """Bare nlp.pipe and newsetl end to end, alternated `repeat` times, then a no-op re-run and the example
    queries, on one folder. The ratio is of the medians: this machine's speed drifts by 5-10% between runs."""
    # every copy is parsed, as bare nlp.pipe does: duplicate detection would skip the replicas
    env = {"PREFECT_HOME": str(workdir / "prefect-home"), "NEWSETL_DETECT_DUPLICATES": "false"}
    prefect_init = None if (workdir / "prefect-home").exists() else init_prefect_home(env, workdir)
    bares, limits, runs = [], [], []
    for i in range(repeat):
        bares.append(measure([str(BIN / "python"), str(ROOT / "bench" / "bare_pipe.py"), str(corpus)]))
        limits.append(json.loads(bares[-1].stdout.strip().splitlines()[-1]))
        warehouse = workdir / f"wh-{label}-{i}"
        runs.append(measure([str(BIN / "newsetl"), "run", "--input", str(corpus), "--warehouse", str(warehouse),
                             "--quiet"], env))
    rerun = measure([str(BIN / "newsetl"), "run", "--input", str(corpus), "--warehouse", str(warehouse),
                     "--quiet"], env)
    docs, words = limits[0]["docs"], limits[0]["words"]
    bare_seconds = statistics.median(limit["seconds"] for limit in limits)
    newsetl_seconds = statistics.median(run.seconds for run in runs)
    result = {
        "label": label, "docs": docs, "words": words, "repeat": repeat,
        "bare_seconds": bare_seconds, "bare_docs_per_s": docs / bare_seconds,
        "bare_words_per_s": words / bare_seconds, "bare_peak_rss_mb": max(b.peak_rss_mb for b in bares),
        "newsetl_seconds": newsetl_seconds, "newsetl_docs_per_s": docs / newsetl_seconds,
        "newsetl_words_per_s": words / newsetl_seconds, "newsetl_peak_rss_mb": max(r.peak_rss_mb for r in runs),
        "ratio": bare_seconds / newsetl_seconds, "noop_rerun_seconds": rerun.seconds,
        "bare_seconds_each": [round(limit["seconds"], 1) for limit in limits],
        "newsetl_seconds_each": [round(run.seconds, 1) for run in runs],
        "ratio_each": [round(limit["seconds"] / run.seconds, 3) for limit, run in zip(limits, runs)],
        "flow_seconds": flow_seconds(workdir / f"wh-{label}-0"), "prefect_init_seconds": prefect_init,
        "stages": stage_seconds(workdir / f"wh-{label}-0"), "queries_ms": query_latency(warehouse),
        "summary": runs[0].stdout.strip().splitlines()[0] if runs[0].stdout.strip() else "",
    }
    print(json.dumps(result, indent=1), flush=True)
    return result


def render_notes(results: list[dict], command: str) -> str:
    """The BENCHMARKS.md section for one benchmark run."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## Run of {when}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}. Command: `{command}`. "
        "newsetl runs with default settings (all cores) except `NEWSETL_DETECT_DUPLICATES=false`, so that it parses "
        "every replica as bare nlp.pipe does. Bare nlp.pipe consumes the docs without a per-token loop (words "
        "counted outside its timed part); both measured in this run, alternated when repeated; ratio = median bare "
        "seconds / median newsetl seconds.",
        "",
        "| corpus | docs | words | bare nlp.pipe docs/s | newsetl docs/s | ratio | bare words/s | newsetl words/s "
        "| bare peak RSS MB | newsetl peak RSS MB | no-op re-run s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['docs']:,} | {r['words']:,} | {r['bare_docs_per_s']:.1f} | {r['newsetl_docs_per_s']:.1f} "
            f"| {r['ratio']:.2f} | {r['bare_words_per_s']:,.0f} | {r['newsetl_words_per_s']:,.0f} "
            f"| {r['bare_peak_rss_mb']:.0f} | {r['newsetl_peak_rss_mb']:.0f} | {r['noop_rerun_seconds']:.1f} |")
    lines += ["", "Per-stage seconds (newsetl, first run) and example query medians (ms, read-only DuckDB):", ""]
    for r in results:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items() if isinstance(v, (int, float)))
        queries = ", ".join(f"{k} {v:.1f}" for k, v in r["queries_ms"].items())
        lines.append(f"- {r['label']}: stages: {stages}; queries: {queries}")
        if r.get("repeat", 1) > 1:
            lines.append(f"- {r['label']}: {r['repeat']} alternated runs: bare s {r['bare_seconds_each']}, newsetl s "
                         f"{r['newsetl_seconds_each']}, ratio each {r['ratio_each']}")
        lines.append(f"- {r['label']}: newsetl {r['newsetl_seconds']:.1f} s end to end (median), "
                     f"{r['flow_seconds']:.1f} s of it inside the flow (first run); "
                     f"bare nlp.pipe {r['bare_seconds']:.1f} s"
                     + (f"; Prefect's database created before, once, in {r['prefect_init_seconds']:.1f} s "
                        "(a one-file run, not counted)" if r.get("prefect_init_seconds") else ""))
    if len(results) == 2:
        small, large = results
        lines.append(f"- peak RSS {large['label']} / {small['label']}: "
                     f"{large['newsetl_peak_rss_mb'] / small['newsetl_peak_rss_mb']:.2f}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the benchmark and append its results to the notes file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc")
    parser.add_argument("--replicas", type=int, default=10, help="copies for the large run; 0 skips it")
    parser.add_argument("--notes", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate bare nlp.pipe and newsetl this many times; medians are compared")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus folder {args.corpus} not found")
    with tempfile.TemporaryDirectory(prefix="newsetl-bench-") as tmp:
        work = Path(tmp)
        results = [bench_corpus("bbc", args.corpus, work, args.repeat)]
        if args.replicas:
            big = replicate(args.corpus, args.replicas, work / f"bbc-x{args.replicas}")
            results.append(bench_corpus(f"bbc x{args.replicas}", big, work, args.repeat))
    command = " ".join([".venv/bin/python bench/bench.py", *sys.argv[1:]])
    notes = render_notes(results, command)
    print(notes)
    header = "" if args.notes.exists() else "# Benchmarks\n\nResults of `bench/bench.py`, newest last.\n\n"
    with open(args.notes, "a") as fh:
        fh.write(header + notes + "\n")


if __name__ == "__main__":
    main()
