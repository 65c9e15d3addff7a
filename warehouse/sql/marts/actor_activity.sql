-- actor_activity: how active each coded actor (full CAMEO code) was each month, as source and target.
-- grain: one row per month × actor_code
-- materialized: table
-- period: month month
WITH sides AS (
    SELECT day, actor1_code AS actor_code, actor1_country_code AS country_code, num_mentions,
           goldstein_scale, 1 AS as_actor1, 0 AS as_actor2
    FROM events WHERE actor1_code IS NOT NULL
    UNION ALL
    SELECT day, actor2_code AS actor_code, actor2_country_code AS country_code, num_mentions,
           goldstein_scale, 0 AS as_actor1, 1 AS as_actor2
    FROM events WHERE actor2_code IS NOT NULL
)
SELECT
    date_trunc('month', day)::DATE AS month,
    actor_code,
    min(country_code) AS country_code,
    sum(as_actor1)::INTEGER AS events_as_actor1,
    sum(as_actor2)::INTEGER AS events_as_actor2,
    sum(num_mentions)::BIGINT AS mentions,
    sum(goldstein_scale * num_mentions) / sum(num_mentions) AS goldstein_weighted_mean,
    min(day) AS first_day,
    max(day) AS last_day
FROM sides
GROUP BY 1, actor_code
ORDER BY 1, actor_code
