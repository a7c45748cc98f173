"""The scheduled deployment: `newsetl serve` against a real Prefect server, triggered through the API."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent

TRIGGER = """
import asyncio, sys
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment

async def schedules():
    async with get_client() as client:
        for _ in range(240):  # the serve process registers the deployment once it has started
            try:
                d = await client.read_deployment_by_name("newsetl/scheduled")
                return [s.schedule.cron for s in d.schedules]
            except Exception:
                await asyncio.sleep(0.5)
        raise SystemExit("deployment never appeared")

print("schedules", asyncio.run(schedules()))
run = run_deployment("newsetl/scheduled", timeout=240)
print("state", run.state.type.value)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_served_deployment_has_its_schedule_and_runs(tmp_path):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(SEED.read_bytes())
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": url,
           "PREFECT_RUNNER_POLL_FREQUENCY": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "NEWSETL_N_PROCESS": "1"}
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port),
                               "--no-ui"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    serve = None
    try:
        wait_for(lambda: urllib.request.urlopen(f"{url}/health", timeout=2).status == 200, 90, "the Prefect server")
        serve = subprocess.Popen([sys.executable, "-m", "flows.command.cli", "serve", "--input", str(inputs), "--warehouse",
                                  str(wh), "--cron", "0 3 * * *"], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        out = subprocess.run([sys.executable, "-c", TRIGGER], env=env, capture_output=True, text=True, timeout=300)
        assert "schedules ['0 3 * * *']" in out.stdout, out.stdout + out.stderr[-2000:]
        assert "state COMPLETED" in out.stdout, out.stdout + out.stderr[-2000:]
        con = duckdb.connect(str(wh / "newsetl.duckdb"), read_only=True, config={"file_search_path": str(wh)})
        assert con.sql("SELECT count(*) FROM documents").fetchall() == [(1,)]
        assert con.sql("SELECT count(*) FROM entities WHERE name = 'Minsk'").fetchall() == [(1,)]
        con.close()
    finally:
        if serve is not None:
            os.killpg(serve.pid, signal.SIGTERM)
            serve.wait(timeout=30)
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
