"""Ctrl-C during `newsetl run`: stop at once, kill the run's processes, drop unpublished files, exit 130.

A terminal sends SIGINT to the whole process group: the workers, Prefect's temporary API server and the run
itself. Left to itself, each child prints a traceback and the run waits a minute for the dead server. Instead,
SIGINT is blocked in the run's main thread before any thread or child exists (children inherit the mask, so
they never see it); a watcher thread takes it with sigwait and has the main thread abort between two of its
steps, where no file is half-written. A publish is never cut: an interrupt during one waits for its end.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

INTERRUPTED = "newsetl: interrupted; the warehouse is unchanged"
INTERRUPTED_AFTER_PUBLISH = "newsetl: interrupted after the run was published; the warehouse holds it"
EXIT_INTERRUPTED = 130
ABORT_SIGNAL = signal.SIGUSR1


class _State:
    """What an abort needs to know: is a publish underway or done, which warehouses does this process hold."""

    def __init__(self) -> None:
        self.installed = False
        self.critical = 0
        self.pending = False
        self.published = False
        self.held: list[Path] = []


_state = _State()


@contextmanager
def abort_on_interrupt():
    """While inside: SIGINT (Ctrl-C) aborts the run at once (enter first, before any thread or child exists)."""
    if _state.installed:
        yield
        return
    from multiprocessing import resource_tracker

    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, ABORT_SIGNAL)}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    signal.signal(ABORT_SIGNAL, _on_abort_signal)
    signal.signal(signal.SIGINT, _on_abort_signal)  # should a thread started before the block take it
    # started now, as starting it unblocks SIGINT in the starting thread (else: the first worker pool's)
    resource_tracker.ensure_running()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    stop = threading.Event()
    main = threading.main_thread().ident

    def watch() -> None:
        signal.sigwait({signal.SIGINT})
        if not stop.is_set():
            signal.pthread_kill(main, ABORT_SIGNAL)

    watcher = threading.Thread(target=watch, name="newsetl-interrupt", daemon=True)
    watcher.start()
    _state.installed, _state.published = True, False
    try:
        yield
    finally:
        stop.set()
        if watcher.is_alive():
            signal.pthread_kill(watcher.ident, signal.SIGINT)  # wakes the watcher, which then ends
        watcher.join()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _state.installed = False


def _on_abort_signal(signum, frame) -> None:
    if _state.critical:
        _state.pending = True
        return
    abort(published=_state.published)


@contextmanager
def uninterrupted():
    """A section an interrupt must not cut (the publish): an interrupt during it takes effect at its end.

    Once one has ended without an error, the run is published: a later interrupt says so and drops nothing.
    """
    _state.critical += 1
    try:
        yield
        _state.published = True
    finally:
        _state.critical -= 1
    if _state.pending and not _state.critical:
        abort(published=_state.published)


@contextmanager
def holding(root: Path):
    """Note that this process holds the run lock of the warehouse at root (its staging is ours to drop)."""
    _state.held.append(root)
    try:
        yield
    finally:
        _state.held.remove(root)


def abort(*, published: bool) -> None:
    """Kill this run's child processes, drop its unpublished files, print one line and exit 130."""
    kill_children()
    if not published:
        from flows.store.publish import clean_staging

        for root in list(_state.held):
            try:
                clean_staging(root)
            except Exception:  # noqa: BLE001 - the next run cleans up as well; the exit must not fail
                pass
    print(INTERRUPTED_AFTER_PUBLISH if published else INTERRUPTED, file=sys.stderr, flush=True)
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001 - a closed pipe must not hide the exit code
        pass
    os._exit(EXIT_INTERRUPTED)


def kill_children() -> None:
    """SIGKILL this process's descendants in its own session (the reaper, in its own session, stays)."""
    from flows.run.reaper import find_descendants

    session = os.getsid(0)
    for pid in find_descendants(os.getpid()):
        try:
            if os.getsid(pid) == session:
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
