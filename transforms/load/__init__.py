"""Load: extracted records to Arrow tables with corpus-wide entity ids."""
