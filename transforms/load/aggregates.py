"""Running totals the analyst views read instead of scanning every fact: computed from one batch's tables.

Each entity_counts row totals one entity's facts in one version of one input file (as written by one run), so
the rows of a replaced or deleted file leave the current state by the same rule as its documents: nothing is
ever subtracted. entity_totals adds up each entity's current entity_counts rows, one new version per run that
changes them: what a run adds is added to the previous totals; an entity named in a file version that leaves
(or comes back to) the current state is counted again from its current entity_counts rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from datetime import datetime

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


COUNTS = ["mentions", "documents", "events", "quotes"]


def total_entity_facts(previous: pa.Table, added: pa.Table, recounted: pa.Table, recount: Iterable[str],
                       now: datetime) -> pa.Table:
    """entity_totals rows of a run, recorded at now: one per entity it added facts to or must count again.

    previous: the latest entity_totals rows of (at least) the entities in `added`; added: the run's entity_counts rows;
    recount: entities named in a file version the run retires or brings back; recounted: every current
    entity_counts row (the run's included) of those entities, or their sums per entity. An entity left without
    facts gets zeros.
    """
    recount = pa.array(sorted(set(recount)), pa.string())
    schema = TABLES["entity_totals"].arrow_schema
    plain = pa.schema([pa.field(f.name, f.type) for f in schema if f.name != "recorded_at"])
    previous = previous.filter(pc.is_in(previous["entity_id"], added["entity_id"]))
    parts = [t.select(plain.names).cast(plain) for t in (previous, added)]
    parts = [t.filter(pc.invert(pc.is_in(t["entity_id"], recount))) for t in parts]
    parts.append(recounted.select(plain.names).cast(plain).filter(pc.is_in(recounted["entity_id"], recount)))
    totals = pa.concat_tables(parts).group_by("entity_id", use_threads=False).aggregate(
        [(c, "sum") for c in COUNTS] + [("first_seen", "min"), ("last_seen", "max")]) \
        .rename_columns(plain.names)
    gone = pc.filter(recount, pc.invert(pc.is_in(recount, totals["entity_id"])))
    zeros = pa.table({"entity_id": gone, **{c: pa.array([0] * len(gone), pa.int64()) for c in COUNTS},
                      "first_seen": pa.nulls(len(gone), plain.field("first_seen").type),
                      "last_seen": pa.nulls(len(gone), plain.field("last_seen").type)}, schema=plain)
    out = pa.concat_tables([totals.cast(plain), zeros])
    out = out.append_column("recorded_at", pa.array([now] * out.num_rows, schema.field("recorded_at").type))
    return out.cast(schema).sort_by("entity_id")
