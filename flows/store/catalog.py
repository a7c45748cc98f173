"""The DuckDB catalog (newsetl.duckdb): views over the Parquet files by warehouse-relative paths.

DuckDB 2.0 resolves a relative path in a view against the `file_search_path` setting, else against the process's
working directory (never against the database file), so every connection newsetl opens sets `file_search_path`
to the warehouse folder; the catalog itself stores no absolute path and the folder can be copied or moved.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from flows.store.manifest import Manifest
from schemas.analyst import DEFAULT_MIN_EVENT_CONFIDENCE, VIEWS, render_analyst_views
from schemas.tables import RETIRED_DOCUMENTS, TABLES
from schemas.views import history_name, quote_ident, render_views
from transforms.errors import NewsetlError, TerminalError, TransientError

CATALOG = "newsetl.duckdb"
# Every view reads the same few files: parse each Parquet footer once per connection (big files have thousands
# of row groups; binding ~30 views re-read them, 2.7 s at 1M documents).
CACHE_FOOTERS = "SET parquet_metadata_cache = true"


class CatalogInvalid(TransientError):
    """A freshly built catalog does not open or lacks views (e.g. a full disk): it is not put in place."""


def expected_views() -> set[str]:
    """Every view (or materialized table) the catalog must hold: each table, its history view, each analyst
    view."""
    names = {t.name for t in TABLES.values()} | {history_name(t) for t in TABLES.values() if t.current}
    return names | set(VIEWS) | {RETIRED_DOCUMENTS}


def reader_config(root: Path) -> dict[str, str]:
    """DuckDB settings under which the catalog's relative paths resolve to the warehouse at root."""
    return {"file_search_path": str(root.resolve())}


def write_catalog(root: Path, manifest: Manifest, tmp_dir: Path,
                  event_min_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE) -> None:
    """Build the catalog in tmp_dir, check it opens and lists every view, then rename it over the live one."""
    tmp = tmp_dir / f"{CATALOG}.{os.getpid()}"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp), config=reader_config(root))
    try:
        con.execute(CACHE_FOOTERS)
        for statement in render_views(manifest.tables) + render_analyst_views(event_min_confidence):
            con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    verify_catalog(tmp, root)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, root / CATALOG)
    fsync_folder(root)


def verify_catalog(path: Path, root: Path) -> None:
    """Raise CatalogInvalid unless the catalog at path opens read-only and every view binds."""
    try:
        con = duckdb.connect(str(path), read_only=True, config=reader_config(root))
    except duckdb.Error as exc:
        raise CatalogInvalid(f"the new catalog {path} does not open ({exc}); the previous one stays") from None
    try:
        con.execute(CACHE_FOOTERS)
        present = {name for (name,) in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal UNION ALL "
                                               "SELECT table_name FROM duckdb_tables()").fetchall()}
        if missing := sorted(expected_views() - present):
            raise CatalogInvalid(f"the new catalog {path} lacks views {', '.join(missing)}; the previous one stays")
        for name in sorted(present):
            con.sql(f"SELECT * FROM {quote_ident(name)} LIMIT 0").fetchall()
    except duckdb.Error as exc:
        raise CatalogInvalid(f"the new catalog {path} does not answer ({exc}); the previous one stays") from None
    finally:
        con.close()


def fsync_folder(folder: Path) -> None:
    """Make renames in a folder durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def connect_catalog(root: Path, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the catalog, retrying briefly if a publish is in progress."""
    path = root / CATALOG
    if not path.exists():
        raise TerminalError(f"no warehouse at {root}: run `newsetl run` first")
    for attempt in range(retries):
        try:
            con = duckdb.connect(str(path), read_only=True, config=reader_config(root))
            con.execute(CACHE_FOOTERS)
            return con
        except duckdb.IOException as exc:
            if attempt == retries - 1:
                raise TransientError(f"cannot open {path}: {exc}") from exc
            time.sleep(0.1 * (attempt + 1))
    raise NewsetlError("unreachable")
