import httpx
import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.run.prefect_env import TemporaryServer, configure_prefect


def test_no_server_is_started_when_an_api_is_configured():
    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        server = TemporaryServer().start()
    assert server.process is None and server.wait() is None


@pytest.mark.e2e
def test_the_early_server_answers_then_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    configure_prefect()
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        server = TemporaryServer().start()
    try:
        url = server.wait()
        assert url is not None and httpx.get(f"{url}/health").status_code == 200
        process = server.process
    finally:
        server.stop()
    assert process.poll() is not None and server.process is None
