-- monthly_dyad_goldstein: the monthly cooperation-conflict temperature of each country pair.
-- grain: one row per month × actor1_country_code × actor2_country_code (both countries known)
-- materialized: table
-- period: month month
SELECT
    date_trunc('month', day)::DATE AS month,
    actor1_country_code,
    actor2_country_code,
    count(*)::INTEGER AS events,
    sum(num_mentions)::BIGINT AS mentions,
    sum(goldstein_scale * num_mentions) / sum(num_mentions) AS goldstein_weighted_mean,
    avg(goldstein_scale) AS goldstein_mean,
    min(goldstein_scale) AS goldstein_min,
    max(goldstein_scale) AS goldstein_max
FROM events
WHERE actor1_country_code IS NOT NULL AND actor2_country_code IS NOT NULL
GROUP BY 1, actor1_country_code, actor2_country_code
ORDER BY 1, actor1_country_code, actor2_country_code
