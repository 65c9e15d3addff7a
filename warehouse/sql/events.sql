-- events: GDELT 2.0-style events. The load aggregates each batch of days into event_groups (counts
-- and the row ids of each event's first mention and place mention, see event_groups.sql), then this
-- model fetches those two mentions' fields by row id ($first_day and $last_day bound the batch). A
-- mention in sentence 0 or 1 (the headline or the lead sentence) makes the event a root event. The
-- place is that of the first mention naming one, else the first mention's (the actors' country,
-- flagged as fallback).
-- grain: one row per day × actor1_code × actor2_code × event_code × action_geo_country_code (event_id)
-- materialized: incremental (the load deletes the days it touched, listed in load_days, and
-- re-inserts them batch by batch)
WITH grouped AS (
    SELECT e.* EXCLUDE (first_ref, geo_ref),
        struct_pack(f.event_date, f.actor1_code, f.actor2_code, f.event_code, f.action_geo_country_code,
            article_url := coalesce(fa.url, fa.canonical_url),
            f.actor1_name, f.actor1_country_code, f.actor1_known_group_code, f.actor1_type1_code,
            f.actor2_name, f.actor2_country_code, f.actor2_known_group_code, f.actor2_type1_code,
            f.event_base_code, f.event_root_code, f.quad_class, f.goldstein_scale, f.mention_id) AS f,
        struct_pack(g.action_geo_type, g.action_geo_fullname, g.action_geo_lat, g.action_geo_long,
            g.action_geo_feature_id, g.action_geo_is_fallback) AS g
    FROM event_groups AS e
    -- the date bounds (the batch's first and last day, bound by the load) change no result: they let
    -- the scans skip the row groups of other days. An article whose date differs from its mentions'
    -- fails the event_date_is_article_date data test, so such a load is never committed.
    JOIN event_mentions AS f ON f.rowid = e.first_ref AND f.event_date BETWEEN $first_day AND $last_day
    LEFT JOIN articles AS fa
        ON fa.article_id = f.article_id AND fa.published_date BETWEEN $first_day AND $last_day
    JOIN event_mentions AS g ON g.rowid = e.geo_ref AND g.event_date BETWEEN $first_day AND $last_day
)
SELECT
    ('0x' || substr(event_id, 1, 15))::BIGINT AS global_event_id,
    f.event_date AS day,
    (year(f.event_date) * 100 + month(f.event_date))::INTEGER AS month_year,
    year(f.event_date)::INTEGER AS year,
    year(f.event_date) + (month(f.event_date) * 30 + day(f.event_date)) / 365.0 AS fraction_date,
    f.actor1_code,
    f.actor1_name,
    f.actor1_country_code,
    f.actor1_known_group_code,
    NULL AS actor1_ethnic_code,
    NULL AS actor1_religion1_code,
    NULL AS actor1_religion2_code,
    f.actor1_type1_code,
    NULL AS actor1_type2_code,
    NULL AS actor1_type3_code,
    f.actor2_code,
    f.actor2_name,
    f.actor2_country_code,
    f.actor2_known_group_code,
    NULL AS actor2_ethnic_code,
    NULL AS actor2_religion1_code,
    NULL AS actor2_religion2_code,
    f.actor2_type1_code,
    NULL AS actor2_type2_code,
    NULL AS actor2_type3_code,
    is_root_event,
    f.event_code,
    f.event_base_code,
    f.event_root_code,
    f.quad_class,
    f.goldstein_scale,
    num_mentions::INTEGER AS num_mentions,
    num_sources::INTEGER AS num_sources,
    num_articles::INTEGER AS num_articles,
    NULL AS avg_tone,
    NULL AS actor1_geo_type,
    NULL AS actor1_geo_fullname,
    NULL AS actor1_geo_country_code,
    NULL AS actor1_geo_adm1_code,
    NULL AS actor1_geo_adm2_code,
    NULL AS actor1_geo_lat,
    NULL AS actor1_geo_long,
    NULL AS actor1_geo_feature_id,
    NULL AS actor2_geo_type,
    NULL AS actor2_geo_fullname,
    NULL AS actor2_geo_country_code,
    NULL AS actor2_geo_adm1_code,
    NULL AS actor2_geo_adm2_code,
    NULL AS actor2_geo_lat,
    NULL AS actor2_geo_long,
    NULL AS actor2_geo_feature_id,
    g.action_geo_type,
    g.action_geo_fullname,
    f.action_geo_country_code,
    NULL AS action_geo_adm1_code,
    NULL AS action_geo_adm2_code,
    g.action_geo_lat,
    g.action_geo_long,
    g.action_geo_feature_id,
    coalesce(date_added, f.event_date::TIMESTAMPTZ) AS date_added,
    f.article_url AS source_url,
    event_id,
    avg_confidence,
    g.action_geo_is_fallback,
    f.mention_id AS first_mention_id,
    coder_version
FROM grouped
