"""The DuckDB warehouse: loading the lake, GDELT-style events, marts, the reader snapshot, serving.

Builds on `schemas` and `transforms`; nothing in those packages imports from here.
"""
