"""Scale-out: the same flow with batches on a Dask cluster writes the same tables as the local runner."""

import os
import subprocess
import sys

import pytest

from tests.flows.test_production import run, snapshot, write_stories

pytestmark = pytest.mark.e2e


def test_dask_runner_matches_local_runner(tmp_path, prefect_server):
    inputs = tmp_path / "in"
    write_stories(inputs, [1, 2, 3, 4, 5])
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "NEWSETL_BATCH_DOCS": "2"}
    done = subprocess.run([sys.executable, "-m", "flows.command.cli", "run", "--input", str(inputs), "--warehouse",
                           str(tmp_path / "dask"), "--runner", "dask", "--workers", "2", "--quiet"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "5 new" in done.stdout
    run(inputs, tmp_path / "local", batch_docs=2)
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")
