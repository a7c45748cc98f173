"""Every warehouse table, declared once: columns, types, descriptions, keys and contracts."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from schemas import vocab

TS = pa.timestamp("us")


@dataclass(frozen=True)
class Column:
    """One column: name, Arrow type, a one-line description and its contract."""

    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    accepted: tuple[str, ...] | None = None
    references: str | None = None  # "table.column" this column points to


@dataclass(frozen=True)
class Table:
    """One table: its columns, key and how runs write it."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    # "append": each run adds a file of new rows; "replace": each run publishes the whole table
    mode: str = "append"
    # SQL condition (or an ANTI JOIN clause) selecting the rows of the current state (latest version of files
    # still present); the view <name> applies it and <name>_history shows every row. None: no history.
    current: str | None = None
    # Columns every written file is sorted by (ascending, or "<column> DESC"; nulls last): a query ordered the
    # same way reads only the row groups that can hold its first rows (DuckDB prunes them by their min/max).
    order: tuple[str, ...] = ()
    # True: the catalog stores the current rows as a table at each publish instead of a view (a registry many
    # views join: its latest-version rule is computed once per publish, not once per join of every query).
    materialize: bool = False
    # Key columns of a table whose history is only a means to its current state (the latest version of each
    # key): every file holds one row per key, merging files drops the versions a later file supersedes, and the
    # current-state view needs no aggregation over the whole history (schemas/views.py). Empty: keep all.
    keep_latest: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        """Column names in declared order."""
        return [c.name for c in self.columns]

    @property
    def sort_keys(self) -> list[tuple[str, bool]]:
        """The declared file order as (column, descending) pairs."""
        return [(o.removesuffix(" DESC"), o.endswith(" DESC")) for o in self.order]

    @property
    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema the Parquet writer uses."""
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])


def _c(name, type_, description, **kw) -> Column:
    return Column(name, type_, description, **kw)


S, I, F = pa.string(), pa.int32(), pa.float64()
# A row belongs to the current state when its file version is the one the input folder holds now.
CURRENT_SOURCE = "(source_path, content_sha256) IN (SELECT source_path, content_sha256 FROM sources)"
# Facts hang off a document version; the versions no longer current (their file replaced or deleted) are few, so
# the rule is an anti-join against them (the catalog stores them at each publish, see schemas/views.py): cheap,
# and, written as a join rather than a NOT IN condition, DuckDB keeps estimating the facts at their full size
# when it orders joins (with NOT IN it built hash tables of millions of events to probe with 600k entities).
RETIRED_DOCUMENTS = "retired_documents"
CURRENT_DOCUMENT = f"ANTI JOIN {RETIRED_DOCUMENTS} USING (doc_id)"


VERSION = "coalesce(recorded_at, TIMESTAMP '1970-01-01')"  # rows written before versions were recorded: oldest


def latest_version(table: str, *keys: str) -> str:
    """Current-state rule of an append-only registry: the latest version of each key."""
    key = ", ".join(keys)
    return f"({key}, {VERSION}) IN (SELECT {key}, max({VERSION}) FROM {table}_history GROUP BY {key})"


RECORDED_AT = ("When a run wrote this version of the row; the latest version is current (null: written before "
               "versions were kept).")

DOCUMENTS = Table(
    "documents",
    "One row per ingested article version.",
    (
        _c("doc_id", S, "Stable id of this document (source path and content).", nullable=False),
        _c("source_path", S, "Path relative to the input folder, POSIX separators.", nullable=False),
        _c("source_record", I, "1-based record of a multi-record file (JSON list item, JSONL line); null otherwise."),
        _c("source_format", S, "How the file was read: text, markdown, html, json or jsonl (gzip is unwrapped).",
           accepted=vocab.SOURCE_FORMATS),
        _c("encoding", S, "Character encoding the bytes were decoded from (utf-8, utf-8-sig, utf-16, cp1251, ...)."),
        _c("content_sha256", S, "SHA-256 of the raw file bytes.", nullable=False),
        _c("size_bytes", pa.int64(), "Size of the raw file."),
        _c("mtime_ns", pa.int64(), "Modification time of the file when read (ns since the epoch)."),
        _c("title", S, "Headline."),
        _c("published_at", TS, "Publication time given by the document (metadata, stamp line or dateline), local."),
        _c("url", S, "Address of the article, when the file gives it."),
        _c("author", S, "Author, when the file gives it."),
        _c("language", S, "ISO 639-1 language code; null when unknown."),
        _c("dateline_place", S, "Place of the wire dateline removed from the start of the text."),
        _c("caption", S, "Photo caption or byline line kept out of extraction."),
        _c("text", S, "Normalized body text without the headline; paragraphs separated by blank lines."),
        _c("n_words", I, "Words in text."),
        _c("n_paragraphs", I, "Paragraphs in text."),
        _c("analyzed", pa.bool_(), "Whether entities, quotes, events and amounts were extracted from it."),
        _c("notes", pa.list_(S), "Why it was not analyzed, and repairs made to its text."),
        _c("duplicate_of", S, "doc_id of the first copy, when this is an exact or near duplicate (not analyzed).",
           references="documents.doc_id"),
        _c("text_sha256", S, "SHA-256 of the text casefolded without punctuation or spacing: exact-copy key."),
        _c("minhash", pa.list_(pa.int64()), "MinHash signature of the text's word shingles: near-duplicate key."),
        _c("run_id", S, "Run that ingested this version.", nullable=False, references="runs.run_id"),
        _c("ingested_at", TS, "When the run ingested it."),
    ),
    key=("doc_id",),
    current=CURRENT_SOURCE,
)

SENTENCES = Table(
    "sentences",
    "Sentences of each document's text, with character offsets into documents.text.",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("sentence_idx", I, "0-based sentence number in the document.", nullable=False),
        _c("paragraph_idx", I, "0-based paragraph number.", nullable=False),
        _c("start_char", I, "Start offset in documents.text.", nullable=False),
        _c("end_char", I, "End offset (exclusive) in documents.text.", nullable=False),
        _c("text", S, "Sentence text."),
    ),
    key=("doc_id", "sentence_idx"),
    current=CURRENT_DOCUMENT,
)

ENTITIES = Table(
    "entities",
    "One row per real-world entity across the corpus.",
    (
        _c("entity_id", S, "Stable entity id; never changes across runs.", nullable=False),
        _c("name", S, "Most complete name seen.", nullable=False),
        _c("type", S, "OntoNotes type (PERSON, ORG, GPE, ...).", nullable=False,
           accepted=vocab.ENTITY_TYPES),
        _c("country_code", S, "ISO 3166-1 alpha-3 code of the entity's country, when known."),
        _c("aliases", pa.list_(S), "Other names and acronyms seen for it."),
        _c("first_run_id", S, "Run that first saw it."),
        _c("recorded_at", TS, RECORDED_AT),
    ),
    key=("entity_id", "recorded_at"),
    current=latest_version("entities", "entity_id"),
    materialize=True,
)

ENTITY_KEYS = Table(
    "entity_keys",
    "Name keys under which entity resolution finds each entity's current version (looked up per run batch).",
    (
        _c("key", S, "Normalized name, alias or country key.", nullable=False),
        _c("entity_id", S, "Entity.", nullable=False, references="entities.entity_id"),
        _c("recorded_at", TS, "Version of the entity the key belongs to."),
    ),
    key=("key", "entity_id", "recorded_at"),
    current=f"(entity_id, {VERSION}) IN (SELECT entity_id, {VERSION} FROM entities)",
)

DEDUP_KEYS = Table(
    "dedup_keys",
    "Duplicate-detection keys of each original document: its exact-text key (band -1) and MinHash LSH band keys.",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("band", I, "LSH band number; -1 for the exact-text key.", nullable=False),
        _c("band_key", pa.int64(), "Hash of the band's MinHash values (or of text_sha256).", nullable=False),
    ),
    key=("doc_id", "band"),
    current=CURRENT_DOCUMENT,
)

MENTIONS = Table(
    "mentions",
    "Each place a document names an entity.",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("entity_id", S, "Entity mentioned.", nullable=False, references="entities.entity_id"),
        _c("sentence_idx", I, "Sentence of the mention.", nullable=False),
        _c("start_char", I, "Start offset in documents.text.", nullable=False),
        _c("end_char", I, "End offset in documents.text.", nullable=False),
        _c("text", S, "Mention text as written."),
        _c("type", S, "Type of the entity.", accepted=vocab.ENTITY_TYPES),
        _c("role", S, "Title or office the text gives the person here (e.g. 'Prime Minister')."),
    ),
    key=("doc_id", "start_char"),
    current=CURRENT_DOCUMENT,
)

COOCCURRENCES = Table(
    "cooccurrences",
    "Pairs of entities named in the same sentence (each unordered pair once per sentence).",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("sentence_idx", I, "Sentence naming both.", nullable=False),
        _c("entity_id_a", S, "First entity (the smaller id).", nullable=False, references="entities.entity_id"),
        _c("entity_id_b", S, "Second entity (the larger id).", nullable=False, references="entities.entity_id"),
    ),
    key=("doc_id", "sentence_idx", "entity_id_a", "entity_id_b"),
    current=CURRENT_DOCUMENT,
)

QUOTES = Table(
    "quotes",
    "Direct quotations with their speakers.",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("quote_id", S, "Quote id.", nullable=False),
        _c("sentence_idx", I, "Sentence where the quote starts.", nullable=False),
        _c("start_char", I, "Start offset of the quoted text.", nullable=False),
        _c("end_char", I, "End offset of the quoted text.", nullable=False),
        _c("text", S, "Quoted words without the quote marks."),
        _c("speaker_entity_id", S, "Speaker entity, when resolved.", references="entities.entity_id"),
        _c("speaker_text", S, "Speaker as the text names them."),
        _c("published_at", TS, "Publication time of the document (as in documents.published_at)."),
        _c("title", S, "Headline of the document (as in documents.title)."),
        _c("about", pa.list_(S), "Entities the quoted words name, as written there (the distinct texts of the "
           "mentions wholly inside the quote, sorted; the speaker's own mentions left out). As written, not the "
           "entity's name: a name looked up when the quote is stored would go stale when the registry later "
           "learns a fuller one; entities.name of about_entity_ids is the name now."),
        _c("about_entity_ids", pa.list_(S), "Entities of those mentions (distinct ids, sorted): join them to "
           "entities with unnest."),
    ),
    key=("quote_id",),
    current=CURRENT_DOCUMENT,
    # quotes_by_speaker looks up every quote's speaker: grouped by speaker, the lookups hit the same entries in a
    # row (1M documents: 0.93 -> 0.68 s, median of 6, side by side)
    order=("speaker_entity_id", "published_at DESC"),
)

EVENTS = Table(
    "events",
    "Who did what to whom, when and where (PLOVER categories).",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("event_id", S, "Event id.", nullable=False),
        _c("sentence_idx", I, "Sentence of the event.", nullable=False),
        _c("type", S, "PLOVER event type.", nullable=False, accepted=vocab.EVENT_TYPES),
        _c("trigger", S, "Trigger words (lemma and particle).", nullable=False),
        _c("actor_entity_id", S, "Actor entity.", references="entities.entity_id"),
        _c("actor_text", S, "Actor as written."),
        _c("target_entity_id", S, "Target entity.", references="entities.entity_id"),
        _c("target_text", S, "Target as written."),
        _c("location_entity_id", S, "Where it happened.", references="entities.entity_id"),
        _c("date_text", S, "Date expression as written."),
        _c("event_date", pa.date32(), "Date resolved against documents.published_at."),
        _c("date_precision", S, "day, month or year.", accepted=vocab.DATE_PRECISIONS),
        _c("mode", S, "asserted, planned or negated.", nullable=False, accepted=vocab.EVENT_MODES),
        _c("sentence", S, "Text of the sentence stating the event (as in sentences.text)."),
        _c("title", S, "Headline of the document (as in documents.title)."),
        _c("reported_on", pa.date32(), "Publication date of the document (ingestion date if unknown)."),
        _c("confidence", F, "0 to 1, from the evidence: an entity actor (needed to reach 0.5), an entity target "
           "or a trigger that stands alone, the trigger's sense checked against its arguments, a political "
           "story, a date or place. event_timeline shows rows at or above the event_min_confidence setting "
           "(default 0.5).", nullable=False),
    ),
    key=("event_id",),
    current=CURRENT_DOCUMENT,
    order=("event_date", "reported_on", "doc_id", "sentence_idx", "event_id"),  # event_timeline's order
)

AMOUNTS = Table(
    "amounts",
    "Numbers the text gives: counts, fractions, percentages, money.",
    (
        _c("doc_id", S, "Document.", nullable=False, references="documents.doc_id"),
        _c("sentence_idx", I, "Sentence.", nullable=False),
        _c("value", F, "The number.", nullable=False),
        _c("total", F, "The whole it is part of ('32 out of 34'), when given."),
        _c("object", S, "What is counted."),
        _c("unit", S, "'%' or an ISO 4217 currency code, when it applies."),
        _c("start_char", I, "Start offset in documents.text."),
        _c("text", S, "Amount as written."),
    ),
    key=("doc_id", "start_char"),
    current=CURRENT_DOCUMENT,
)

ENTITY_COUNTS = Table(
    "entity_counts",
    "Running totals of each entity's facts per input file version (written with the facts; entity_totals adds up "
    "the current ones).",
    (
        _c("source_path", S, "Input file of the documents counted.", nullable=False),
        _c("content_sha256", S, "Version of the file.", nullable=False),
        _c("run_id", S, "Run that wrote the documents counted.", nullable=False, references="runs.run_id"),
        _c("entity_id", S, "Entity.", nullable=False, references="entities.entity_id"),
        _c("mentions", pa.int64(), "Mentions of it in those documents.", nullable=False),
        _c("documents", pa.int64(), "Documents naming it.", nullable=False),
        _c("events", pa.int64(), "Events it is the actor or target of.", nullable=False),
        _c("quotes", pa.int64(), "Quotes it is the speaker of.", nullable=False),
        _c("first_seen", TS, "Earliest publication (else ingestion) time of those documents naming it."),
        _c("last_seen", TS, "Latest publication (else ingestion) time of those documents naming it."),
    ),
    key=("source_path", "content_sha256", "run_id", "entity_id"),
    current=CURRENT_SOURCE,
)

ENTITY_TOTALS = Table(
    "entity_totals",
    "Each entity's totals over the current facts, one version per run that changed them (entity_summary reads "
    "the latest).",
    (
        _c("entity_id", S, "Entity.", nullable=False, references="entities.entity_id"),
        _c("mentions", pa.int64(), "Mentions of it in the current documents.", nullable=False),
        _c("documents", pa.int64(), "Current documents naming it.", nullable=False),
        _c("events", pa.int64(), "Current events it is the actor or target of.", nullable=False),
        _c("quotes", pa.int64(), "Current quotes it is the speaker of.", nullable=False),
        _c("first_seen", TS, "Earliest publication (else ingestion) time of a current document naming it."),
        _c("last_seen", TS, "Latest publication (else ingestion) time of a current document naming it."),
        _c("recorded_at", TS, "When a run wrote these totals; the latest version is current."),
    ),
    key=("entity_id", "recorded_at"),
    current=latest_version("entity_totals", "entity_id"),
    keep_latest=("entity_id",),
)

PAIR_TOTALS = Table(
    "pair_totals",
    "Each pair of entities named in the same sentence: how many current sentences and documents they share, one "
    "version per run that changed them (entity_cooccurrence reads the latest).",
    (
        _c("entity_id_a", S, "First entity of the pair (the smaller id).", nullable=False,
           references="entities.entity_id"),
        _c("entity_id_b", S, "Second entity of the pair.", nullable=False, references="entities.entity_id"),
        _c("sentences", pa.int64(), "Current sentences naming both.", nullable=False),
        _c("documents", pa.int64(), "Current documents with a sentence naming both.", nullable=False),
        _c("recorded_at", TS, "When a run wrote these totals; the latest version is current."),
    ),
    key=("entity_id_a", "entity_id_b", "recorded_at"),
    current=latest_version("pair_totals", "entity_id_a", "entity_id_b"),
    order=("sentences DESC", "documents DESC"),  # entity_cooccurrence's order
    keep_latest=("entity_id_a", "entity_id_b"),
)

REJECTS = Table(
    "rejects",
    "Input files that did not become documents, and why.",
    (
        _c("source_path", S, "Path relative to the input folder.", nullable=False),
        _c("source_record", I, "1-based record of a multi-record file that was rejected alone; null: the file."),
        _c("content_sha256", S, "SHA-256 of the bytes, when they could be read."),
        _c("reason", S, "Short reason code.", nullable=False, accepted=vocab.REJECT_REASONS),
        _c("detail", S, "What was wrong, for a person."),
        _c("run_id", S, "Run that rejected it.", nullable=False, references="runs.run_id"),
        _c("rejected_at", TS, "When."),
    ),
    key=("source_path", "content_sha256", "source_record"),
    current="(source_path, coalesce(content_sha256, '')) IN (SELECT source_path, coalesce(content_sha256, '') "
            "FROM sources)",
)

SOURCES = Table(
    "sources",
    "The input folder as the last run saw it: one row per file, with the version that is current.",
    (
        _c("source_path", S, "Path relative to the input folder.", nullable=False),
        _c("content_sha256", S, "SHA-256 of the current version's bytes (null when they were not read)."),
        _c("size_bytes", pa.int64(), "Size when last seen."),
        _c("mtime_ns", pa.int64(), "Modification time when last seen (ns since the epoch)."),
        _c("n_documents", I, "Documents the current version gave."),
        _c("first_run_id", S, "Run that first saw the file."),
        _c("last_run_id", S, "Run that read the current version."),
        _c("deleted", pa.bool_(), "Whether the file was gone from the input folder (a tombstone)."),
        _c("recorded_at", TS, RECORDED_AT),
    ),
    key=("source_path", "recorded_at"),
    current=latest_version("sources", "source_path") + " AND NOT coalesce(deleted, false)",
    materialize=True,
)

RUNS = Table(
    "runs",
    "One row per pipeline run.",
    (
        _c("run_id", S, "Run id.", nullable=False),
        _c("started_at", TS, "Start time (UTC)."),
        _c("finished_at", TS, "End time (UTC)."),
        _c("status", S, "Run status.", accepted=vocab.RUN_STATUSES),
        _c("input_dir", S, "Input folder of the run."),
        _c("n_seen", I, "Files found."),
        _c("n_new", I, "Files not seen before."),
        _c("n_changed", I, "Files whose content changed since the last run."),
        _c("n_deleted", I, "Files gone from the input folder since the last run."),
        _c("n_unchanged", I, "Files skipped as already ingested."),
        _c("n_rejected", I, "Files (or records of files) rejected."),
        _c("n_documents", I, "Documents written (a multi-record file gives several)."),
        _c("seconds", F, "Wall time of the run."),
        _c("stage_seconds", S, "Seconds per stage, as a JSON object."),
        _c("pipeline_version", S, "newsetl version."),
    ),
    key=("run_id",),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (DOCUMENTS, SENTENCES, ENTITIES, ENTITY_KEYS, MENTIONS, COOCCURRENCES, QUOTES, EVENTS, AMOUNTS,
              REJECTS, SOURCES, RUNS, DEDUP_KEYS, ENTITY_COUNTS, ENTITY_TOTALS, PAIR_TOTALS)
}
