-- PostgreSQL catalog shims for `evw serve`, created in a small read-only DuckDB file attached as `evw`.
-- Format: plain DuckDB SQL statements separated by lines that hold only `;`. Placeholders written
-- @NAME@ are filled by warehouse/serve/catalog.py from warehouse/serve/pgtypes.py (the one type map).
-- Views read DuckDB's own duckdb_* table functions for the snapshot catalog (current_database()),
-- so they always describe the snapshot a session is connected to. Client queries are rewritten to
-- read evw.main.<name> instead of pg_catalog.<name> (see warehouse/serve/sqlrewrite.py).

CREATE MACRO pg_type_oid(t) AS @OID_CASE@
;
CREATE MACRO pg_typmod(t) AS CASE WHEN regexp_matches(t, '^DECIMAL\(\d+,\s*\d+\)$')
  THEN ((CAST(regexp_extract(t, '^DECIMAL\((\d+),\s*(\d+)\)$', 1) AS INTEGER) << 16)
        | CAST(regexp_extract(t, '^DECIMAL\((\d+),\s*(\d+)\)$', 2) AS INTEGER)) + 4
  ELSE -1 END
;
CREATE MACRO format_type(oid, typmod) AS @FORMAT_CASE@
;
CREATE TABLE pg_type_rows AS SELECT * FROM (VALUES @TYPE_VALUES@)
  t(oid, typname, typlen, typcategory, typelem, typarray)
;
CREATE VIEW pg_type AS
SELECT CAST(oid AS BIGINT) AS oid, typname, CAST(11 AS BIGINT) AS typnamespace, CAST(10 AS BIGINT) AS typowner,
       CAST(typlen AS SMALLINT) AS typlen, typlen > 0 AND typlen <= 8 AS typbyval, 'b' AS typtype,
       typcategory, false AS typispreferred, true AS typisdefined, ',' AS typdelim,
       CAST(0 AS BIGINT) AS typrelid, CAST(typelem AS BIGINT) AS typelem, CAST(typarray AS BIGINT) AS typarray,
       typname || 'in' AS typinput, typname || 'out' AS typoutput, typname || 'recv' AS typreceive,
       typname || 'send' AS typsend, '-' AS typmodin, '-' AS typmodout, '-' AS typanalyze,
       CASE WHEN typlen = 8 THEN 'd' WHEN typlen = 2 THEN 's' WHEN typlen = 1 THEN 'c' ELSE 'i' END AS typalign,
       CASE WHEN typlen > 0 THEN 'p' ELSE 'x' END AS typstorage, false AS typnotnull,
       CAST(0 AS BIGINT) AS typbasetype, -1 AS typtypmod, CASE WHEN typelem <> 0 THEN 1 ELSE 0 END AS typndims,
       CAST(CASE WHEN typcategory = 'S' THEN 100 ELSE 0 END AS BIGINT) AS typcollation,
       CAST(NULL AS VARCHAR) AS typdefaultbin, CAST(NULL AS VARCHAR) AS typdefault, CAST(NULL AS VARCHAR) AS typacl
FROM evw.main.pg_type_rows
;
CREATE VIEW pg_namespace AS
SELECT CAST(oid AS BIGINT) AS oid, schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner,
       CAST(NULL AS VARCHAR) AS nspacl
FROM duckdb_schemas() WHERE database_name = current_database()
UNION ALL SELECT 11, 'pg_catalog', 10, NULL
UNION ALL SELECT 12, 'information_schema', 10, NULL
;
CREATE VIEW relations AS
SELECT CAST(table_oid AS BIGINT) AS oid, table_name AS relname, CAST(schema_oid AS BIGINT) AS relnamespace,
       schema_name, 'r' AS relkind, column_count AS relnatts, comment, estimated_size AS reltuples,
       check_constraint_count AS relchecks, sql AS definition
FROM duckdb_tables() WHERE database_name = current_database()
UNION ALL
SELECT CAST(view_oid AS BIGINT), view_name, CAST(schema_oid AS BIGINT), schema_name, 'v', column_count,
       comment, 0, 0, sql
FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
;
CREATE VIEW pg_constraint AS
SELECT CAST(table_oid * 1000000 + constraint_index AS BIGINT) AS oid, constraint_name AS conname,
       CAST(schema_oid AS BIGINT) AS connamespace,
       CASE constraint_type WHEN 'PRIMARY KEY' THEN 'p' WHEN 'UNIQUE' THEN 'u' WHEN 'FOREIGN KEY' THEN 'f'
            ELSE 'c' END AS contype,
       false AS condeferrable, false AS condeferred, true AS convalidated, CAST(table_oid AS BIGINT) AS conrelid,
       CAST(0 AS BIGINT) AS contypid,
       CAST(CASE WHEN constraint_type IN ('PRIMARY KEY', 'UNIQUE') THEN (table_oid * 1000000 + constraint_index) * 10 + 1
            ELSE 0 END AS BIGINT) AS conindid, CAST(0 AS BIGINT) AS conparentid,
       CAST(COALESCE((SELECT r.oid FROM evw.main.relations r WHERE r.relname = k.referenced_table
                      AND r.schema_name = k.schema_name), 0) AS BIGINT) AS confrelid,
       'a' AS confupdtype, 'a' AS confdeltype, 's' AS confmatchtype, true AS conislocal, 0 AS coninhcount,
       true AS connoinherit,
       CAST(list_transform(constraint_column_indexes, lambda x: x + 1) AS SMALLINT[]) AS conkey,
       CAST(NULL AS SMALLINT[]) AS confkey, constraint_text AS condef, expression AS conbin,
       referenced_table, referenced_column_names
FROM duckdb_constraints() k
WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK')
;
CREATE VIEW pg_class AS
SELECT oid, relname, relnamespace, CAST(0 AS BIGINT) AS reltype, CAST(0 AS BIGINT) AS reloftype,
       CAST(10 AS BIGINT) AS relowner, CAST(CASE WHEN relkind = 'r' THEN 2 ELSE 0 END AS BIGINT) AS relam,
       oid AS relfilenode, CAST(0 AS BIGINT) AS reltablespace, CAST(0 AS INTEGER) AS relpages,
       CAST(reltuples AS REAL) AS reltuples, 0 AS relallvisible, CAST(0 AS BIGINT) AS reltoastrelid,
       false AS relhasindex, false AS relisshared, 'p' AS relpersistence, relkind,
       CAST(relnatts AS SMALLINT) AS relnatts, CAST(relchecks AS SMALLINT) AS relchecks,
       false AS relhasoids, false AS relhasrules, false AS relhastriggers,
       false AS relhassubclass, false AS relrowsecurity, false AS relforcerowsecurity, true AS relispopulated,
       'd' AS relreplident, false AS relispartition, CAST(0 AS BIGINT) AS relrewrite,
       CAST(0 AS BIGINT) AS relfrozenxid, CAST(0 AS BIGINT) AS relminmxid, CAST(NULL AS VARCHAR[]) AS relacl,
       CAST(NULL AS VARCHAR[]) AS reloptions, CAST(NULL AS VARCHAR) AS relpartbound
FROM (SELECT oid, relname, relnamespace, relkind, relnatts, reltuples, relchecks FROM evw.main.relations
      UNION ALL
      SELECT conindid, conname, connamespace, 'i', len(conkey), 0, 0 FROM evw.main.pg_constraint
      WHERE contype IN ('p', 'u'))
;
CREATE VIEW pg_attribute AS
SELECT CAST(c.table_oid AS BIGINT) AS attrelid, c.column_name AS attname,
       CAST(evw.main.pg_type_oid(c.data_type) AS BIGINT) AS atttypid, 0 AS attstattarget,
       CAST(-1 AS SMALLINT) AS attlen, CAST(c.column_index AS SMALLINT) AS attnum,
       CASE WHEN c.data_type LIKE '%[]' THEN 1 ELSE 0 END AS attndims, -1 AS attcacheoff,
       evw.main.pg_typmod(c.data_type) AS atttypmod, false AS attbyval, 'p' AS attstorage, 'i' AS attalign,
       NOT c.is_nullable AS attnotnull, c.column_default IS NOT NULL AS atthasdef,
       false AS atthasmissing, '' AS attidentity, '' AS attgenerated, false AS attisdropped,
       true AS attislocal, 0 AS attinhcount,
       CAST(CASE WHEN c.data_type = 'VARCHAR' THEN 100 ELSE 0 END AS BIGINT) AS attcollation,
       '' AS attcompression, CAST(NULL AS VARCHAR[]) AS attacl, CAST(NULL AS VARCHAR[]) AS attoptions,
       CAST(NULL AS VARCHAR[]) AS attfdwoptions, CAST(NULL AS VARCHAR) AS attmissingval
