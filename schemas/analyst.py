"""Analyst views over the table views: declared once here (columns, descriptions, SQL), created in newsetl.duckdb."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from schemas.tables import TABLES, Column
from schemas.views import quote_ident, render_casts, render_order

S, N, TS = pa.string(), pa.int64(), pa.timestamp("us")


@dataclass(frozen=True)
class View:
    """One derived view: its columns (typed and described) and the SQL that computes them."""

    name: str
    description: str
    columns: tuple[Column, ...]
    sql: str

    @property
    def column_names(self) -> list[str]:
        """Column names in declared order."""
        return [c.name for c in self.columns]


ENTITY_SUMMARY = View(
    "entity_summary",
    "One row per entity: how often and how widely it is mentioned, and when it was first and last seen.",
    (
        Column("entity_id", S, "Entity."),
        Column("name", S, "Most complete name seen."),
        Column("type", S, "OntoNotes type (PERSON, ORG, GPE, ...)."),
        Column("country_code", S, "ISO 3166-1 alpha-3 code of the entity's country, when known."),
        Column("mentions", N, "Times the documents name it."),
        Column("documents", N, "Documents that name it."),
        Column("events", N, "Events it is the actor or target of."),
        Column("quotes", N, "Quotes it is the speaker of."),
        Column("first_seen", TS, "Earliest publication time of a document naming it (ingestion time if unknown)."),
        Column("last_seen", TS, "Latest publication time of a document naming it (ingestion time if unknown)."),
    ),
    """
    SELECT e.entity_id, e.name, e.type, e.country_code,
           coalesce(t.mentions, 0) AS mentions, coalesce(t.documents, 0) AS documents,
           coalesce(t.events, 0) AS events, coalesce(t.quotes, 0) AS quotes, t.first_seen, t.last_seen
    FROM entities e LEFT JOIN entity_totals t USING (entity_id)
    ORDER BY mentions DESC, e.name
    """,
)

ENTITY_COOCCURRENCE = View(
    "entity_cooccurrence",
    "Pairs of entities named in the same sentence, with how many sentences and documents they share "
    "(each unordered pair once, entity_id_a < entity_id_b; most shared sentences first).",
    (
        Column("entity_id_a", S, "First entity of the pair (the smaller id)."),
        Column("name_a", S, "Its name."),
        Column("type_a", S, "Its type."),
        Column("entity_id_b", S, "Second entity of the pair."),
        Column("name_b", S, "Its name."),
        Column("type_b", S, "Its type."),
        Column("sentences", N, "Sentences naming both."),
        Column("documents", N, "Documents with a sentence naming both."),
    ),
    """
    SELECT p.entity_id_a, ea.name AS name_a, ea.type AS type_a, p.entity_id_b, eb.name AS name_b,
           eb.type AS type_b, p.sentences, p.documents
    FROM pair_totals p
    JOIN entities ea ON ea.entity_id = p.entity_id_a JOIN entities eb ON eb.entity_id = p.entity_id_b
    WHERE p.sentences > 0
    ORDER BY p.sentences DESC, p.documents DESC, name_a, name_b
    """,
)

EVENT_TIMELINE = View(
    "event_timeline",
    "Events in date order with actor, target, type, mode, date, place and the sentence that states them.",
    (
        Column("event_date", pa.date32(), "Date of the event, resolved against the publication date."),
        Column("date_precision", S, "day, month or year."),
        Column("reported_on", pa.date32(), "Publication date of the document (ingestion date if unknown)."),
        Column("type", S, "PLOVER event type."),
        Column("mode", S, "asserted, planned or negated."),
        Column("trigger", S, "Trigger words."),
        Column("actor", S, "Actor: the entity's name, else as written."),
        Column("actor_type", S, "Actor entity type, when resolved."),
        Column("target", S, "Target: the entity's name, else as written."),
        Column("target_type", S, "Target entity type, when resolved."),
        Column("place", S, "Where it happened, when given."),
        Column("sentence", S, "Sentence of the event."),
        Column("title", S, "Headline of the document."),
        Column("actor_entity_id", S, "Actor entity."),
        Column("target_entity_id", S, "Target entity."),
        Column("place_entity_id", S, "Place entity."),
        Column("event_id", S, "Event."),
        Column("doc_id", S, "Document."),
        Column("sentence_idx", pa.int32(), "Sentence number in the document."),
        Column("confidence", pa.float64(), "Evidence score (see events.confidence); rows below the "
               "event_min_confidence setting are left out."),
    ),
    """
    SELECT e.event_date, e.date_precision, e.reported_on, e.type, e.mode, e.trigger,
           coalesce(a.name, e.actor_text) AS actor, a.type AS actor_type,
           coalesce(t.name, e.target_text) AS target, t.type AS target_type,
           p.name AS place, e.sentence, e.title,
           e.actor_entity_id, e.target_entity_id, e.location_entity_id AS place_entity_id,
           e.event_id, e.doc_id, e.sentence_idx, e.confidence
    FROM events e
    LEFT JOIN entities a ON a.entity_id = e.actor_entity_id
    LEFT JOIN entities t ON t.entity_id = e.target_entity_id
    LEFT JOIN entities p ON p.entity_id = e.location_entity_id
    WHERE e.confidence >= {min_event_confidence}
    ORDER BY {events_order}
    """,
)


QUOTES_BY_SPEAKER = View(
    "quotes_by_speaker",
    "Direct quotations grouped by speaker (most quoted speakers first, quotes without a resolved speaker last), "
    "with the entities each quote names.",
    (
        Column("speaker", S, "Speaker entity's name; empty when no entity was resolved (speaker_text keeps the "
                             "words, which may be a pronoun or a common noun such as 'a spokesman')."),
        Column("speaker_type", S, "Speaker entity type, when resolved."),
        Column("quote", S, "Quoted words."),
        Column("about", pa.list_(S), "Entities the quoted words name, as written there (speaker excluded; "
                                     "quotes.about_entity_ids holds their ids)."),
        Column("published_at", TS, "Publication time of the document."),
        Column("title", S, "Headline of the document."),
        Column("speaker_quotes", N, "Quotes by this speaker entity in the warehouse (entity_totals.quotes; empty "
                                    "without a speaker)."),
        Column("speaker_text", S, "Speaker as the text names them ('he', 'the chancellor', 'Mr Brown')."),
        Column("speaker_entity_id", S, "Speaker entity, when resolved."),
        Column("quote_id", S, "Quote."),
        Column("doc_id", S, "Document."),
        Column("sentence_idx", pa.int32(), "Sentence where the quote starts."),
    ),
    """
    SELECT p.name AS speaker, p.type AS speaker_type, q.text AS quote, q.about, q.published_at, q.title,
           p.quotes AS speaker_quotes, q.speaker_text, q.speaker_entity_id, q.quote_id, q.doc_id, q.sentence_idx
    FROM quotes q
    LEFT JOIN (  -- entities with their counts first: the 3M quotes of 1M documents probe one hash table, not two
        SELECT e.entity_id, e.name, e.type, t.quotes FROM entities e LEFT JOIN entity_totals t USING (entity_id)
    ) p ON p.entity_id = q.speaker_entity_id
    ORDER BY speaker_quotes DESC NULLS LAST, speaker NULLS LAST, q.published_at DESC NULLS LAST, q.doc_id,
             q.start_char
    """,
)

VIEWS: dict[str, View] = {v.name: v for v in (ENTITY_SUMMARY, ENTITY_COOCCURRENCE, EVENT_TIMELINE, QUOTES_BY_SPEAKER)}


# Events below this confidence are kept in `events` but left out of event_timeline (setting event_min_confidence).
DEFAULT_MIN_EVENT_CONFIDENCE = 0.5


def render_view(view: View, min_event_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE) -> str:
    """CREATE VIEW statement for one analyst view, casting its SQL's result to the declared columns."""
    cols = render_casts(view.columns)
    sql = view.sql.strip().replace("{min_event_confidence}", repr(float(min_event_confidence)))
    sql = sql.replace("{events_order}", render_order(TABLES["events"], "e"))  # the order events' files are sorted by
    return f"CREATE OR REPLACE VIEW {quote_ident(view.name)} AS SELECT {cols} FROM ({sql}) AS v"


def render_analyst_views(min_event_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE) -> list[str]:
    """CREATE VIEW statements for every analyst view (run after the table views)."""
    return [render_view(v, min_event_confidence) for v in VIEWS.values()]
