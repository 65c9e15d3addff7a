-- top_dyads: country pairs ranked by how much they were reported on (mentions, then events).
-- Filter `WHERE dyad_rank <= 20` for a top-20 list.
-- grain: one row per actor1_country_code × actor2_country_code (both countries known)
-- materialized: table
SELECT
    row_number() OVER (
        ORDER BY sum(num_mentions) DESC, count(*) DESC, actor1_country_code, actor2_country_code
    )::INTEGER AS dyad_rank,
    actor1_country_code,
    actor2_country_code,
    count(*)::INTEGER AS events,
    sum(num_mentions)::BIGINT AS mentions,
    (count(*) FILTER (WHERE quad_class IN (1, 2)))::DOUBLE / count(*) AS cooperation_share,
    sum(goldstein_scale * num_mentions) / sum(num_mentions) AS goldstein_weighted_mean,
    min(day) AS first_day,
    max(day) AS last_day
FROM events
WHERE actor1_country_code IS NOT NULL AND actor2_country_code IS NOT NULL
GROUP BY actor1_country_code, actor2_country_code
ORDER BY dyad_rank
