"""Children die with their run: a watchdog process kills a run's descendants when the run dies, even by kill -9.

Prefect's temporary API server and the extraction workers are child processes; a killed parent leaves them
running (holding a port and ~300 MB each). Process groups would change who receives Ctrl-C, and a parent-death
signal fires when the spawning *thread* ends, so the watchdog instead remembers the run's descendants (pid and
start time, so a reused pid is never hit) and SIGKILLs the ones still alive once its parent is gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

PROC = Path("/proc")
POLL_SECONDS = 1.0
_started_for: int | None = None


def start_reaper() -> None:
    """Start, once per process, the watchdog that kills this process's descendants when it dies (Linux only)."""
    global _started_for
    if _started_for == os.getpid() or not (PROC / "self" / "stat").exists():
        return
    # its own session: a Ctrl-C to the run's process group must not stop the watchdog before it has cleaned up
    subprocess.Popen([sys.executable, "-m", "flows.run.reaper", str(os.getpid())], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    _started_for = os.getpid()


def read_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a process, None when it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the command name may hold spaces and parentheses
    return int(fields[1]), int(fields[19])


def find_descendants(parent: int) -> dict[int, int]:
    """Every live descendant of parent: pid -> start time."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := read_stat(int(entry.name))) is not None:
            children.setdefault(stat[0], []).append((int(entry.name), stat[1]))
    found, todo = {}, [parent]
    while todo:
        for pid, started in children.get(todo.pop(), []):
            if pid not in found:
                found[pid] = started
                todo.append(pid)
    return found


def kill_known(known: dict[int, int]) -> None:
    """SIGKILL the remembered processes that are still the same processes."""
    for pid, started in known.items():
        stat = read_stat(pid)
        if stat is not None and stat[1] == started and pid != os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def watch_parent(interval: float = POLL_SECONDS) -> None:
    """In a worker: a daemon thread that ends this process when the process that started it is gone."""
    parent = os.getppid()

    def poll() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=poll, name="newsetl-parent-watch", daemon=True).start()


def watch(parent: int) -> None:
    """Remember parent's descendants while it lives; kill the survivors when it is gone."""
    known: dict[int, int] = {}
    while os.getppid() == parent:
        alive = find_descendants(parent)
        alive.pop(os.getpid(), None)
        known = {pid: s for pid, s in known.items() if (st := read_stat(pid)) is not None and st[1] == s} | alive
        time.sleep(POLL_SECONDS)
    grandchildren = {pid: s for orphan in known for pid, s in find_descendants(orphan).items()}
    kill_known(known | grandchildren)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch(int(sys.argv[1]))
