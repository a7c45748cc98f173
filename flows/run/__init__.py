"""The flow: scan the sources, extract on the worker pool, record the run."""