FROM duckdb_columns() c WHERE c.database_name = current_database()
;
CREATE VIEW pg_attrdef AS
SELECT CAST(table_oid * 1000 + column_index AS BIGINT) AS oid, CAST(table_oid AS BIGINT) AS adrelid,
       CAST(column_index AS SMALLINT) AS adnum, column_default AS adbin
FROM duckdb_columns() WHERE database_name = current_database() AND column_default IS NOT NULL
;
CREATE VIEW pg_description AS
SELECT oid AS objoid, CAST(1259 AS BIGINT) AS classoid, 0 AS objsubid, comment AS description
FROM evw.main.relations WHERE comment IS NOT NULL
UNION ALL
SELECT CAST(table_oid AS BIGINT), 1259, column_index, comment
FROM duckdb_columns() WHERE database_name = current_database() AND comment IS NOT NULL
;
CREATE VIEW pg_database AS
SELECT CAST(1 AS BIGINT) AS oid, current_database() AS datname, CAST(10 AS BIGINT) AS datdba, 6 AS encoding,
       'c' AS datlocprovider, false AS datistemplate, true AS datallowconn, -1 AS datconnlimit,
       'C.UTF-8' AS datcollate, 'C.UTF-8' AS datctype, CAST(NULL AS VARCHAR[]) AS datacl,
       CAST(0 AS BIGINT) AS dattablespace
;
CREATE VIEW pg_roles AS
SELECT CAST(10 AS BIGINT) AS oid, 'evw' AS rolname, false AS rolsuper, false AS rolinherit,
       false AS rolcreaterole, false AS rolcreatedb, true AS rolcanlogin, false AS rolreplication,
       -1 AS rolconnlimit, CAST(NULL AS TIMESTAMPTZ) AS rolvaliduntil, false AS rolbypassrls,
       CAST(NULL AS VARCHAR[]) AS rolconfig
;
CREATE VIEW pg_user AS SELECT rolname AS usename, oid AS usesysid, false AS usecreatedb, false AS usesuper
FROM evw.main.pg_roles
;
CREATE VIEW pg_am AS SELECT CAST(2 AS BIGINT) AS oid, 'heap' AS amname, 't' AS amtype
;
CREATE VIEW pg_collation AS SELECT CAST(100 AS BIGINT) AS oid, 'default' AS collname,
       CAST(11 AS BIGINT) AS collnamespace
;
CREATE VIEW pg_tables AS
SELECT schema_name AS schemaname, relname AS tablename, 'evw' AS tableowner, CAST(NULL AS VARCHAR) AS tablespace,
       false AS hasindexes, false AS hasrules, false AS hastriggers, false AS rowsecurity
FROM evw.main.relations WHERE relkind = 'r'
;
CREATE VIEW pg_views AS
SELECT schema_name AS schemaname, relname AS viewname, 'evw' AS viewowner, definition
FROM evw.main.relations WHERE relkind = 'v'
;
CREATE VIEW pg_matviews AS SELECT * FROM evw.main.pg_views WHERE false
;
CREATE VIEW pg_index AS
SELECT conindid AS indexrelid, conrelid AS indrelid, CAST(len(conkey) AS SMALLINT) AS indnatts,
       CAST(len(conkey) AS SMALLINT) AS indnkeyatts, true AS indisunique, contype = 'p' AS indisprimary,
       false AS indisexclusion, true AS indimmediate, false AS indisclustered, true AS indisvalid,
       false AS indcheckxmin, true AS indisready, true AS indislive, false AS indisreplident,
       conkey AS indkey, CAST([] AS BIGINT[]) AS indcollation, CAST([] AS BIGINT[]) AS indclass,
       CAST([] AS SMALLINT[]) AS indoption, CAST(NULL AS VARCHAR) AS indexprs, CAST(NULL AS VARCHAR) AS indpred,
       false AS indnullsnotdistinct
FROM evw.main.pg_constraint WHERE contype IN ('p', 'u')
;
CREATE VIEW pg_indexes AS
SELECT '' AS schemaname, '' AS tablename, '' AS indexname, CAST(NULL AS VARCHAR) AS tablespace, '' AS indexdef
WHERE false
;
CREATE VIEW pg_inherits AS SELECT CAST(0 AS BIGINT) AS inhrelid, CAST(0 AS BIGINT) AS inhparent,
       0 AS inhseqno, false AS inhdetachpending WHERE false
;
CREATE VIEW pg_trigger AS SELECT CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS tgrelid, '' AS tgname,
       false AS tgisinternal, CAST(0 AS BIGINT) AS tgparentid, 'O' AS tgenabled WHERE false
