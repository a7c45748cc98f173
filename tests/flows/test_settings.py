import os
from pathlib import Path

import pytest

from flows.settings import Settings, load_settings
from transforms.errors import SettingsError


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}) == Settings()


def test_precedence_flag_env_file_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsetl.toml").write_text('[newsetl]\ninput = "from_file"\nbatch_docs = 7\nmodel = "en_core_web_sm"\n')
    env = {"NEWSETL_INPUT": "from_env", "NEWSETL_BATCH_DOCS": "9"}
    s = load_settings({"input": Path("from_flag")}, env=env)
    assert (s.input, s.batch_docs, s.model) == (Path("from_flag"), 9, "en_core_web_sm")
    s = load_settings({"input": None}, env=env)
    assert s.input == Path("from_env")
    assert load_settings(env={}).input == Path("from_file")


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().input = Path("x")


@pytest.mark.parametrize("env,message", [
    ({"NEWSETL_BATCH_DOCS": "many"}, "not a valid int"),
    ({"NEWSETL_BATCH_DOCS": "0"}, "must be positive"),
    ({"NEWSETL_RUNNER": "spark"}, "not one of"),
    ({"NEWSETL_DETECT_DUPLICATES": "maybe"}, "not true or false"),
    ({"NEWSETL_MAX_FILE_BYTES": "-1"}, "must not be negative"),
    ({"NEWSETL_EVENT_MIN_CONFIDENCE": "1.5"}, "between 0 and 1"),
    ({"NEWSETL_CONFIG": "/nonexistent/newsetl.toml"}, "does not exist"),
    ({"NEWSETL_SQL_TIMEOUT_SECONDS": "-5"}, "must not be negative"),
    ({"NEWSETL_SQL_MEMORY_LIMIT": "lots"}, "not a size like 4GiB"),
])
def test_invalid_settings_fail_clearly(tmp_path, monkeypatch, env, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=message):
        load_settings(env=env)


def test_unknown_key_in_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsetl.toml").write_text("[newsetl]\ninputs = 'x'\n")
    with pytest.raises(SettingsError, match="unknown setting 'inputs'"):
        load_settings(env={})


@pytest.mark.parametrize("text,value", [("false", False), ("0", False), ("yes", True), ("TRUE", True)])
def test_boolean_settings(tmp_path, monkeypatch, text, value):
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={"NEWSETL_DETECT_DUPLICATES": text}).detect_duplicates is value


@pytest.mark.parametrize("env,timeout,memory", [
    ({}, 300.0, None),
    ({"NEWSETL_SQL_TIMEOUT_SECONDS": "2.5", "NEWSETL_SQL_MEMORY_LIMIT": "4GiB"}, 2.5, "4GiB"),
    ({"NEWSETL_SQL_MEMORY_LIMIT": "500 MB"}, 300.0, "500 MB"),
])
def test_sql_limits(tmp_path, monkeypatch, env, timeout, memory):
    monkeypatch.chdir(tmp_path)
    s = load_settings(env=env)
    assert s.sql_timeout_seconds == timeout
    if memory is None:  # the default: a quarter of the machine's memory
        ram_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
        assert s.sql_memory() == f"{ram_mib // 4}MiB"
    else:
        assert s.sql_memory() == memory
