"""Issue 13's hostile inputs: one bad file never stops a run, and a killed run leaves no process behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.store.catalog import reader_config
from flows.run.sources import batched
from flows.run.reaper import find_descendants, read_stat
from flows.settings import Settings
from flows.run.sources import SourceFile
from tests.samples import build_hostile_folder, make_article

pytestmark = pytest.mark.e2e


def files(*sizes: int) -> list[SourceFile]:
    return [SourceFile(Path(f"{i}.txt"), f"{i}.txt", size) for i, size in enumerate(sizes)]


@pytest.mark.parametrize("sizes,count,max_bytes,expected", [
    ((1, 1, 1, 1, 1), 2, 100, [2, 2, 1]),              # by count
    ((40, 40, 40, 40), 10, 100, [2, 2]),               # by bytes
    ((500, 1, 1, 500, 1), 10, 100, [1, 2, 1, 1]),      # a file over the byte budget goes alone
])
def test_batches_end_at_a_count_or_a_byte_budget(sizes, count, max_bytes, expected):
    assert [len(b) for b in batched(files(*sizes), count, max_bytes)] == expected


@pytest.mark.parametrize("sizes,first,expected", [
    ((1,) * 12, 2, [2, 4, 5, 1]),                      # 2, then twice as many, up to the count
    ((1,) * 6, 10, [5, 1]),                            # a first above the count is the count
    ((1, 1, 200, 1, 1, 1), 2, [2, 1, 3]),              # bytes still end a batch
])
def test_the_first_batches_grow_from_first_to_the_count(sizes, first, expected):
    assert [len(b) for b in batched(files(*sizes), 5, 100, first)] == expected


def test_hostile_folder_every_good_article_a_document_every_bad_file_a_reject(tmp_path, prefect_server):
    from flows.run.pipeline import run_pipeline

    good, long_texts, bad = build_hostile_folder(tmp_path)
    inputs = tmp_path / "input"
    settings = Settings(input=inputs, warehouse=inputs / "wh", n_process=1).resolved()
    first = run_pipeline(settings)
    second = run_pipeline(settings)  # the warehouse inside the input folder is not read as input
    assert first.status == second.status == "completed"
    con = duckdb.connect(str(settings.warehouse / "newsetl.duckdb"), read_only=True,
                         config=reader_config(settings.warehouse))
    docs = dict(con.sql("SELECT source_path, analyzed FROM documents").fetchall())
    rejects = dict(con.sql("SELECT source_path, reason FROM rejects").fetchall())
    notes = dict(con.sql("SELECT source_path, notes FROM documents").fetchall())
    con.close()
    assert all(docs.get(p) is True for p in good), sorted(good - set(docs))
    assert all(docs.get(p) is False and "analysis limit" in notes[p][0] for p in long_texts)
    assert set(rejects) >= bad, sorted(bad - set(rejects))
    assert rejects["links/passwd_link.txt"] == rejects["links/proc_status.txt"] == "outside_input"
    assert rejects["special/pipe.txt"] == "special_file" and rejects["too_big.txt"] == "too_large"
    assert not any(p.startswith("wh/") for p in [*docs, *rejects])
    assert set(docs) | set(rejects) <= good | long_texts | bad | {f"adversarial/{n}" for n in
                                                                  ("stars.md", "wrapped.txt", "comments.md")}


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_kill_9_of_a_run_leaves_no_prefect_server_or_worker_alive(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for k in range(400):
        (inputs / f"{k:03d}.txt").write_text(make_article(k))
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "NEWSETL_N_PROCESS": "2"}
    env.pop("PREFECT_API_URL", None)  # the run must start its own temporary server
    proc = subprocess.Popen([sys.executable, "-m", "flows.command.cli", "run", "--input", str(inputs), "--warehouse",
                             str(tmp_path / "wh"), "--quiet"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    seen: dict[int, int] = {}
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        seen |= find_descendants(proc.pid)
        lines = [cmdline(p) for p in seen]
        if any("uvicorn" in c for c in lines) and sum("multiprocessing" in c for c in lines) >= 2:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before its server and workers could be seen"
    time.sleep(2)  # the watchdog polls once a second
    seen |= find_descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (alive := [p for p, s in seen.items() if (read_stat(p) or (0, -1))[1] == s]):
        time.sleep(0.5)
    assert not alive, [cmdline(p) for p in alive]
