"""Arrow schemas, DuckDB DDL and the CAMEO codebook: the one source of truth for every table.

Nothing here does I/O beyond reading the packaged codebook data files.
"""
