"""Hostile-input benchmark (issue 13): a folder of hostile files plus good articles through `newsetl run`.

Usage: .venv/bin/python bench/hostile.py [--good 50] [--big 0] [--notes BENCHMARKS.md]

The folder (built by tests/samples.py `build_hostile_folder`, made-up text only): a 5 MB single-line text, a
0.9M-character paragraph, a 100k-character paragraph, adversarial markdown and a 600 KB hard-wrapped text, links
to /etc/passwd, /proc/self/status and /dev/zero, a link loop, a FIFO, a socket, a file over max_file_bytes, an
unlistable folder (when not root), the warehouse inside the input folder, `--big` files of 9.9 MB, and `--good`
articles. Goals: exit 0, every good article a document, every bad file a reject, wall time under 2 minutes, peak
RSS of the process tree under 2 GiB. The run uses default settings (all cores).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench import BIN, measure  # noqa: E402
from tests.samples import build_hostile_folder  # noqa: E402

GOAL_SECONDS = 120
GOAL_RSS_MB = 2048


def check(warehouse: Path, good: set[str], long_texts: set[str], bad: set[str]) -> dict:
    """What became of each kind of file."""
    con = duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True)
    docs = dict(con.sql("SELECT source_path, analyzed FROM documents").fetchall())
    rejects = dict(con.sql("SELECT source_path, reason FROM rejects").fetchall())
    con.close()
    return {
        "good documents": f"{sum(docs.get(p) is True for p in good)} / {len(good)}",
        "long texts stored unanalyzed": f"{sum(docs.get(p) is False for p in long_texts)} / {len(long_texts)}",
        "bad files rejected": f"{sum(p in rejects for p in bad)} / {len(bad)}",
        "reasons": ", ".join(f"{p}: {rejects.get(p)}" for p in sorted(bad)),
        "ok": all(docs.get(p) is True for p in good) and all(docs.get(p) is False for p in long_texts)
        and all(p in rejects for p in bad),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--good", type=int, default=50, help="good articles (default 50)")
    parser.add_argument("--big", type=int, default=0, help="files of 9.9 MB (default 0)")
    parser.add_argument("--notes", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        good, long_texts, bad = build_hostile_folder(Path(tmp), n_good=args.good, big_files=args.big)
        inputs = Path(tmp) / "input"
        size_mb = sum(p.stat().st_size for p in inputs.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
        run = measure([str(BIN / "newsetl"), "run", "--input", str(inputs), "--warehouse", str(inputs / "wh"),
                       "--quiet"])
        outcome = check(inputs / "wh", good, long_texts, bad)
    verdict = (f"wall {run.seconds:.1f} s (goal < {GOAL_SECONDS}), peak RSS {run.peak_rss_mb:.0f} MB "
               f"(goal < {GOAL_RSS_MB}), exit 0, {outcome['good documents']} good articles documents, "
               f"{outcome['long texts stored unanalyzed']} long texts stored unanalyzed, "
               f"{outcome['bad files rejected']} bad files rejects")
    print(verdict)
    print("reasons:", outcome["reasons"])
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = (f"\n## Hostile inputs, {now}\n\n"
               f"Machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python "
               f"{platform.python_version()}. Command: `.venv/bin/python bench/hostile.py --good {args.good} "
               f"--big {args.big}` ({size_mb:.0f} MB of input files, default settings).\n\n"
               f"- {verdict}; all as expected: {'yes' if outcome['ok'] else 'NO'}\n"
               f"- reject reasons: {outcome['reasons']}\n")
    with open(args.notes, "a") as fh:
        fh.write(section)
    if not outcome["ok"] or run.seconds > GOAL_SECONDS or run.peak_rss_mb > GOAL_RSS_MB:
        raise SystemExit("hostile benchmark: a goal was missed")


if __name__ == "__main__":
    main()
