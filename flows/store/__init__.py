"""The warehouse: Parquet files, manifest, staging and publish, merges, lookups, the DuckDB catalog."""
