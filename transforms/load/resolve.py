"""Corpus-wide entity ids: one id per real-world entity, stable across runs."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

from schemas.tables import ENTITIES, ENTITY_KEYS
from transforms.extract import gazetteer
from transforms.extract.entities import initials, normalize_name
from transforms.records import EPOCH, LocalEntity



def entity_key(name: str, type_: str) -> str:
    """Corpus key of a name: countries by ISO code, other names by their normalized form whatever the type (one
    name is one entity across the corpus; its type is decided by the corpus vote)."""
    if type_ in ("GPE", "LOC") and (country := gazetteer.lookup_country(name)):
        return f"country:{country.country_code}"
    return f"name:{normalize_name(name)}"


def is_fuller_name(new: str, old: str) -> bool:
    """Whether a name completes another: a surname's full name ('Howard' -> 'Michael Howard') or an acronym's
    expansion ('ADB' -> 'Asian Development Bank'); not a longer name that starts with it ('BBC Radio 4')."""
    new_words, old_words = normalize_name(new).split(), normalize_name(old).split()
    if len(new_words) <= len(old_words):
        return False
    return new_words[-len(old_words):] == old_words or initials(new) == old.replace(".", "").upper()


def make_entity_id(key: str) -> str:
    """Deterministic id from the first key an entity was seen under."""
    return "E" + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def _singular_key(name: str, type_: str) -> str | None:
    """Key of the singular of a one-word plural name ('Oscars' -> 'Oscar'); people and groups excepted."""
    if type_ in ("PERSON", "NORP") or " " in name.strip() or not name.endswith("s") or len(name) < 5:
        return None
    return entity_key(name[:-1], type_)


def _alias_keys(name: str, aliases, type_: str) -> list[str]:
    # A bare surname is too ambiguous to join two documents' people.
    return [entity_key(a, type_) for a in aliases if type_ != "PERSON" or len(a.split()) > 1]


def registered_keys(name: str, aliases, type_: str) -> list[str]:
    """Every key an entity row is found under: its name's, its aliases' and its singular's."""
    keys = [entity_key(name, type_), *_alias_keys(name, aliases, type_)]
    if (singular := _singular_key(name, type_)) is not None:
        keys.append(singular)
    return list(dict.fromkeys(keys))


def lookup_keys(entity: LocalEntity) -> list[str]:
    """Every key `assign` may look a document's entity up under."""
    keys = [entity_key(entity.name, entity.type), *(entity_key(a, entity.type) for a in entity.aliases)]
    if (singular := _singular_key(entity.name, entity.type)) is not None:
        keys.append(singular)
    return list(dict.fromkeys(keys))


@dataclass
class EntityIndex:
    """All entities known to the warehouse, by id and by name key."""

    rows: dict[str, dict] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    votes: dict[str, Counter] = field(default_factory=dict)  # entity id -> mentions typed so, by document
    names: dict[str, Counter] = field(default_factory=dict)  # entity id -> mentions under each document name
    stored: dict[str, tuple] = field(default_factory=dict)  # entity id -> its row as the warehouse holds it

    @classmethod
    def from_table(cls, table: pa.Table | None) -> EntityIndex:
        """Rebuild the index from a published entities table."""
        index = cls()
        if table is not None:
            index.load(table, {})
        return index

    def load(self, table: pa.Table, key_map: dict[str, str]) -> None:
        """Add stored entity rows (sorted by id, as a full load registers them) and the stored owner of each
        looked-up key, which precedes whatever this run registered under it."""
        for row in sorted(table.to_pylist(), key=lambda r: r["entity_id"]):
            if row["entity_id"] in self.rows:
                continue
            row.pop("recorded_at", None)
            row["aliases"] = set(row["aliases"] or ())
            self.rows[row["entity_id"]] = row
            self.stored[row["entity_id"]] = _frozen(row)
            self.votes[row["entity_id"]] = Counter({row["type"]: 1})  # earlier runs' counts are not stored
            self.names[row["entity_id"]] = Counter({row["name"]: 1})
            self._register(row["entity_id"], row["name"], row["aliases"], row["type"])
        self.by_key.update(key_map)

    def _register(self, entity_id: str, name: str, aliases, type_: str) -> None:
        for key in registered_keys(name, aliases, type_):
            self.by_key.setdefault(key, entity_id)

    def assign(self, entity: LocalEntity, run_id: str) -> str:
        """The corpus id of a document's entity, creating or enriching the corpus entry."""
        key = entity_key(entity.name, entity.type)
        entity_id = self.by_key.get(key)
        if entity_id is None and (singular := _singular_key(entity.name, entity.type)) is not None:
            entity_id = self.by_key.get(singular)  # "Oscars" in one story, "Oscar" in another
        if entity_id is None:
            for alias in entity.aliases:
                hit = self.by_key.get(entity_key(alias, entity.type))
                if hit and (entity.type != "PERSON" or len(alias.split()) > 1
                            or normalize_name(self.rows[hit]["name"]) == normalize_name(alias)):
                    entity_id = hit
                    break
        if entity_id is None:
            entity_id = make_entity_id(key)
            self.rows[entity_id] = {
                "entity_id": entity_id, "name": entity.name, "type": entity.type,
                "country_code": entity.country_code, "aliases": set(), "first_run_id": run_id,
            }
        row = self.rows[entity_id]
        votes = self.votes.setdefault(entity_id, Counter())
        votes[entity.type] += max(1, entity.n_mentions)
        if votes[entity.type] > votes[row["type"]]:
            row["type"] = entity.type  # the corpus outweighs one document's label
        names = {entity.name, *entity.aliases, row["name"]}
        names_seen = self.names.setdefault(entity_id, Counter())
        names_seen[entity.name] += max(1, entity.n_mentions)
        if (is_fuller_name(entity.name, row["name"]) and row["type"] == entity.type
                and names_seen[entity.name] >= names_seen[row["name"]]):
            row["name"] = entity.name  # a fuller name, once it is used as often as the current one
        row["aliases"] |= names - {row["name"]}
        row["country_code"] = row["country_code"] or entity.country_code
        self._register(entity_id, entity.name, entity.aliases, entity.type)
        return entity_id

    def changed(self) -> list[dict]:
        """Rows new or changed since they were loaded, sorted by id (what a run appends)."""
        return [dict(r, aliases=sorted(r["aliases"])) for i, r in sorted(self.rows.items())
                if self.stored.get(i) != _frozen(r)]

    def to_table(self, now: datetime = EPOCH, *, only_changed: bool = False) -> pa.Table:
        """The entities table (or its new versions), sorted by id, each row recorded at now."""
        rows = self.changed() if only_changed else [dict(r, aliases=sorted(r["aliases"]))
                                                     for _, r in sorted(self.rows.items())]
        return pa.Table.from_pylist([dict(r, recorded_at=now) for r in rows], schema=ENTITIES.arrow_schema)

    def keys_table(self, rows: list[dict], now: datetime = EPOCH) -> pa.Table:
        """The entity_keys rows of entity versions."""
        keys = [{"key": k, "entity_id": r["entity_id"], "recorded_at": now}
                for r in rows for k in registered_keys(r["name"], r["aliases"], r["type"])]
        return pa.Table.from_pylist(keys, schema=ENTITY_KEYS.arrow_schema)


def _frozen(row: dict) -> tuple:
    return (row["name"], row["type"], row["country_code"], frozenset(row["aliases"]), row["first_run_id"])