;
CREATE VIEW pg_policy AS SELECT CAST(0 AS BIGINT) AS oid, '' AS polname, CAST(0 AS BIGINT) AS polrelid,
       '' AS polcmd, true AS polpermissive, CAST([] AS BIGINT[]) AS polroles, '' AS polqual,
       '' AS polwithcheck WHERE false
;
CREATE VIEW pg_rewrite AS SELECT CAST(0 AS BIGINT) AS oid, '' AS rulename, CAST(0 AS BIGINT) AS ev_class,
       '' AS ev_type, 'O' AS ev_enabled, false AS is_instead WHERE false
;
CREATE VIEW pg_statistic_ext AS SELECT CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS stxrelid,
       '' AS stxname, CAST(0 AS BIGINT) AS stxnamespace, CAST([] AS SMALLINT[]) AS stxkeys,
       -1 AS stxstattarget, CAST([] AS VARCHAR[]) AS stxkind WHERE false
;
CREATE VIEW pg_publication AS SELECT CAST(0 AS BIGINT) AS oid, '' AS pubname, false AS puballtables, false AS pubinsert, false AS pubupdate, false AS pubdelete, false AS pubtruncate, false AS pubviaroot
WHERE false
;
CREATE VIEW pg_publication_rel AS SELECT CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS prpubid,
       CAST(0 AS BIGINT) AS prrelid, CAST(NULL AS VARCHAR) AS prqual, CAST(NULL AS SMALLINT[]) AS prattrs WHERE false
;
CREATE VIEW pg_publication_namespace AS SELECT CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS pnpubid,
       CAST(0 AS BIGINT) AS pnnspid WHERE false
;
CREATE VIEW pg_foreign_table AS SELECT CAST(0 AS BIGINT) AS ftrelid, CAST(0 AS BIGINT) AS ftserver
WHERE false
;
CREATE VIEW pg_partitioned_table AS SELECT CAST(0 AS BIGINT) AS partrelid, '' AS partstrat WHERE false
;
CREATE VIEW pg_enum AS SELECT CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS enumtypid,
       CAST(0 AS REAL) AS enumsortorder, '' AS enumlabel WHERE false
;
CREATE VIEW pg_range AS SELECT CAST(0 AS BIGINT) AS rngtypid, CAST(0 AS BIGINT) AS rngsubtype WHERE false
;
CREATE VIEW pg_extension AS SELECT CAST(0 AS BIGINT) AS oid, '' AS extname, CAST(10 AS BIGINT) AS extowner,
       CAST(11 AS BIGINT) AS extnamespace, '' AS extversion WHERE false
;
CREATE VIEW pg_sequence AS SELECT CAST(0 AS BIGINT) AS seqrelid, CAST(0 AS BIGINT) AS seqtypid,
       CAST(0 AS BIGINT) AS seqstart, CAST(0 AS BIGINT) AS seqincrement, CAST(0 AS BIGINT) AS seqmax,
       CAST(0 AS BIGINT) AS seqmin, CAST(0 AS BIGINT) AS seqcache, false AS seqcycle WHERE false
;
CREATE VIEW pg_proc AS SELECT CAST(0 AS BIGINT) AS oid, '' AS proname, CAST(11 AS BIGINT) AS pronamespace,
       'f' AS prokind, CAST(0 AS BIGINT) AS prorettype, CAST([] AS BIGINT[]) AS proargtypes WHERE false
;
CREATE VIEW pg_tablespace AS SELECT CAST(1663 AS BIGINT) AS oid, 'pg_default' AS spcname,
       CAST(10 AS BIGINT) AS spcowner
;
CREATE VIEW pg_settings AS SELECT * FROM (VALUES @SETTING_VALUES@) s(name, setting)
;
CREATE VIEW pg_stat_user_tables AS SELECT oid AS relid, schema_name AS schemaname, relname,
       CAST(reltuples AS BIGINT) AS n_live_tup FROM evw.main.relations WHERE relkind = 'r'
;
CREATE VIEW pg_stat_activity AS SELECT CAST(1 AS BIGINT) AS datid, current_database() AS datname,
       0 AS pid, 'evw' AS usename, '' AS application_name, 'active' AS state, '' AS query WHERE false
;
CREATE VIEW pg_locks AS SELECT '' AS locktype, CAST(0 AS BIGINT) AS relation, 0 AS pid, '' AS mode,
       true AS granted WHERE false
