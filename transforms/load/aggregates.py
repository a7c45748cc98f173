"""Running totals the analyst views read instead of scanning every fact: computed from one batch's tables.

Each entity_counts row totals one entity's facts in one version of one input file (as written by one run), so
the rows of a replaced or deleted file leave the current state by the same rule as its documents: nothing is
ever subtracted. entity_totals adds up each entity's current entity_counts rows, one new version per run that
changes them: what a run adds is added to the previous totals; an entity named in a file version that leaves
(or comes back to) the current state is counted again from its current entity_counts rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from schemas.tables import TABLES

VERSION_KEYS = ["source_path", "content_sha256", "run_id"]
KEYS = [*VERSION_KEYS, "entity_id"]


def count_entity_facts(documents: pa.Table, mentions: pa.Table, events: pa.Table, quotes: pa.Table) -> pa.Table:
    """entity_counts rows of a batch: per file version and entity, mentions, documents, events, quotes, and the
    first and last time a document naming it was seen (published, else ingested)."""
    seen = pc.coalesce(documents["published_at"], documents["ingested_at"])
    docs = documents.select(["doc_id", *VERSION_KEYS]).append_column("seen_at", seen)
    per_doc = mentions.select(["doc_id", "entity_id"]).group_by(["doc_id", "entity_id"], use_threads=False) \
        .aggregate([("entity_id", "count")]).rename_columns(["doc_id", "entity_id", "n"])
    named = per_doc.join(docs, "doc_id", join_type="inner", use_threads=False).group_by(KEYS, use_threads=False) \
        .aggregate([("n", "sum"), ("doc_id", "count"), ("seen_at", "min"), ("seen_at", "max")]) \
        .rename_columns([*KEYS, "mentions", "documents", "first_seen", "last_seen"])
    roles = [events.select(["doc_id", "event_id", col]).rename_columns(["doc_id", "event_id", "entity_id"])
             for col in ("actor_entity_id", "target_entity_id")]
    acted = pa.concat_tables(roles)
    acted = acted.filter(pc.is_valid(acted["entity_id"])).group_by(["doc_id", "event_id", "entity_id"],
                                                                    use_threads=False).aggregate([])
    in_events = count_by_version(acted, docs, "events")
    spoken = quotes.select(["doc_id", "quote_id", "speaker_entity_id"]).rename_columns(
        ["doc_id", "quote_id", "entity_id"])
    in_quotes = count_by_version(spoken.filter(pc.is_valid(spoken["entity_id"])), docs, "quotes")
    out = named.join(in_events, KEYS, join_type="full outer", use_threads=False) \
        .join(in_quotes, KEYS, join_type="full outer", use_threads=False)
    schema = TABLES["entity_counts"].arrow_schema
    columns = {c: pc.fill_null(out[c], 0) if c in ("mentions", "documents", "events", "quotes") else out[c]
               for c in schema.names}
    table = pa.table(columns).cast(schema)
    return table.sort_by([(k, "ascending") for k in KEYS])


def count_by_version(rows: pa.Table, docs: pa.Table, name: str) -> pa.Table:
    """Rows (doc_id, entity_id, ...) counted per file version and entity, in a column called name."""
    keyed = rows.select(["doc_id", "entity_id"]).join(docs, "doc_id", join_type="inner", use_threads=False)
    return keyed.group_by(KEYS, use_threads=False).aggregate([("doc_id", "count")]).rename_columns([*KEYS, name])


# How each running-totals table combines its rows: its key, and per column the aggregate that adds two rows up
TOTALS = {
    "entity_totals": (("entity_id",), {"mentions": "sum", "documents": "sum", "events": "sum", "quotes": "sum",
                                       "first_seen": "min", "last_seen": "max"}),
    "pair_totals": (("entity_id_a", "entity_id_b"), {"sentences": "sum", "documents": "sum"}),
}
KEY_SEPARATOR = "\x1f"


def key_values(table: pa.Table, keys: Iterable[str]) -> pa.Array:
    """One value per row identifying its key (the column itself, or the key columns joined)."""
    columns = [table[k].combine_chunks() if isinstance(table[k], pa.ChunkedArray) else table[k] for k in keys]
    if len(columns) == 1:
        return columns[0]
    return pc.binary_join_element_wise(*columns, KEY_SEPARATOR)


def count_pairs(cooccurrences: pa.Table) -> pa.Table:
    """pair_totals columns of a batch (without recorded_at): per pair, the sentences and documents naming both."""
    keys = list(TOTALS["pair_totals"][0])
    counted = cooccurrences.select(["doc_id", *keys]).group_by(keys, use_threads=False).aggregate(
        [("doc_id", "count"), ("doc_id", "count_distinct")])
    return pa.table({**{k: counted[k] for k in keys}, "sentences": counted["doc_id_count"],
                     "documents": counted["doc_id_count_distinct"]}).sort_by([(k, "ascending") for k in keys])


def total_facts(name: str, previous: pa.Table, added: pa.Table, recounted: pa.Table, recount: pa.Table,
                now: datetime) -> pa.Table:
    """Rows of running-totals table name a run writes, recorded at now: one per key it added to or must count
    again.

    previous: the latest rows of (at least) the keys in `added`; added: the run's counts; recount: the keys of
    facts in a file version the run retires or brings back; recounted: the current counts of those keys (the run's
    included), summed or not. A key left without facts gets zeros.
    """
    keys, aggregates = TOTALS[name]
    schema = TABLES[name].arrow_schema
    plain = pa.schema([pa.field(f.name, f.type) for f in schema if f.name != "recorded_at"])
    again = key_values(recount, keys).unique()

    def outside(t: pa.Table) -> pa.Table:
        return t.filter(pc.invert(pc.is_in(key_values(t, keys), again)))

    previous = previous.filter(pc.is_in(key_values(previous, keys), key_values(added, keys)))
    parts = [outside(t.select(plain.names).cast(plain)) for t in (previous, added)]
    recounted = recounted.select(plain.names).cast(plain)
    parts.append(recounted.filter(pc.is_in(key_values(recounted, keys), again)))
    grouped = pa.concat_tables(parts).group_by(list(keys), use_threads=False).aggregate(list(aggregates.items()))
    totals = pa.table({c: grouped[c] if c in keys else grouped[f"{c}_{aggregates[c]}"] for c in plain.names})
    gone = recount.select(list(keys)).group_by(list(keys), use_threads=False).aggregate([])
    gone = gone.filter(pc.invert(pc.is_in(key_values(gone, keys), key_values(totals, keys))))
    zeros = pa.table({c: gone[c] if c in keys else (pa.array([0] * gone.num_rows, plain.field(c).type)
                      if aggregates[c] == "sum" else pa.nulls(gone.num_rows, plain.field(c).type))
                      for c in plain.names}, schema=plain)
    out = pa.concat_tables([totals.cast(plain), zeros])
    out = out.append_column("recorded_at", pa.array([now] * out.num_rows, schema.field("recorded_at").type))
    return out.cast(schema).sort_by([(k, "ascending") for k in keys])


def total_entity_facts(previous: pa.Table, added: pa.Table, recounted: pa.Table, recount: Iterable[str],
                       now: datetime) -> pa.Table:
    """entity_totals rows of a run (see total_facts): added are the run's entity_counts rows, recount entity ids."""
    ids = pa.table({"entity_id": pa.array(sorted(set(recount)), pa.string())})
    return total_facts("entity_totals", previous, added, recounted, ids, now)
