"""Prefect defaults for an offline laptop, applied before Prefect is imported."""

from __future__ import annotations

import os

# Measured in FACTS.md: telemetry tries the internet; bursts of task runs stall the SQLite API server.
OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "50",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE": "50",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
}


def configure_prefect() -> None:
    """Set Prefect's offline defaults unless the user set them."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
