"""Controlled vocabularies shared by the extractors, the schemas and the data contracts."""

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
EVENT_MODES = ("asserted", "planned", "negated")
DATE_PRECISIONS = ("day", "month", "year")
ENTITY_TYPES = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)
RUN_STATUSES = ("running", "completed", "failed")
REJECT_REASONS = (
    "empty", "binary", "undecodable", "too_large", "unreadable", "unsupported", "no_text",
    "malformed_json", "corrupt_gzip", "internal_error", "outside_input", "special_file",
)
SOURCE_FORMATS = ("text", "markdown", "html", "json", "jsonl")
