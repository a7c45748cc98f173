"""Prefect for newsetl: offline defaults and a quiet console, set before Prefect is imported; checks for `serve`."""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from flows.command.failures import NO_SERVER_HINT
from transforms.errors import SettingsError

# Measured in FACTS.md: telemetry tries the internet; bursts of task runs stall the SQLite API server.
OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "50",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE": "50",
}
# Prefect's console handler (logging.yml `handlers.console`) prints its task-run chatter to the terminal; the
# same records still reach the API through its `api` handler. Raised to CRITICAL (which Prefect does not use for
# its run logs) unless --verbose; a number is not accepted there (dictConfig fails and Prefect's logging is lost).
QUIET_CONSOLE = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}


def configure_prefect(verbose: bool = False) -> None:
    """Set Prefect's offline defaults (and, unless verbose, a silent console) where the user has not."""
    for key, value in (OFFLINE_DEFAULTS | ({} if verbose else QUIET_CONSOLE)).items():
        os.environ.setdefault(key, value)


def check_cron(cron: str) -> None:
    """Refuse, in one line, a cron schedule Prefect would not take (before anything starts)."""
    from pydantic import ValidationError

    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValidationError as exc:
        reason = exc.errors()[0].get("msg", "invalid").removeprefix("Value error, ") if exc.errors() else "invalid"
        raise SettingsError(f"--cron {cron!r} is not a valid cron schedule ({reason}); "
                            "e.g. \"*/15 * * * *\" is every 15 minutes") from None


def find_api_url(timeout: float = 5.0) -> str:
    """The Prefect API a served deployment registers with; one line saying how to start one if none answers."""
    import httpx

    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise SettingsError(f"serve needs a running Prefect server (PREFECT_API_URL is not set): "
                            f"{NO_SERVER_HINT}")
    try:
        httpx.get(url.rstrip("/") + "/health", timeout=timeout)  # any answer will do: someone is serving there
    except httpx.TransportError as exc:
        raise SettingsError(f"no Prefect server answers at {url} ({type(exc).__name__}): {NO_SERVER_HINT}") from None
    return url


class TemporaryServer:
    """Prefect's temporary API server, as a flow without an API starts it, but started first thing: it boots
    (4-10 s) while the run imports Prefect and its modules and its workers load the model, not after."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.url: str | None = None

    def start(self) -> TemporaryServer:
        """Start the server's process unless the environment names an API (Prefect is not imported yet: a
        profile's API is seen by `wait`)."""
        if os.environ.get("PREFECT_API_URL"):
            return self
        port = free_port()
        app_dir = Path(importlib.util.find_spec("prefect").origin).parent.parent
        # the command and environment of prefect.server.api.server.SubprocessASGIServer; Prefect's own settings
        # (profile, prefect.toml) the server reads itself, as this process has set none yet
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level",
             "error", "--lifespan", "on"], env=env)
        self.url = f"http://127.0.0.1:{port}/api"
        atexit.register(self.stop)  # at exit, as Prefect does: its log and event workers flush to it first
        return self

    def wait(self) -> str | None:
        """The server's API URL once it answers; None if Prefect's settings name another API (the server is
        stopped) or it did not start (the flow then starts Prefect's own)."""
        import httpx

        from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

        if PREFECT_API_URL.value():
            self.stop()
        if self.process is None:
            return None
        deadline = time.monotonic() + float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        with httpx.Client() as client:
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if client.get(f"{self.url}/health").status_code == 200:
                        return self.url
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        self.stop()
        return None

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s)."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def free_port() -> int:
    """A local TCP port free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
