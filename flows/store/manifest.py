"""The warehouse manifest: which Parquet files (relative to the warehouse) make up each table."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from schemas.tables import TABLES
from transforms.errors import TerminalError

MANIFEST = "manifest.json"
VERSION = 1


class ManifestCorrupt(TerminalError):
    """manifest.json exists but is not a newsetl manifest: nothing may be read, written or deleted."""


@dataclass
class Manifest:
    """Which Parquet files (relative to the warehouse) make up each table, and which were retired when."""

    tables: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in TABLES})
    retired: dict[str, float] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # of each file, recorded when it was published

    def to_json(self) -> str:
        return json.dumps({"version": VERSION, "tables": self.tables, "retired": self.retired,
                           "sha256": self.sha256}, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; raise ValueError when the text is not one (wrong shape, unknown table, odd path)."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError(f"not a version-{VERSION} newsetl manifest")
        tables, retired, hashes = data.get("tables"), data.get("retired", {}), data.get("sha256", {})
        if not all(isinstance(part, dict) for part in (tables, retired, hashes)):
            raise ValueError("'tables', 'retired' and 'sha256' must be objects")
        if unknown := sorted(set(tables) - set(TABLES)):
            raise ValueError(f"unknown table {unknown[0]!r}")
        for name, files in tables.items():
            if not isinstance(files, list) or not all(is_table_file(f) for f in files):
                raise ValueError(f"table {name!r} must list files under tables/")
        if not all(is_table_file(f) and isinstance(at, (int, float)) for f, at in retired.items()):
            raise ValueError("'retired' must map files under tables/ to times")
        if not all(is_table_file(f) and isinstance(h, str) for f, h in hashes.items()):
            raise ValueError("'sha256' must map files under tables/ to hashes")
        return cls({name: list(tables.get(name, [])) for name in TABLES}, dict(retired), dict(hashes))

    def referenced(self) -> set[str]:
        """Every file the manifest still names, live or retired."""
        return {f for files in self.tables.values() for f in files} | set(self.retired)

    def live(self) -> list[str]:
        """Every file the tables are made of now."""
        return [f for files in self.tables.values() for f in files]


def is_table_file(rel) -> bool:
    """Whether a manifest entry is a relative Parquet path under tables/ (nothing outside the warehouse)."""
    return (isinstance(rel, str) and rel.startswith("tables/") and rel.endswith(".parquet")
            and ".." not in rel.split("/"))


def read_manifest(root: Path) -> Manifest:
    """The published manifest (empty for a new warehouse); ManifestCorrupt when it does not parse."""
    path = root / MANIFEST
    try:
        text = path.read_text()
    except FileNotFoundError:
        return Manifest()
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestCorrupt(f"cannot read {path}: {exc}; nothing was changed") from None
    try:
        return Manifest.from_json(text)
    except ValueError as exc:
        raise ManifestCorrupt(f"{path} is not a newsetl manifest ({exc}); nothing was changed: restore it from a "
                              f"backup or move the warehouse aside") from None


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Swap in a new manifest by rename, synced to disk first."""
    write_atomic(root / MANIFEST, manifest.to_json())


def write_atomic(path: Path, text: str) -> None:
    """Write a file beside its final name, fsync it, rename it over the final name."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
