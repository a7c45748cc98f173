import httpx
import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.run.prefect_env import TemporaryServer, configure_prefect


def test_no_server_is_started_when_the_environment_names_an_api(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    server = TemporaryServer().start()
    assert server.process is None and server.wait() is None


def test_the_server_is_stopped_when_prefect_settings_name_an_api(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    server = TemporaryServer().start()  # a profile's API is seen only once Prefect reads its settings
    process = server.process
    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        assert server.wait() is None
    assert process is not None and process.poll() is not None and server.process is None


@pytest.mark.e2e
def test_the_early_server_answers_then_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    configure_prefect()
    server = TemporaryServer().start()
    try:
        with temporary_settings(restore_defaults={PREFECT_API_URL}):  # no API, not even the test harness's
            url = server.wait()
        assert url is not None and httpx.get(f"{url}/health").status_code == 200
        process = server.process
    finally:
        server.stop()
    assert process.poll() is not None and server.process is None
