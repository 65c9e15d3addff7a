"""Ingestion and the NLP event coder: everything that turns raw articles into lake partitions.

No warehouse (DuckDB) code lives here; `warehouse` builds on this package, never the reverse.
"""
