"""Ingest: raw bytes to normalized articles (formats, encodings, text repair, language, datelines, duplicates, run plans)."""
