"""Arrow schemas for every lake and warehouse table, versioned.

Each table is defined once here; the DuckDB DDL (`schemas.ddl`) and Parquet validation
(`schemas.validate`) are generated from these schemas. Column names follow the GDELT 2.0
Event and Mentions codebooks in snake_case. Do not restate columns anywhere else.
"""

from __future__ import annotations

import pyarrow as pa

#: Bumped whenever a column is added, removed or retyped (recorded in the Parquet metadata).
SCHEMA_VERSION = 1

TS = pa.timestamp("us", tz="UTC")


def _f(name: str, typ: pa.DataType, nullable: bool = True, doc: str = "") -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"doc": doc} if doc else None)


ARTICLES = pa.schema(
    [
        _f("article_id", pa.string(), False, "Input `id` verbatim, else a hash of the canonical URL or text"),
        _f("url", pa.string(), doc="URL as given"),
        _f("canonical_url", pa.string(), doc="URL without tracking parameters, fragment, trailing slash"),
        _f("title", pa.string()),
        _f("published_at", TS, doc="Publication time in UTC"),
        _f("published_date", pa.date32(), False, "UTC date of publication; the lake partition key"),
        _f("date_is_fallback", pa.bool_(), False, "True when no publication date was given (ingest time used)"),
        _f("source_name", pa.string(), doc="Outlet (e.g. `reuters.com`), from `source` or the URL host"),
        _f("language", pa.string(), doc="ISO 639-1 language code"),
        _f("text", pa.string(), False, "Normalised article text"),
        _f("text_sha256", pa.string(), False, "SHA-256 of the normalised text"),
        _f("char_count", pa.int32(), False),
        _f("duplicate_of", pa.string(), doc="article_id of the first copy when this is a near-duplicate"),
        _f("ingest_run_id", pa.string(), False),
        _f("ingested_at", TS, False),
    ],
    metadata={"table": "articles", "version": str(SCHEMA_VERSION)},
)

EVENT_MENTIONS = pa.schema(
    [
        _f("mention_id", pa.string(), False, "Deterministic: hash of article, sentence, actors, code, offsets"),
        _f("event_id", pa.string(), False, "Deterministic id of the aggregated event this mention belongs to"),
        _f("article_id", pa.string(), False),
        _f("sentence_index", pa.int32(), False, "0-based sentence number within the article"),
        _f("event_date", pa.date32(), False, "Date of the event (the article's publication date)"),
        _f("actor1_code", pa.string(), doc="Full CAMEO code of the source actor, e.g. RUSGOV"),
        _f("actor1_name", pa.string(), doc="Source actor as written in the text"),
        _f("actor1_country_code", pa.string(), doc="3-letter CAMEO country code"),
        _f("actor1_known_group_code", pa.string(), doc="IGO/NGO/rebel group code when known"),
        _f("actor1_type1_code", pa.string(), doc="3-letter CAMEO agent/role code"),
        _f("actor2_code", pa.string()),
        _f("actor2_name", pa.string()),
        _f("actor2_country_code", pa.string()),
        _f("actor2_known_group_code", pa.string()),
        _f("actor2_type1_code", pa.string()),
        _f("event_code", pa.string(), False, "CAMEO event code (3 or 4 digits)"),
        _f("event_base_code", pa.string(), False),
        _f("event_root_code", pa.string(), False),
        _f("quad_class", pa.int8(), False, "1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict"),
        _f("goldstein_scale", pa.float32(), False),
        _f("is_negated", pa.bool_(), False),
        _f("is_hypothetical", pa.bool_(), False),
        _f("confidence", pa.float32(), False, "In [0, 1], from pattern specificity, parse distance, actors"),
        _f("sentence_text", pa.string(), False),
        _f("actor1_char_offset", pa.int32(), doc="Offset of actor 1 in the article text"),
        _f("actor2_char_offset", pa.int32()),
        _f("action_char_offset", pa.int32(), False, "Offset of the verb or event noun in the article text"),
        _f("action_geo_type", pa.int8(),
           doc="GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state"),
        _f("action_geo_fullname", pa.string(), doc="Resolved place name (gazetteer), else as written"),
        _f("action_geo_country_code", pa.string(), doc="3-letter CAMEO country code of the action place"),
        _f("action_geo_lat", pa.float64()),
        _f("action_geo_long", pa.float64()),
        _f("action_geo_feature_id", pa.string(), doc="GeoNames id of the place"),
        _f("action_geo_char_offset", pa.int32(), doc="Offset of the place in the article text"),
        _f("action_geo_is_fallback", pa.bool_(), doc="True when the place is the actors' country, not named"),
        _f("pattern_id", pa.string(), False, "Id of the verb/noun pattern that fired"),
        _f("rule", pa.string(), False, "Dependency rule that found source and target"),
        _f("dictionary_version", pa.string(), False),
        _f("coder_version", pa.string(), False),
    ],
    metadata={"table": "event_mentions", "version": str(SCHEMA_VERSION)},
)

