-- daily_dyad_counts: how often, and how cooperatively, each country pair interacted each day.
-- Goldstein mean is weighted by mentions (an event reported ten times weighs ten times as much).
-- grain: one row per day × actor1_country_code × actor2_country_code (both countries known)
-- materialized: table
-- period: day day
SELECT
    day,
    actor1_country_code,
    actor2_country_code,
    count(*)::INTEGER AS events,
    (count(*) FILTER (WHERE quad_class = 1))::INTEGER AS verbal_coop_events,
    (count(*) FILTER (WHERE quad_class = 2))::INTEGER AS material_coop_events,
    (count(*) FILTER (WHERE quad_class = 3))::INTEGER AS verbal_conflict_events,
    (count(*) FILTER (WHERE quad_class = 4))::INTEGER AS material_conflict_events,
    sum(num_mentions)::BIGINT AS mentions,
    sum(goldstein_scale * num_mentions) / sum(num_mentions) AS goldstein_weighted_mean
FROM events
WHERE actor1_country_code IS NOT NULL AND actor2_country_code IS NOT NULL
GROUP BY day, actor1_country_code, actor2_country_code
ORDER BY day, actor1_country_code, actor2_country_code
