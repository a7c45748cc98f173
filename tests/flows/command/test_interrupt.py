"""Issue 14 items 2 and 3, as a user meets them: a real `newsetl run` process, its output, and Ctrl-C."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from flows.command.interrupt import INTERRUPTED, INTERRUPTED_AFTER_PUBLISH
from flows.run.reaper import find_descendants, read_stat
from tests.conftest import SEED

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The environment of a fresh user's shell, with its own Prefect home (its database migrated once)."""
    home = tmp_path_factory.mktemp("prefect")
    fresh = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSETL_"))}  # none leak in
    return {**fresh, "PREFECT_HOME": str(home)}


def newsetl(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.command.cli", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_a_run_prints_our_lines_only_and_prefect_logs_reach_its_api(tmp_path, env):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(SEED.read_bytes())
    out, err = newsetl("run", "--input", str(inputs), "--warehouse", str(wh), env=env).communicate(timeout=600)
    assert err.splitlines()[0] == f"newsetl run: reading {inputs} into {wh}; starting Prefect"
    assert all(line.startswith(("newsetl run:", "progress: ")) for line in err.splitlines()), err
    assert out.startswith("newsetl run ") and "most mentioned entities:" in out and "Finished in state" not in out
    with sqlite3.connect(os.path.join(env["PREFECT_HOME"], "prefect.db")) as db:
        messages = [m for (m,) in db.execute("SELECT message FROM log")]
    assert any(m.startswith("Finished in state Completed") for m in messages)  # the chatter went to the API

    (inputs / "b.txt").write_text(SEED.read_text().replace("Minsk", "Grodno"))
    out, err = newsetl("run", "--input", str(inputs), "--warehouse", str(wh), "--quiet",
                       env=env).communicate(timeout=600)
    assert err == "" and len(out.splitlines()) == 1 and out.startswith("newsetl run ")

    (inputs / "c.txt").write_text(SEED.read_text().replace("Minsk", "Brest"))
    out, err = newsetl("run", "--input", str(inputs), "--warehouse", str(wh), "--verbose",
                       env=env).communicate(timeout=600)
    assert "Finished in state Completed()" in err


def alive(known: dict[int, int]) -> list[int]:
    """The remembered processes still running (same pid and start time, not a zombie)."""
    found = []
    for pid, started in known.items():
        stat = read_stat(pid)
        try:
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if stat is not None and stat[1] == started and state != "Z":
            found.append(pid)
    return found


def test_ctrl_c_stops_the_run_at_once_and_leaves_nothing_behind(tmp_path, env):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    for i in range(96):  # enough for the worker pool, and for the run to be extracting when Ctrl-C comes
        (inputs / f"{i:02d}.txt").write_text(f"Item {i}.\n\n" + SEED.read_text().replace("Minsk", f"Minsk {i}"))
    run = newsetl("run", "--input", str(inputs), "--warehouse", str(wh), env=env, start_new_session=True)
    seen = []
    while not (line := run.stderr.readline()).startswith("progress: "):  # the flow is running
        assert line, "the run ended before it started extracting: " + "".join(seen)
        seen.append(line)
    deadline = time.monotonic() + 10
    while len(children := find_descendants(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(children) >= 2  # the Prefect server, the workers, the reaper
    os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert err.splitlines()[-1] == INTERRUPTED == "newsetl: interrupted; the warehouse is unchanged"
    assert "Traceback" not in err and "Crash" not in err and out == ""
    deadline = time.monotonic() + 30
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert alive(children) == []
    assert not (wh / ".staging").exists() and not (wh / "manifest.json").exists()
    assert not list(wh.glob("tables/**/*.parquet"))


INTERRUPT_AT = """
import os, signal, sys, time
from pathlib import Path
from flows.command.interrupt import abort_on_interrupt, holding, uninterrupted
root, at = Path(sys.argv[1]), sys.argv[2]
ctrl_c = lambda: os.kill(os.getpid(), signal.SIGINT)
with abort_on_interrupt(), holding(root):
    if at == "during":
        with uninterrupted():
            ctrl_c()
            time.sleep(1)
    if at == "after":
        with uninterrupted():
            pass
    ctrl_c()
    time.sleep(30)
"""


@pytest.mark.parametrize("at,line,staging_kept", [
    ("before", INTERRUPTED, False),
    ("during", INTERRUPTED_AFTER_PUBLISH, True),
    ("after", INTERRUPTED_AFTER_PUBLISH, True),  # e.g. while the summary prints: the run is in the warehouse
])
def test_ctrl_c_says_whether_the_run_was_published(tmp_path, at, line, staging_kept):
    (tmp_path / ".staging").mkdir()
    done = subprocess.run([sys.executable, "-c", INTERRUPT_AT, str(tmp_path), at], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 130 and done.stderr.splitlines() == [line]
    assert (tmp_path / ".staging").exists() == staging_kept
