"""The progress display of `newsetl run`: a rich bar on a terminal, rate-limited plain lines in a log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager

PLAIN_EVERY_SECONDS = 5.0  # a log gets at most one progress line this often (plus the first and the last)


def format_duration(seconds: float | None) -> str:
    """A short human duration: '42 s', '3 min 05 s', '2 h 07 min'; '?' when unknown."""
    if seconds is None:
        return "?"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def format_speed(done: int, total: int, seconds: float) -> str:
    """Documents per second so far and the time left at that pace."""
    rate = done / seconds if seconds > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else None
    return f"{rate:.1f} documents/s, ETA {format_duration(eta)}"


def format_progress(done: int, total: int, seconds: float, started_at: int = 0) -> str:
    """One plain progress line; the pace counts only documents done after `started_at` (skipped ones are not work)."""
    percent = 100 * done // total if total else 100
    speed = format_speed(done - started_at, total - started_at, seconds)
    return f"progress: {done}/{total} documents ({percent}%), {speed}"


class PlainProgress:
    """A (done, total) callback printing plain lines: the first, at most one every `every` seconds, the last."""

    def __init__(self, stream, clock: Callable[[], float] = time.monotonic, every: float = PLAIN_EVERY_SECONDS):
        self.stream, self.clock, self.every = stream, clock, every
        self.started: float | None = None
        self.first_done = 0
        self.printed: float | None = None
        self.finished = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started, self.first_done = now, done
        last = done >= total
        if self.finished or (self.printed is not None and not last and now - self.printed < self.every):
            return
        print(format_progress(done, total, now - self.started, self.first_done), file=self.stream, flush=True)
        self.printed, self.finished = now, last


@contextmanager
def show_progress(stream, enabled: bool = True, clock: Callable[[], float] = time.monotonic):
    """A progress callback (done, total) for run_pipeline: a rich bar on a terminal, plain lines otherwise."""
    if not enabled:
        yield None
    elif stream.isatty():
        with rich_progress(stream, clock) as update:
            yield update
    else:
        yield PlainProgress(stream, clock)


@contextmanager
def rich_progress(stream, clock: Callable[[], float] = time.monotonic):
    """A rich bar with documents/s and ETA, redrawn at every (done, total) call; log lines (--verbose) go above it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.theme import Theme

    console = find_log_console(stream) or Console(file=stream)
    console.push_theme(Theme())  # rich's default styles for the bar, over the log handler's own theme
    progress = Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[rate]}"), console=console)
    task = progress.add_task("documents", total=None, rate="", start=False)
    first: list[tuple[float, int]] = []

    def update(done: int, total: int) -> None:
        now = clock()
        first[:] = first or [(now, done)]
        started, first_done = first[0]
        speed = format_speed(done - first_done, total - first_done, now - started)
        progress.update(task, completed=done, total=total, rate=speed)
        if not progress.live.is_started:
            progress.start_task(task)
            progress.start()
        progress.refresh()

    try:
        yield update
    finally:
        progress.stop()
        console.pop_theme()


def find_log_console(stream):
    """The rich Console a logging handler (Prefect's) prints to `stream` with, so its lines go above the bar."""
    loggers = [logging.getLogger(), *(v for v in list(logging.Logger.manager.loggerDict.values())
                                      if isinstance(v, logging.Logger))]
    consoles = (getattr(h, "console", None) for logger in loggers for h in logger.handlers)
    return next((c for c in consoles if c is not None and getattr(c, "file", None) is stream), None)
