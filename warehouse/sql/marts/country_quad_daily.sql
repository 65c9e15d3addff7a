-- country_quad_daily: each country's daily activity by CAMEO quad class, as source and as target.
-- An event between two actors of the same country counts on both sides.
-- grain: one row per day × country_code × quad_class
-- materialized: table
-- period: day day
WITH sides AS (
    SELECT day, actor1_country_code AS country_code, quad_class, num_mentions, goldstein_scale,
           1 AS as_actor1, 0 AS as_actor2
    FROM events WHERE actor1_country_code IS NOT NULL
    UNION ALL
    SELECT day, actor2_country_code AS country_code, quad_class, num_mentions, goldstein_scale,
           0 AS as_actor1, 1 AS as_actor2
    FROM events WHERE actor2_country_code IS NOT NULL
)
SELECT
    day,
    country_code,
    quad_class,
    sum(as_actor1)::INTEGER AS events_as_actor1,
    sum(as_actor2)::INTEGER AS events_as_actor2,
    sum(num_mentions)::BIGINT AS mentions,
    sum(goldstein_scale * num_mentions) / sum(num_mentions) AS goldstein_weighted_mean
FROM sides
GROUP BY day, country_code, quad_class
ORDER BY day, country_code, quad_class
