"""Running totals the analyst views read instead of scanning every fact: computed from one batch's tables.

Each row totals one entity's facts in one version of one input file (as written by one run), so the rows of a
replaced or deleted file leave the current state by the same rule as its documents, and the views sum what is
current: nothing is ever subtracted.
"""

from __future__ import annotations

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
