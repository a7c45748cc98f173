"""Pure transforms: text and records in, records and Arrow tables out. No I/O, no Prefect, no DuckDB."""
