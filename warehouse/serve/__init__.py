"""`evw serve`: a PostgreSQL wire-protocol (v3) endpoint over the read-only warehouse snapshot.

BI tools (Metabase, Superset, Grafana, Tableau, Power BI, DBeaver, psql) connect here. The package
never writes to the warehouse: it opens the published snapshot read-only and refuses writes.
"""