;
CREATE VIEW information_schema_schemata AS
SELECT current_database() AS catalog_name, nspname AS schema_name, 'evw' AS schema_owner,
       CAST(NULL AS VARCHAR) AS default_character_set_catalog, CAST(NULL AS VARCHAR) AS default_character_set_schema,
       CAST(NULL AS VARCHAR) AS default_character_set_name, CAST(NULL AS VARCHAR) AS sql_path
FROM evw.main.pg_namespace
;
CREATE VIEW information_schema_tables AS
SELECT current_database() AS table_catalog, schema_name AS table_schema, relname AS table_name,
       CASE relkind WHEN 'v' THEN 'VIEW' ELSE 'BASE TABLE' END AS table_type,
       CAST(NULL AS VARCHAR) AS self_referencing_column_name, CAST(NULL AS VARCHAR) AS reference_generation,
       CAST(NULL AS VARCHAR) AS user_defined_type_catalog, CAST(NULL AS VARCHAR) AS user_defined_type_schema,
       CAST(NULL AS VARCHAR) AS user_defined_type_name, 'NO' AS is_insertable_into, 'NO' AS is_typed,
       CAST(NULL AS VARCHAR) AS commit_action
FROM evw.main.relations
;
CREATE VIEW information_schema_columns AS
SELECT current_database() AS table_catalog, c.schema_name AS table_schema, c.table_name,
       c.column_name, c.column_index AS ordinal_position, c.column_default,
       CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable,
       CASE WHEN c.data_type LIKE '%[]' THEN 'ARRAY'
            ELSE regexp_replace(evw.main.format_type(evw.main.pg_type_oid(c.data_type), -1), '\[\]$', '') END AS data_type,
       CAST(NULL AS INTEGER) AS character_maximum_length, CAST(NULL AS INTEGER) AS character_octet_length,
       c.numeric_precision, c.numeric_precision_radix, c.numeric_scale,
       CASE WHEN c.data_type LIKE 'TIMESTAMP%' THEN 6 END AS datetime_precision,
       CAST(NULL AS VARCHAR) AS interval_type, CAST(NULL AS INTEGER) AS interval_precision,
       CAST(NULL AS VARCHAR) AS character_set_catalog, CAST(NULL AS VARCHAR) AS character_set_schema,
       CAST(NULL AS VARCHAR) AS character_set_name, CAST(NULL AS VARCHAR) AS collation_catalog,
       CAST(NULL AS VARCHAR) AS collation_schema, CAST(NULL AS VARCHAR) AS collation_name,
       CAST(NULL AS VARCHAR) AS domain_catalog, CAST(NULL AS VARCHAR) AS domain_schema,
       CAST(NULL AS VARCHAR) AS domain_name, 'pg_catalog' AS udt_catalog, 'pg_catalog' AS udt_schema,
       (SELECT t.typname FROM evw.main.pg_type t WHERE t.oid = evw.main.pg_type_oid(c.data_type)) AS udt_name,
       CAST(NULL AS VARCHAR) AS scope_catalog, CAST(NULL AS VARCHAR) AS scope_schema,
       CAST(NULL AS VARCHAR) AS scope_name, CAST(NULL AS INTEGER) AS maximum_cardinality,
       CAST(c.column_index AS VARCHAR) AS dtd_identifier, 'NO' AS is_self_referencing, 'NO' AS is_identity,
       CAST(NULL AS VARCHAR) AS identity_generation, 'NEVER' AS is_generated,
       CAST(NULL AS VARCHAR) AS generation_expression, 'NO' AS is_updatable
FROM duckdb_columns() c WHERE c.database_name = current_database()
;
CREATE VIEW information_schema_views AS
SELECT current_database() AS table_catalog, schema_name AS table_schema, relname AS table_name,
       definition AS view_definition, 'NONE' AS check_option, 'NO' AS is_updatable, 'NO' AS is_insertable_into
FROM evw.main.relations WHERE relkind = 'v'
;
CREATE MACRO version() AS @VERSION@
;
CREATE MACRO current_setting(setting_name) AS COALESCE(@SETTING_CASE@, ''),
  (setting_name, missing_ok) AS @SETTING_CASE@
;
CREATE MACRO pg_get_expr(expr, relid) AS expr, (expr, relid, pretty) AS expr
;
CREATE MACRO pg_get_userbyid(id) AS 'evw'
;
CREATE MACRO pg_table_is_visible(id) AS true
;
CREATE MACRO pg_type_is_visible(id) AS true
;
CREATE MACRO pg_function_is_visible(id) AS true
;
CREATE MACRO pg_encoding_to_char(id) AS 'UTF8'
;
CREATE MACRO obj_description(id) AS (SELECT comment FROM evw.main.relations r WHERE r.oid = id),
  (id, cat) AS (SELECT comment FROM evw.main.relations r WHERE r.oid = id)
