-- event_groups: one batch of days of events, aggregated from stg_event_mentions in one pass: the
-- counts, and the row ids of the first mention and of the place mention. "First" is the earliest
-- published article, then article id, sentence and offset, then mention id (`first_seen_key`,
-- unique per mention, so arg_min has no ties); the place mention is the first mention naming a
-- place, else the first. The load builds it as a temporary table for each batch of days (listed in
-- build_days) and then the `events` model fetches the chosen mentions' fields.
-- grain: one row per event_id of the days in build_days
-- materialized: incremental (a temporary table per batch of days, built by the load)
SELECT
    event_id,
    arg_min(mention_rowid, create_sort_key(first_seen_key, 'ASC NULLS LAST')) AS first_ref,
    arg_min(
        mention_rowid,
        create_sort_key(coalesce(action_geo_is_fallback, true), 'ASC NULLS LAST', first_seen_key, 'ASC NULLS LAST')
    ) AS geo_ref,
    bool_or(sentence_index <= 1) AS is_root_event,
    count(*) AS num_mentions,
    count(DISTINCT coalesce(source_name, 'article:' || article_id)) AS num_sources,
    count(DISTINCT article_group_id) AS num_articles,
    avg(confidence) AS avg_confidence,
    min(ingested_at) AS date_added,
    max(coder_version) AS coder_version
FROM stg_event_mentions
WHERE event_date IN (SELECT day FROM build_days)
GROUP BY event_id
