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
