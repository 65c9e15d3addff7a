-- events: GDELT 2.0-style events aggregated from stg_event_mentions. "First" means the earliest
-- published article, then article id, sentence and offset (deterministic). A mention in sentence 0
-- or 1 (the headline or the lead sentence) makes the event a root event. The place is that of the
-- first mention naming one, else the first mention's (the actors' country, flagged as fallback).
-- grain: one row per day × actor1_code × actor2_code × event_code × action_geo_country_code (event_id)
-- materialized: incremental (the load deletes and re-inserts the days it touched, listed in load_days)
WITH m AS (
    SELECT event_id, mention_id, article_id, sentence_index, confidence, coder_version, action_geo_is_fallback,
           source_name, ingested_at, article_group_id, first_seen_key
    FROM stg_event_mentions
    WHERE event_date IN (SELECT day FROM load_days)
), agg AS (
    SELECT
        event_id,
        arg_min(mention_id, first_seen_key) AS first_mention_id,
        arg_min(mention_id, struct_pack(fb := coalesce(action_geo_is_fallback, true), k := first_seen_key))
            AS geo_mention_id,
        bool_or(sentence_index <= 1) AS is_root_event,
        count(*) AS num_mentions,
        avg(confidence) AS avg_confidence,
        min(ingested_at) AS date_added,
        max(coder_version) AS coder_version
    FROM m
    GROUP BY event_id
), outlets AS (
    SELECT event_id, count(*) AS num_sources
    FROM (SELECT DISTINCT event_id, coalesce(source_name, 'article:' || article_id) FROM m)
    GROUP BY event_id
), stories AS (
    SELECT event_id, count(*) AS num_articles
    FROM (SELECT DISTINCT event_id, article_group_id FROM m)
    GROUP BY event_id
), grouped AS (
    SELECT
        agg.*,
        outlets.num_sources,
        stories.num_articles,
        f.event_date,
        f.actor1_code,
        f.actor2_code,
        f.event_code,
        f.action_geo_country_code,
        coalesce(fa.url, fa.canonical_url) AS article_url,
        struct_pack(
            f.actor1_name, f.actor1_country_code, f.actor1_known_group_code, f.actor1_type1_code,
            f.actor2_name, f.actor2_country_code, f.actor2_known_group_code, f.actor2_type1_code,
            f.event_base_code, f.event_root_code, f.quad_class, f.goldstein_scale, f.mention_id
        ) AS f,
        struct_pack(
            g.action_geo_type, g.action_geo_fullname, g.action_geo_lat, g.action_geo_long, g.action_geo_feature_id,
            g.action_geo_is_fallback
        ) AS g
    FROM agg
    JOIN outlets USING (event_id)
    JOIN stories USING (event_id)
    JOIN event_mentions AS f ON f.mention_id = agg.first_mention_id
    LEFT JOIN articles AS fa ON fa.article_id = f.article_id
    JOIN event_mentions AS g ON g.mention_id = agg.geo_mention_id
)
SELECT
    ('0x' || substr(event_id, 1, 15))::BIGINT AS global_event_id,
    event_date AS day,
    (year(event_date) * 100 + month(event_date))::INTEGER AS month_year,
    year(event_date)::INTEGER AS year,
    year(event_date) + (month(event_date) * 30 + day(event_date)) / 365.0 AS fraction_date,
    actor1_code,
    f.actor1_name,
    f.actor1_country_code,
    f.actor1_known_group_code,
    NULL AS actor1_ethnic_code,
    NULL AS actor1_religion1_code,
    NULL AS actor1_religion2_code,
    f.actor1_type1_code,
    NULL AS actor1_type2_code,
    NULL AS actor1_type3_code,
    actor2_code,
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
    event_code,
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
    action_geo_country_code,
    NULL AS action_geo_adm1_code,
    NULL AS action_geo_adm2_code,
    g.action_geo_lat,
    g.action_geo_long,
    g.action_geo_feature_id,
    coalesce(date_added, event_date::TIMESTAMPTZ) AS date_added,
    article_url AS source_url,
    event_id,
    avg_confidence,
    g.action_geo_is_fallback,
    first_mention_id,
    coder_version
FROM grouped