QUARANTINE = pa.schema(
    [
        _f("quarantine_id", pa.string(), False, "Hash of the input location and raw record"),
        _f("ingest_run_id", pa.string(), False),
        _f("stage", pa.string(), False, "ingest | extract | load"),
        _f("reason", pa.string(), False, "Machine-readable reason code, e.g. empty_text"),
        _f("detail", pa.string(), doc="Human-readable explanation"),
        _f("input_name", pa.string(), False, "File, URL or source the record came from"),
        _f("record_number", pa.int64(), doc="1-based line or record number in the input"),
        _f("raw_record", pa.binary(), doc="The raw bytes (truncated to 1 MiB)"),
        _f("raw_size", pa.int64(), doc="Size in bytes of the raw record before truncation"),
        _f("language", pa.string()),
        _f("quarantined_at", TS, False),
        _f("quarantined_date", pa.date32(), False, "Lake partition key"),
    ],
    metadata={"table": "quarantine", "version": str(SCHEMA_VERSION)},
)

INGEST_RUNS = pa.schema(
    [
        _f("ingest_run_id", pa.string(), False),
        _f("started_at", TS, False),
        _f("finished_at", TS, False),
        _f("inputs", pa.string(), False, "What was read (paths, URLs, source names), JSON"),
        _f("records_read", pa.int64(), False),
        _f("accepted", pa.int64(), False),
        _f("duplicates", pa.int64(), False),
        _f("quarantined", pa.int64(), False),
        _f("reason_counts", pa.string(), doc="Counts per quarantine reason / duplicate kind, JSON"),
        _f("run_date", pa.date32(), False, "UTC date the run started; the lake partition key"),
    ],
    metadata={"table": "ingest_runs", "version": str(SCHEMA_VERSION)},
)

CAMEO_EVENT_CODES = pa.schema(
    [
        _f("code", pa.string(), False),
        _f("name", pa.string(), False),
        _f("base_code", pa.string(), False),
        _f("root_code", pa.string(), False),
        _f("quad_class", pa.int8(), False),
        _f("goldstein", pa.float32(), False),
    ],
    metadata={"table": "cameo_event_codes", "version": str(SCHEMA_VERSION)},
)

CAMEO_ACTOR_TYPES = pa.schema(
    [
        _f("code", pa.string(), False),
        _f("name", pa.string(), False),
        _f("kind", pa.string(), False, "agent | igo | ngo | country"),
    ],
    metadata={"table": "cameo_actor_types", "version": str(SCHEMA_VERSION)},
)

def _actor_fields(n: int) -> list[pa.Field]:
    p = f"actor{n}"
    return [
        _f(f"{p}_code", pa.string(), doc="Full CAMEO actor code"),
        _f(f"{p}_name", pa.string(), doc="Actor as written in the first mention"),
        _f(f"{p}_country_code", pa.string(), doc="3-letter CAMEO country code"),
        _f(f"{p}_known_group_code", pa.string()),
        _f(f"{p}_ethnic_code", pa.string(), doc="Not coded yet (always NULL); kept for GDELT column parity"),
        _f(f"{p}_religion1_code", pa.string(), doc="Not coded yet (always NULL)"),
        _f(f"{p}_religion2_code", pa.string(), doc="Not coded yet (always NULL)"),
        _f(f"{p}_type1_code", pa.string(), doc="3-letter CAMEO agent/role code"),
        _f(f"{p}_type2_code", pa.string(), doc="Not coded yet (always NULL)"),
        _f(f"{p}_type3_code", pa.string(), doc="Not coded yet (always NULL)"),
    ]


def _geo_fields(p: str) -> list[pa.Field]:
    return [
        _f(f"{p}_geo_type", pa.int8(), doc="GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, "
           "5 world state"),
        _f(f"{p}_geo_fullname", pa.string()),
        _f(f"{p}_geo_country_code", pa.string(), doc="3-letter CAMEO country code (the GDELT export writes FIPS)"),
        _f(f"{p}_geo_adm1_code", pa.string(), doc="Not resolved yet (always NULL)"),
        _f(f"{p}_geo_adm2_code", pa.string(), doc="Not resolved yet (always NULL)"),
        _f(f"{p}_geo_lat", pa.float64()),
        _f(f"{p}_geo_long", pa.float64()),
        _f(f"{p}_geo_feature_id", pa.string(), doc="GeoNames id of the place"),
    ]


