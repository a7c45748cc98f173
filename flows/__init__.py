"""Prefect flows, warehouse I/O and the command line: the thin layer over transforms/."""

__version__ = "0.1.0"
