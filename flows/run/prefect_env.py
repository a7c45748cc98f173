"""Prefect for newsetl: offline defaults and a quiet console, set before Prefect is imported; checks for `serve`."""

from __future__ import annotations

import os

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