#: GDELT 2.0 Event table: the 61 GDELT columns in GDELT order (snake_case), then our own columns.
#: Built by the warehouse from `event_mentions` that are neither negated nor hypothetical.
EVENTS = pa.schema(
    [
        _f("global_event_id", pa.int64(), False, "Deterministic: the first 60 bits of `event_id`"),
        _f("day", pa.date32(), False, "Event date (GDELT writes YYYYMMDD)"),
        _f("month_year", pa.int32(), False, "YYYYMM"),
        _f("year", pa.int32(), False),
        _f("fraction_date", pa.float64(), False, "YYYY + (month * 30 + day) / 365, as GDELT computes it"),
        *_actor_fields(1),
        *_actor_fields(2),
        _f("is_root_event", pa.bool_(), False, "A mention is in the headline or first sentence of its article"),
        _f("event_code", pa.string(), False),
        _f("event_base_code", pa.string(), False),
        _f("event_root_code", pa.string(), False),
        _f("quad_class", pa.int8(), False),
        _f("goldstein_scale", pa.float32(), False),
        _f("num_mentions", pa.int32(), False, "Mentions (sentences) reporting the event"),
        _f("num_sources", pa.int32(), False, "Distinct outlets (source_name) reporting the event"),
        _f("num_articles", pa.int32(), False, "Distinct articles, near-duplicates (articles.duplicate_of) once"),
        _f("avg_tone", pa.float32(), doc="Not computed (always NULL); kept for GDELT column parity"),
        *_geo_fields("actor1"),
        *_geo_fields("actor2"),
        *_geo_fields("action"),
        _f("date_added", TS, False, "Earliest ingest time of an article reporting the event"),
        _f("source_url", pa.string(), doc="URL of the first article reporting the event"),
        # -- our own columns (not exported in the GDELT format) --
        _f("event_id", pa.string(), False, "Deterministic event key from the mentions"),
        _f("avg_confidence", pa.float32(), False, "Mean coder confidence of the mentions"),
        _f("action_geo_is_fallback", pa.bool_(), doc="True when the place is the actors' country, not named"),
        _f("first_mention_id", pa.string(), False),
        _f("coder_version", pa.string(), False, "Highest coder version among the mentions"),
    ],
    metadata={"table": "events", "version": str(SCHEMA_VERSION)},
)

SCHEMA_MIGRATIONS = pa.schema(
    [
        _f("version", pa.int32(), False, "Migration number; the highest applied is the warehouse's version"),
        _f("name", pa.string(), False),
        _f("applied_at", TS, False),
    ],
    metadata={"table": "schema_migrations", "version": str(SCHEMA_VERSION)},
)

LOADED_FILES = pa.schema(
    [
        _f("lake_table", pa.string(), False),
        _f("day", pa.date32(), False, "Lake partition day"),
        _f("file_name", pa.string(), False, "File name within the partition directory"),
        _f("fingerprint", pa.string(), False, "Size, mtime and evw metadata of the file when loaded"),
        _f("coder_version", pa.string(), doc="From the file's evw metadata, when present"),
        _f("source_file", pa.string(), doc="From the file's evw metadata, when present"),
        _f("num_rows", pa.int64(), False),
        _f("loaded_at", TS, False),
    ],
    metadata={"table": "loaded_files", "version": str(SCHEMA_VERSION)},
)

#: Tables that live in the Parquet lake, with their partition column.
LAKE_TABLES: dict[str, tuple[pa.Schema, str]] = {
    "articles": (ARTICLES, "published_date"),
    "event_mentions": (EVENT_MENTIONS, "event_date"),
    "quarantine": (QUARANTINE, "quarantined_date"),
    "ingest_runs": (INGEST_RUNS, "run_date"),
}

#: Every table schema by name.
TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "event_mentions": EVENT_MENTIONS,
    "quarantine": QUARANTINE,
    "ingest_runs": INGEST_RUNS,
    "cameo_event_codes": CAMEO_EVENT_CODES,
    "cameo_actor_types": CAMEO_ACTOR_TYPES,
    "events": EVENTS,
    "schema_migrations": SCHEMA_MIGRATIONS,
    "loaded_files": LOADED_FILES,
}

#: Primary keys, used by the DDL and the data-quality checks.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "event_mentions": ("mention_id",),
    "quarantine": ("quarantine_id",),
    "ingest_runs": ("ingest_run_id",),
    "cameo_event_codes": ("code",),
    "cameo_actor_types": ("code",),
    "events": ("global_event_id",),
    "schema_migrations": ("version",),
    "loaded_files": ("lake_table", "day", "file_name"),
}


def column_names(table: str) -> list[str]:
    """Column names of `table` in schema order."""
    return list(TABLES[table].names)