;
CREATE MACRO col_description(relid, num) AS (SELECT c.comment FROM duckdb_columns() c
  WHERE c.database_name = current_database() AND c.table_oid = relid AND c.column_index = num)
;
CREATE MACRO shobj_description(id, cat) AS CAST(NULL AS VARCHAR)
;
CREATE MACRO pg_get_constraintdef(id) AS (SELECT condef FROM evw.main.pg_constraint k WHERE k.oid = id),
  (id, pretty) AS (SELECT condef FROM evw.main.pg_constraint k WHERE k.oid = id)
;
CREATE MACRO pg_get_indexdef(id) AS '', (id, col, pretty) AS ''
;
CREATE MACRO pg_get_viewdef(id) AS (SELECT definition FROM evw.main.relations r WHERE r.oid = id),
  (id, pretty) AS (SELECT definition FROM evw.main.relations r WHERE r.oid = id)
;
CREATE MACRO pg_get_partkeydef(id) AS CAST(NULL AS VARCHAR)
;
CREATE MACRO pg_get_statisticsobjdef_columns(id) AS CAST(NULL AS VARCHAR)
;
CREATE MACRO has_table_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_schema_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_database_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_column_privilege(a, b, c) AS true, (a, b, c, d) AS true
;
CREATE MACRO has_any_column_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO pg_has_role(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO current_schemas(implicit) AS
  CASE WHEN implicit THEN ['pg_catalog', 'main'] ELSE ['main'] END
;
CREATE MACRO pg_relation_size(id) AS CAST(0 AS BIGINT), (id, fork) AS CAST(0 AS BIGINT)
;
CREATE MACRO pg_total_relation_size(id) AS CAST(0 AS BIGINT)
;
CREATE MACRO pg_table_size(id) AS CAST(0 AS BIGINT)
;
CREATE MACRO pg_size_pretty(n) AS format_bytes(CAST(n AS BIGINT))
;
CREATE MACRO pg_is_in_recovery() AS false
;
CREATE MACRO pg_postmaster_start_time() AS CAST(TIMESTAMPTZ '2000-01-01 00:00:00+00' AS TIMESTAMPTZ)
;
CREATE MACRO txid_current() AS CAST(1 AS BIGINT)
;
CREATE MACRO inet_server_addr() AS '127.0.0.1'
;
CREATE MACRO inet_server_port() AS 0
;
CREATE MACRO quote_ident(s) AS CASE WHEN regexp_matches(s, '^[a-z_][a-z0-9_]*$') THEN s
  ELSE '"' || replace(s, '"', '""') || '"' END
;
CREATE MACRO regclass_oid(name) AS (SELECT r.oid FROM evw.main.relations r
  WHERE r.relname = name OR (r.schema_name || '.' || r.relname) = name OR CAST(r.oid AS VARCHAR) = name LIMIT 1)
;
CREATE MACRO regtype_oid(name) AS (SELECT t.oid FROM evw.main.pg_type t WHERE t.typname = name
  OR evw.main.format_type(t.oid, -1) = name OR CAST(t.oid AS VARCHAR) = name LIMIT 1)
;
CREATE MACRO array_lower(a, d) AS CASE WHEN len(a) > 0 THEN 1 END
;
CREATE MACRO array_upper(a, d) AS CASE WHEN len(a) > 0 THEN len(a) END
;
CREATE MACRO pg_get_serial_sequence(t, c) AS CAST(NULL AS VARCHAR)
;
CREATE MACRO pg_get_function_identity_arguments(id) AS ''
;
CREATE MACRO pg_get_function_result(id) AS ''

;
CREATE MACRO pg_relation_is_publishable(id) AS false
;
CREATE MACRO pg_get_ruledef(id) AS '', (id, pretty) AS ''
;
CREATE MACRO pg_get_triggerdef(id) AS '', (id, pretty) AS ''
;
CREATE MACRO to_regtype(name) AS evw.main.regtype_oid(name)
;
CREATE MACRO to_regclass(name) AS evw.main.regclass_oid(name)
;
CREATE MACRO pg_collation_is_visible(id) AS true
;
CREATE MACRO pg_get_function_arguments(id) AS ''
